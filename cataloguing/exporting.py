"""Export of records in the import format: an exported file imports back without changing anything.

Values are those of each record's latest revision (what the curator sees in the admin), terms by
their label and sites by identifier, images by their IIIF identifier.
"""

import csv
import io

from django.utils import translation

from . import columns as c
from .comparing import record_image_ids
from .values import format_value

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _label(term, language):
    if term is None:
        return ""
    return (term.label_en if language == "en" and term.label_en else term.label_vi) or term.key


def _choice_label(col, value, language):
    with translation.override(language):
        return next((str(label) for key, label in col.choices if key == value), value or "")


def record_row(page, rt, language, image_ids):
    if page.has_unpublished_changes and page.latest_revision_id:
        page = page.get_latest_revision_as_object()
    row = []
    for col in rt.columns:
        if col.kind == c.TERM:
            value = _label(getattr(page, col.key), language)
        elif col.kind == c.TERMS:
            value = sorted(_label(term, language) for term in getattr(page, col.key).all())
        elif col.kind == c.RECORD:
            target = getattr(page, col.key)
            value = target.identifier if target else ""
        elif col.kind == c.RECORDS:
            value = sorted(site.identifier for site in getattr(page, col.key).all())
        elif col.kind == c.IMAGES:
            value = [image_ids[pk] for pk in record_image_ids(page, rt) if pk in image_ids]
        elif col.kind == c.CHOICE:
            value = _choice_label(col, getattr(page, col.key), language)
        else:
            value = getattr(page, col.key)
        row.append(format_value(col, value, language))
    return row


def export_rows(queryset, rt, language="vi"):
    """Header row, then one row per record (ordered by identifier)."""
    from images.models import HeritageImage

    image_ids = dict(HeritageImage.objects.values_list("pk", "iiif_identifier"))
    yield [col.header(language) for col in rt.columns]
    pages = queryset.order_by("identifier", "pk")
    for page in pages.iterator(chunk_size=500) if hasattr(pages, "iterator") else pages:
        yield record_row(page, rt, language, image_ids)


def write_csv(rows, stream):
    """UTF-8 with a BOM, as Excel expects to open Vietnamese text correctly."""
    stream.write("\ufeff")
    writer = csv.writer(stream, lineterminator="\r\n")
    for row in rows:
        writer.writerow(row)


def write_xlsx(rows, target, sheet_title="Records"):
    import openpyxl
    from openpyxl.cell.cell import TYPE_STRING

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet(sheet_title[:31])
    for row in rows:
        cells = []
        for value in row:
            cell = openpyxl.cell.WriteOnlyCell(sheet, value=value)
            cell.data_type = TYPE_STRING  # never a formula, even when the text starts with "="
            cells.append(cell)
        sheet.append(cells)
    book.save(target)


def export_bytes(queryset, rt, fmt="xlsx", language="vi"):
    rows = export_rows(queryset, rt, language)
    if fmt == "csv":
        stream = io.StringIO(newline="")
        write_csv(rows, stream)
        return stream.getvalue().encode("utf-8")
    buffer = io.BytesIO()
    write_xlsx(rows, buffer, rt.en)
    return buffer.getvalue()


def records_of_type(rt, locale="vi"):
    return rt.model.objects.filter(locale__language_code=locale)
