"""A document as a PDF: a title page with the citation and rights, then each page's image and texts.

reportlab lays it out (platypus); fonts are embedded: DejaVu Sans for Vietnamese and the
translation, Droid Sans Fallback for Hán and Nôm characters (the fonts Debian ships; when one is
missing the text falls back to the other, and a PDF without embedded CJK glyphs would show boxes).
"""

import io
from pathlib import Path
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Image, PageBreak, Paragraph, SimpleDocTemplate, Spacer

from . import renderings

FONTS = {
    "LibraryText": ["/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"],
    "LibraryHan": [
        "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    ],
}
MARGIN = 18 * mm


def _font(name):
    registered = pdfmetrics.getRegisteredFontNames()
    if name in registered:
        return name
    for candidate in FONTS[name]:
        if Path(candidate).exists():
            pdfmetrics.registerFont(TTFont(name, candidate))
            return name
    return "Helvetica"


def _styles():
    text, han = _font("LibraryText"), _font("LibraryHan")
    return {
        "title": ParagraphStyle("title", fontName=text, fontSize=18, leading=23, spaceAfter=6 * mm),
        "heading": ParagraphStyle("heading", fontName=text, fontSize=11, leading=15, spaceBefore=3 * mm),
        "body": ParagraphStyle("body", fontName=text, fontSize=10, leading=14),
        "small": ParagraphStyle("small", fontName=text, fontSize=8, leading=11),
        "han": ParagraphStyle("han", fontName=han, fontSize=14, leading=20, wordWrap="CJK"),
    }


def _paragraph(text, style):
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def _image(jpeg, max_width, max_height):
    picture = Image(io.BytesIO(jpeg))
    scale = min(max_width / picture.imageWidth, max_height / picture.imageHeight)
    picture.drawWidth, picture.drawHeight = picture.imageWidth * scale, picture.imageHeight * scale
    return picture


def document_pdf(doc, *, citation):
    """PDF bytes of a ``library.documents.Document``. Raises renderings.NotReady / bounds.Busy."""
    styles = _styles()
    record = doc.record
    width, height = A4
    story = [_paragraph(record.title, styles["title"])]
    for label, value in (
        (_("Identifier"), doc.identifier),
        (_("Issued by / author"), record.issued_by),
        (_("Dating"), record.dating),
        (_("Rights"), record.get_rights_display()),
        (_("Credit line"), record.credit_line),
    ):
        if value:
            story.append(_paragraph(f"{label}: {value}", styles["body"]))
    if record.summary:
        story += [Spacer(1, 4 * mm), _paragraph(record.summary, styles["body"])]
    story += [Spacer(1, 6 * mm), _paragraph(_("Suggested citation"), styles["heading"])]
    story.append(_paragraph(citation, styles["body"]))
    if record.sources:
        story += [_paragraph(_("Sources"), styles["heading"]), _paragraph(record.sources, styles["small"])]
    for page in doc.pages:
        story.append(PageBreak())
        jpeg = renderings.page_jpeg(page.image, renderings.PDF_WIDTH)
        story.append(_image(jpeg, width - 2 * MARGIN, height * 0.55))
        caption = page.label
        if getattr(page.image, "illustrative", False):
            caption += f" ({_('illustrative image')})"
        story.append(_paragraph(caption, styles["small"]))
        if page.is_note:
            story.append(
                _paragraph(
                    _("No transcription of this page is published yet; this is a descriptive note."),
                    styles["small"],
                )
            )
            story += [_paragraph(_("Note"), styles["heading"]), _paragraph(page.translation, styles["body"])]
            continue
        for kind, label, style in (
            ("transcription", _("Transcription"), "han"),
            ("transliteration", _("Sino-Vietnamese reading"), "body"),
            ("translation", _("Translation"), "body"),
        ):
            if text := page.texts()[kind]:
                story += [_paragraph(label, styles["heading"]), _paragraph(text, styles[style])]
    buffer = io.BytesIO()
    SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=record.title,
        author=_("Quảng Nam Heritage"),
        subject=doc.identifier,
    ).build(story)
    return buffer.getvalue()
