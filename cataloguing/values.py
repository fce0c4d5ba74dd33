"""Parsing and formatting of cell values; pure functions (no database).

``parse_cell`` turns what a curator typed (or Excel stored) into the value the model holds, or raises
CellError with a sentence for the curator. ``format_value`` is its inverse, used by the exporter, so
that an exported file imports back to the same values.
"""

import re
import unicodedata
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from . import columns as c
from .tables import header_key

LIST_SEPARATOR = re.compile(r"\s*[;\n]\s*")
TRUE_WORDS = {"co", "x", "yes", "y", "true", "1", "dung"}
FALSE_WORDS = {"khong", "no", "n", "false", "0", "sai"}
# Spreadsheet programs run cells that start with these; the exporter escapes them with a quote.
FORMULA_STARTS = ("=", "+", "-", "@")


class CellError(ValueError):
    pass


def clean_text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = unicodedata.normalize("NFC", str(value)).strip()
    if text.startswith("'") and text[1:2] in FORMULA_STARTS:
        text = text[1:]
    return text.replace("\r\n", "\n")


def split_list(value):
    return [part for part in LIST_SEPARATOR.split(clean_text(value)) if part]


def parse_integer(value):
    if isinstance(value, bool):
        raise CellError(_("Expected a whole number."))
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = clean_text(value).replace(" ", "")
    if re.fullmatch(r"[+-]?\d+(\.0+)?", text):
        return int(text.split(".")[0])
    raise CellError(_("“%(value)s” is not a whole number.") % {"value": clean_text(value)})


def parse_decimal(value):
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return Decimal(str(value)).normalize()
    text = clean_text(value).replace(" ", "").replace("\u00a0", "")
    if "," in text and "." not in text:
        text = text.replace(",", ".")  # Vietnamese decimal comma: 420,5
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise CellError(_("“%(value)s” is not a number.") % {"value": clean_text(value)}) from None
    if not number.is_finite():
        raise CellError(_("“%(value)s” is not a number.") % {"value": clean_text(value)})
    return number.normalize()


def parse_date(value):
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = clean_text(value)
    for pattern, order in (
        (r"(\d{4})-(\d{1,2})-(\d{1,2})", "ymd"),
        (r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})", "dmy"),
    ):
        match = re.fullmatch(pattern, text)
        if match:
            numbers = [int(g) for g in match.groups()]
            year, month, day = numbers if order == "ymd" else numbers[::-1]
            try:
                return date(year, month, day)
            except ValueError:
                break
    raise CellError(_("“%(value)s” is not a date; write it as 2009-08-21 or 21/08/2009.") % {"value": text})


def parse_boolean(value):
    if isinstance(value, bool):
        return value
    word = header_key(clean_text(value))
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise CellError(_("“%(value)s” is not yes or no (có / không).") % {"value": clean_text(value)})


def choice_lookup(choices):
    """{folded value or label (vi and en): value} for a column's choices."""
    from django.utils import translation

    table = {}
    for value, label in choices:
        table[header_key(value)] = value
        for language in ("en", "vi"):
            with translation.override(language):
                table.setdefault(header_key(str(label)), value)
    return table


def parse_choice(value, column):
    text = clean_text(value)
    found = choice_lookup(column.choices).get(header_key(text))
    if found is None:
        raise CellError(
            _("“%(value)s” is not one of the allowed values (%(allowed)s).")
            % {"value": text, "allowed": ", ".join(str(v) for v, _label in column.choices)}
        )
    return found


def parse_cell(column, value):
    """The Python value of one cell for ``column``; TERM/RECORD/IMAGES stay as text for the caller
    to resolve against the database. An empty cell gives the field's empty value."""
    kind = column.kind
    empty = value is None or (isinstance(value, str) and not value.strip())
    if empty:
        if column.required:
            raise CellError(_("This column is required."))
        return {c.TERMS: [], c.RECORDS: [], c.IMAGES: [], c.BOOLEAN: False}.get(
            kind, None if kind in (c.INTEGER, c.DECIMAL, c.DATE, c.TERM, c.RECORD) else ""
        )
    if kind == c.INTEGER:
        return parse_integer(value)
    if kind == c.DECIMAL:
        return parse_decimal(value)
    if kind == c.DATE:
        return parse_date(value)
    if kind == c.BOOLEAN:
        return parse_boolean(value)
    if kind == c.CHOICE:
        return parse_choice(value, column)
    if kind in (c.TERMS, c.RECORDS, c.IMAGES):
        return split_list(value)
    if kind == c.RECORD:
        return clean_text(value).upper()
    return clean_text(value)


def escape_formula(text):
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def format_value(column, value, language="vi"):
    """The cell text the exporter writes for a value (already resolved to labels/identifiers)."""
    kind = column.kind
    if value is None:
        return ""
    if kind in (c.TERMS, c.RECORDS, c.IMAGES):
        return "; ".join(value)
    if kind == c.DECIMAL:
        return f"{Decimal(value).normalize():f}"
    if kind == c.DATE:
        return value.isoformat()
    if kind == c.BOOLEAN:
        return ("có" if value else "không") if language == "vi" else ("yes" if value else "no")
    if kind == c.INTEGER:
        return str(value)
    return escape_formula(str(value))
