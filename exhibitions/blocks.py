"""The steps an exhibition is composed of, in the admin's StreamField.

A *view* is words beside a region of an IIIF image (x, y, w, h in the image's pixels; empty for the
whole image); the reader's viewer glides to it. The other steps keep the last view on screen.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

RICH_TEXT = ["bold", "italic", "link"]


class RegionBlock(blocks.StructBlock):
    x = blocks.IntegerBlock(label=_("x"), required=False, min_value=0)
    y = blocks.IntegerBlock(label=_("y"), required=False, min_value=0)
    w = blocks.IntegerBlock(label=_("width"), required=False, min_value=1)
    h = blocks.IntegerBlock(label=_("height"), required=False, min_value=1)

    class Meta:
        label = _("Region (image pixels; empty for the whole image)")
        form_classname = "struct-block exhibition-region"


def region_of(value):
    """``(x, y, w, h)`` of a region block's value, or None for the whole image."""
    if value is None:
        return None
    parts = [value.get(name) for name in ("x", "y", "w", "h")]
    if all(part is None for part in parts):
        return None
    return tuple(parts)


class ViewBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("heading"), required=False)
    text = blocks.RichTextBlock(label=_("text"), features=RICH_TEXT)
    image = ImageChooserBlock(label=_("image"), help_text=_("An image of a published record"))
    alt = blocks.CharBlock(
        label=_("description of the region for screen readers (alt)"),
        help_text=_("What the region shows, for readers who cannot see it"),
    )
    region = RegionBlock()
    record = blocks.PageChooserBlock(label=_("record shown"), required=False)
    source = blocks.CharBlock(label=_("source of the facts"), required=False)

    class Meta:
        label = _("Text with an image region")
        icon = "image"
        form_classname = "struct-block exhibition-view"

    def clean(self, value):
        value = super().clean(value)
        region = region_of(value.get("region"))
        if region is not None and any(part is None for part in region):
            raise StructBlockValidationError(
                {"region": ValidationError(gettext("Give all four of x, y, width and height, or none."))}
            )
        image = value.get("image")
        if region is not None and image is not None and image.iiif_width:
            x, y, w, h = region
            if x + w > image.iiif_width or y + h > image.iiif_height:
                raise StructBlockValidationError(
                    {
                        "region": ValidationError(
                            gettext("The region goes beyond the image (%(width)s × %(height)s pixels).")
                            % {"width": image.iiif_width, "height": image.iiif_height}
                        )
                    }
                )
        return value


class ChapterBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("heading"))
    intro = blocks.TextBlock(label=_("introduction"), required=False)

    class Meta:
        label = _("Chapter")
        icon = "title"


class QuotationBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("quotation"))
    source = blocks.CharBlock(label=_("source"), help_text=_("Who wrote or said it, where it was published"))
    record = blocks.PageChooserBlock(label=_("record"), required=False)

    class Meta:
        label = _("Quotation")
        icon = "openquote"


class RelatedRecordsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("heading"), required=False)
    records = blocks.ListBlock(blocks.PageChooserBlock(label=_("record")), label=_("records"))

    class Meta:
        label = _("Related records")
        icon = "list-ul"


class MapBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("heading"), required=False)
    text = blocks.RichTextBlock(label=_("text"), features=RICH_TEXT, required=False)
    sites = blocks.ListBlock(
        blocks.PageChooserBlock(label=_("site"), page_type="catalogue.SitePage"), label=_("sites to fly to")
    )

    class Meta:
        label = _("Map")
        icon = "site"


class ComparisonBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("heading"), required=False)
    text = blocks.RichTextBlock(label=_("text"), features=RICH_TEXT, required=False)
    record = blocks.PageChooserBlock(
        label=_("restored record"),
        help_text=_("Its restoration events marked for visitors are shown before/after; no other event"),
    )

    class Meta:
        label = _("Before and after")
        icon = "doc-full"


class AudioBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("heading"), required=False)
    audio = DocumentChooserBlock(label=_("audio file"))
    transcript = blocks.TextBlock(
        label=_("transcript"), help_text=_("What is said, for readers who cannot listen")
    )
    synthetic = blocks.BooleanBlock(label=_("synthetic speech or generated audio"), required=False)
    source = blocks.CharBlock(label=_("source"), required=False)

    class Meta:
        label = _("Audio")
        icon = "media"


class ExhibitionStreamBlock(blocks.StreamBlock):
    chapter = ChapterBlock()
    view = ViewBlock()
    quotation = QuotationBlock()
    records = RelatedRecordsBlock()
    map = MapBlock()
    comparison = ComparisonBlock()
    audio = AudioBlock()
