"""Reading a spreadsheet (CSV or XLSX) into header and rows of cell values; pure, no database.

Vietnamese offices save CSV as UTF-8 with a BOM (Excel's "CSV UTF-8") or as Windows-1258 (Excel's
"CSV" on a Vietnamese Windows), which writes tones as combining marks: both are read, and every
value is NFC-normalised. Formulas are refused rather than evaluated: the importer never runs what a
cell computes, and a formula's cached result may be stale.
"""

import csv
import io
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from django.utils.translation import gettext as _

# A larger file is nearly always a mistake (a whole database dump, an embedded image sheet) and would
# be held in memory during the preview; curators split it into batches.
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
DEFAULT_MAX_ROWS = 20_000


class FileProblem(Exception):
    """The file as a whole cannot be read; the message is for the curator."""


@dataclass
class Table:
    headers: list
    rows: list  # list of (row number as the curator sees it, list of cell values)
    encoding: str = ""
    notes: list = field(default_factory=list)
    formulas: list = field(default_factory=list)  # (row number, column index, formula)


def _nfc(value):
    if isinstance(value, str):
        value = unicodedata.normalize("NFC", value)
    return value


def decode_csv_bytes(data):
    """(text, encoding name): UTF-8 (with or without BOM), else Windows-1258."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "UTF-8 (BOM)"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "UTF-16"
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1258"), "Windows-1258"
    except UnicodeDecodeError as error:
        raise FileProblem(
            _("The file is neither UTF-8 nor Windows-1258 text (byte %(position)s). Save it as “CSV UTF-8”.")
            % {"position": error.start}
        ) from None


def _sniff_dialect(text):
    sample = text[:20000]
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        return csv.excel


def read_csv(data, *, max_rows=DEFAULT_MAX_ROWS):
    text, encoding = decode_csv_bytes(data)
    reader = csv.reader(io.StringIO(text, newline=""), _sniff_dialect(text))
    table = Table(headers=[], rows=[], encoding=encoding)
    if encoding == "Windows-1258":
        table.notes.append(_("The file was read as Windows-1258 and converted to Unicode."))
    try:
        for line_number, cells in enumerate(reader, start=1):
            cells = [_nfc(cell) for cell in cells]
            if not table.headers:
                table.headers = [cell.strip() for cell in cells]
                continue
            if not any(cell.strip() for cell in cells):
                continue
            if len(table.rows) >= max_rows:
                raise FileProblem(_too_many_rows(max_rows))
            for index, cell in enumerate(cells):
                if cell.startswith("="):
                    table.formulas.append((line_number, index, cell))
            table.rows.append((line_number, cells))
    except csv.Error as error:
        raise FileProblem(_("The CSV file is malformed: %(error)s") % {"error": error}) from None
    return table


def _xlsx_value(cell):
    value = cell.value
    if isinstance(value, datetime):
        return value.date() if value.time() == datetime.min.time() else value
    return _nfc(value)


def read_xlsx(data, *, max_rows=DEFAULT_MAX_ROWS):
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        # read_only streams the sheet; data_only=False so that formulas are seen as formulas.
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (InvalidFileException, KeyError, OSError, ValueError) as error:
        raise FileProblem(
            _("This is not a readable Excel (.xlsx) file: %(error)s") % {"error": error}
        ) from None
    sheet = book.worksheets[0]
    table = Table(headers=[], rows=[], encoding="XLSX")
    for line_number, cells in enumerate(sheet.rows, start=1):
        values = [_xlsx_value(cell) for cell in cells]
        if not table.headers:
            table.headers = ["" if v is None else str(v).strip() for v in values]
            continue
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
            continue
        if len(table.rows) >= max_rows:
            book.close()
            raise FileProblem(_too_many_rows(max_rows))
        for index, cell in enumerate(cells):
            if getattr(cell, "data_type", None) == "f" or (
                isinstance(cell.value, str) and cell.value.startswith("=")
            ):
                table.formulas.append((line_number, index, str(cell.value)))
        table.rows.append((line_number, values))
    book.close()
    return table


def _too_many_rows(max_rows):
    return _("The file has more than %(max)s rows; split it into smaller files.") % {"max": max_rows}


def read_table(path_or_bytes, *, name=None, max_bytes=DEFAULT_MAX_BYTES, max_rows=DEFAULT_MAX_ROWS):
    """Read a .csv or .xlsx file (path, or bytes with its ``name``) into a Table; raise FileProblem."""
    if isinstance(path_or_bytes, (str, Path)):
        path = Path(path_or_bytes)
        name = name or path.name
        if not path.is_file():
            raise FileProblem(_("No such file: %(name)s") % {"name": path})
        size = path.stat().st_size
        if size > max_bytes:
            raise FileProblem(_file_too_large(size, max_bytes))
        data = path.read_bytes()
    else:
        data = path_or_bytes
        if len(data) > max_bytes:
            raise FileProblem(_file_too_large(len(data), max_bytes))
    suffix = Path(name or "").suffix.lower()
    if suffix == ".xlsx" or data[:4] == b"PK\x03\x04":
        table = read_xlsx(data, max_rows=max_rows)
    elif suffix in (".csv", ".txt", ""):
        table = read_csv(data, max_rows=max_rows)
    else:
        raise FileProblem(
            _("Only .csv and .xlsx files can be imported, not %(suffix)s.") % {"suffix": suffix}
        )
    if not any(table.headers):
        raise FileProblem(_("The file is empty: the first row must hold the column names."))
    return table


def _file_too_large(size, max_bytes):
    return _(
        "The file is %(size)s MB; at most %(max)s MB can be imported at once. Split it into smaller files."
    ) % {
        "size": round(size / 1024 / 1024, 1),
        "max": round(max_bytes / 1024 / 1024),
    }


def header_key(text):
    """A header folded for matching: NFC, case-folded, tones removed, đ → d, spaces collapsed."""
    text = unicodedata.normalize("NFC", str(text or "")).replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.casefold().replace("*", " ").split())


def cell_is_empty(value):
    return value is None or (isinstance(value, str) and not value.strip())
