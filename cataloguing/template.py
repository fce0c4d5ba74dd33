"""The downloadable template of a record type: a sheet to fill, and a sheet documenting each column."""

import io

from django.utils import translation
from django.utils.translation import gettext as _

from . import columns as c


def _allowed(col, language):
    if col.kind == c.CHOICE:
        with translation.override(language):
            return "; ".join(f"{value} = {label}" for value, label in col.choices)
    if col.vocabulary is not None:
        labels = col.vocabulary.objects.order_by("label_vi").values_list("label_vi", "label_en")[:200]
        return "; ".join(vi if language == "vi" else f"{en} ({vi})" for vi, en in labels)
    return ""


def documentation_rows(rt, language):
    yield [
        _("Column"),
        _("Other name accepted"),
        _("Required"),
        _("Kind of value"),
        _("Allowed values"),
        _("Example"),
        _("Notes"),
    ]
    for col in rt.columns:
        other = col.en if language == "vi" else col.vi
        yield [
            col.header(language),
            other,
            _("yes") if col.required else "",
            str(c.KIND_LABELS[col.kind]),
            _allowed(col, language),
            col.example,
            str(col.help),
        ]


def template_xlsx(rt, language="vi"):
    import openpyxl
    from openpyxl.comments import Comment
    from openpyxl.styles import Font

    with translation.override(language):
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.title = (rt.vi if language == "vi" else rt.en)[:31]
        sheet.append([col.header(language) for col in rt.columns])
        for index, col in enumerate(rt.columns, start=1):
            cell = sheet.cell(row=1, column=index)
            cell.font = Font(bold=True)
            note = str(c.KIND_LABELS[col.kind]) + (f"\n{col.help}" if col.help else "")
            if col.example:
                note += "\n" + _("Example: %(example)s") % {"example": col.example}
            cell.comment = Comment(note, "Di sản Quảng Nam")
            sheet.column_dimensions[cell.column_letter].width = max(14, len(col.header(language)) + 4)
        sheet.freeze_panes = "A2"
        docs = book.create_sheet(_("Columns")[:31])
        for row in documentation_rows(rt, language):
            docs.append(row)
        for cell in docs[1]:
            cell.font = Font(bold=True)
        buffer = io.BytesIO()
        book.save(buffer)
    return buffer.getvalue()
