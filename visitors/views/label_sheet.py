"""An A4 sheet of QR labels for the records a curator picks, as a PDF.

reportlab draws the page (text with embedded DejaVu fonts for Vietnamese marks) and segno gives
the QR matrix, drawn as vector squares so the labels stay sharp at any printer resolution.
"""

import io
from pathlib import Path

import segno
from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from catalogue.views import find_published_record

from .labels import find_target, short_url

COLUMNS, ROWS = 3, 7  # 21 labels of 70 × 42.4 mm, the common A4 sticker sheet
LABEL_W, LABEL_H = 210 * mm / COLUMNS, 297 * mm / ROWS
FONT_CANDIDATES = ["/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"]
MAX_LABELS = 210


def _font():
    for candidate in FONT_CANDIDATES:
        if Path(candidate).exists():
            if "LabelFont" not in pdfmetrics.getRegisteredFontNames():
                pdfmetrics.registerFont(TTFont("LabelFont", candidate))
            return "LabelFont"
    return "Helvetica"


class LabelForm(forms.Form):
    identifiers = forms.CharField(
        label=_("Identifiers"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "One per line or separated by spaces or commas, e.g. QN-DT-0003 QN-HV-0008 QN-LT-0001-03"
        ),
    )

    def clean_identifiers(self):
        raw = self.cleaned_data["identifiers"].replace(",", " ").split()
        identifiers = list(dict.fromkeys(item.strip().upper() for item in raw if item.strip()))
        if len(identifiers) > MAX_LABELS:
            raise ValidationError(gettext("At most %(n)s labels at a time.") % {"n": MAX_LABELS})
        unknown = [item for item in identifiers if find_target(item, "vi") is None]
        if unknown:
            raise ValidationError(
                gettext("Nothing published has these identifiers: %(ids)s") % {"ids": ", ".join(unknown)}
            )
        if not identifiers:
            raise ValidationError(gettext("Give at least one identifier."))
        return identifiers


def label_title(identifier):
    page = find_published_record(identifier, "vi")
    return page.title if page else identifier


def build_sheet(identifiers):
    """The PDF bytes of the label sheet (as many pages as needed)."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.setTitle(gettext("QR labels"))
    font = _font()
    for index, identifier in enumerate(identifiers):
        slot = index % (COLUMNS * ROWS)
        if index and slot == 0:
            pdf.showPage()
        column, row = slot % COLUMNS, slot // COLUMNS
        x0, y0 = column * LABEL_W, A4[1] - (row + 1) * LABEL_H
        _draw_qr(pdf, short_url(identifier), x0 + 3 * mm, y0 + 4 * mm, LABEL_H - 8 * mm)
        text_x = x0 + LABEL_H - 2 * mm
        pdf.setFont(font, 9)
        pdf.drawString(text_x, y0 + LABEL_H - 12 * mm, identifier)
        pdf.setFont(font, 7)
        for line_no, line in enumerate(_wrap(label_title(identifier), 22)[:4]):
            pdf.drawString(text_x, y0 + LABEL_H - (17 + 4 * line_no) * mm, line)
    pdf.save()
    return buffer.getvalue()


def _draw_qr(pdf, data, x, y, size):
    matrix = segno.make(data, error="m").matrix
    count = len(matrix)
    cell = size / (count + 2)  # one quiet module each side, the sticker margin gives the rest
    for r, line in enumerate(matrix):
        for c, dark in enumerate(line):
            if dark:
                pdf.rect(x + (c + 1) * cell, y + size - (r + 2) * cell, cell, cell, stroke=0, fill=1)


def _wrap(text, width):
    lines, current = [], ""
    for word in text.split():
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    return [*lines, current] if current else lines


def label_sheet_view(request):
    form = LabelForm(request.POST or None, initial={"identifiers": request.GET.get("ids", "")})
    if request.method == "POST" and form.is_valid():
        response = HttpResponse(build_sheet(form.cleaned_data["identifiers"]), content_type="application/pdf")
        response["Content-Disposition"] = 'attachment; filename="qr-labels.pdf"'
        return response
    return render(request, "visitors/admin/label_sheet.html", {"form": form})
