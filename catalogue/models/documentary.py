"""Documentary heritage (di sản tư liệu): royal ordinances, manuscripts, woodblocks, maps…"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from images.text import NFCTextMixin

from .. import text_regions
from .base import RecordPage


class DocumentType(models.TextChoices):
    ROYAL_ORDINANCE = "royal_ordinance", _("Royal ordinance (sắc phong)")
    MANUSCRIPT = "manuscript", _("Manuscript")
    WOODBLOCK = "woodblock", _("Woodblock")
    MAP = "map", _("Map")
    PHOTOGRAPH = "photograph", _("Photograph")
    GENEALOGY = "genealogy", _("Family genealogy (gia phả)")
    LAND_REGISTER = "land_register", _("Land register (địa bạ)")
    STELE_RUBBING = "stele_rubbing", _("Stele rubbing")
    OTHER = "other", _("Other")


class DocumentaryPage(RecordPage):
    identifier_prefix = "QN-TL"

    doc_type = models.CharField(_("document type"), max_length=20, choices=DocumentType.choices)
    scripts = ParentalManyToManyField(
        "catalogue.Script", blank=True, related_name="+", verbose_name=_("scripts")
    )
    languages = ParentalManyToManyField(
        "catalogue.Language", blank=True, related_name="+", verbose_name=_("languages")
    )
    issued_by = models.CharField(_("issued by / author"), max_length=255, blank=True)
    holding_institution = models.ForeignKey(
        "catalogue.Institution",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("holding institution"),
    )

    about_sites = ParentalManyToManyField(
        "catalogue.SitePage",
        blank=True,
        related_name="+",
        verbose_name=_("sites it is about"),
        help_text=_("The heritage sites this document concerns; their pages list it."),
    )

    search_fields = [
        *RecordPage.search_fields,
        index.SearchField("issued_by"),
        index.RelatedFields(
            "pages",
            [
                index.SearchField("transcription"),
                index.SearchField("transliteration"),
                index.SearchField("translation"),
            ],
        ),
        index.FilterField("doc_type"),
        index.FilterField("holding_institution"),
    ]

    content_panels = [
        *RecordPage.identity_panels,
        MultiFieldPanel(
            [
                FieldPanel("doc_type"),
                FieldPanel("issued_by"),
                FieldPanel("scripts"),
                FieldPanel("languages"),
                FieldPanel("holding_institution"),
                FieldPanel("about_sites"),
            ],
            heading=_("Document"),
        ),
        *RecordPage.dating_panels,
        InlinePanel("pages", label=_("Pages"), heading=_("Pages, in order")),
        *RecordPage.common_tail_panels,
    ]

    parent_page_types = ["catalogue.DocumentaryIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("documentary heritage")
        verbose_name_plural = _("documentary heritage")

    # Pages read left to right, as scanned. Hán-Nôm books bound right to left could declare
    # "right-to-left" once the catalogue records the binding; sắc phong are single sheets.
    viewing_direction = "left-to-right"

    def ordered_pages(self):
        from .base import without_private_images

        return without_private_images(list(self.pages.all()))

    @property
    def held_at(self):
        return self.holding_institution

    def facet_values(self):
        return [*super().facet_values(), ("doc_type", self.doc_type)]

    def related_records(self):
        return [site.localized for site in self.about_sites.all() if site.live]

    def canvas_items(self):
        # A document without pages falls back to its record images, as primary_image() does.
        return self.ordered_pages() or super().canvas_items()

    @classmethod
    def canvas_filter(cls):
        return super().canvas_filter() | Q(pages__isnull=False)

    def transcription_language(self):
        """Hán documents (sắc phong, gia phả, địa bạ…) are written in Literary Chinese: ``lzh``. Nôm is
        the Vietnamese language written in Han-derived characters, so a document in Nôm only is
        ``vi-Hani`` (language Vietnamese, script Han) rather than ``lzh``, which would mislead search
        engines and speech synthesis. Mixed Hán–Nôm texts are mostly Hán with Nôm glosses: ``lzh``."""
        keys = {script.key for script in self.scripts.all()}
        return "vi-Hani" if "nom" in keys and "han" not in keys else "lzh"

    def primary_image(self):
        pages = self.ordered_pages()
        return pages[0].image if pages else super().primary_image()

    def facts(self):
        pairs = super().facts()
        pairs.append((_("Document type"), self.get_doc_type_display()))
        if self.issued_by:
            pairs.append((_("Issued by / author"), self.issued_by))
        for label, terms in ((_("Scripts"), self.scripts.all()), (_("Languages"), self.languages.all())):
            text = ", ".join(term.label for term in terms)
            if text:
                pairs.append((label, text))
        if self.holding_institution:
            pairs.append((_("Holding institution"), self.holding_institution.label))
        pairs.append((_("Pages"), str(len(self.ordered_pages()))))
        return pairs


class DocumentPageImage(NFCTextMixin, TranslatableMixin, Orderable):
    """One page (folio, sheet, side) of a document: its image, and optionally its text."""

    document = ParentalKey(DocumentaryPage, on_delete=models.CASCADE, related_name="pages")
    image = models.ForeignKey(
        "images.HeritageImage", on_delete=models.PROTECT, related_name="+", verbose_name=_("image")
    )
    label = models.CharField(_("page label"), max_length=120, help_text=_("e.g. “Page 1 (recto)”"))
    transcription = models.TextField(
        _("transcription"), blank=True, help_text=_("The text in its original script (Hán, Nôm, …)")
    )
    transliteration = models.TextField(
        _("transliteration"), blank=True, help_text=_("Sino-Vietnamese reading in Quốc ngữ")
    )
    translation = models.TextField(_("translation"), blank=True)
    text_regions = models.TextField(
        _("where the text is written"),
        blank=True,
        help_text=_(
            "One line per region of the image: x,y,width,height in the image's pixels, a space, then "
            "the characters of the transcription written there, in order. Example: "
            "“120,80,300,96 來遠橋”. Search hits in those characters are drawn on the image."
        ),
    )

    panels = [
        FieldPanel("image"),
        FieldPanel("label"),
        FieldPanel("transcription"),
        FieldPanel("transliteration"),
        FieldPanel("translation"),
        FieldPanel("text_regions"),
    ]
    # The original text, its reading and where it is written do not change between languages; only
    # the translation does.
    override_translatable_fields = [
        SynchronizedField("transcription"),
        SynchronizedField("transliteration"),
        SynchronizedField("text_regions"),
    ]

    REGION_ERRORS = {
        "format": _("Line %(line)s is not “x,y,width,height characters”: %(text)s"),
        "empty": _("Line %(line)s has a region without width or height: %(text)s"),
        "outside": _("Line %(line)s reaches beyond the image (%(width)s × %(height)s pixels): %(text)s"),
        "not_in_text": _(
            "Line %(line)s: “%(text)s” is not in the transcription (after the previous line's characters)."
        ),
    }

    carries_text = True  # see RecordPage.canvas_items()

    @property
    def canvas_label(self):
        return self.label

    def _image_size(self):
        image = self.image if self.image_id else None
        return (image.iiif_width, image.iiif_height) if image and image.width else (None, None)

    def clean(self):
        super().clean()
        width, height = self._image_size()
        try:
            text_regions.parse(self.text_regions, self.transcription, width, height)
        except text_regions.RegionError as error:
            message = self.REGION_ERRORS[error.code] % {
                "line": error.line,
                "text": error.text,
                "width": width,
                "height": height,
            }
            raise ValidationError({"text_regions": message}) from None

    def regions(self):
        """The page's text regions; none when what is stored does not parse (never an error here:
        a page is shown whatever state its regions are in)."""
        try:
            return text_regions.parse(self.text_regions, self.transcription, *self._image_size())
        except text_regions.RegionError:
            return []

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("document page")
        verbose_name_plural = _("document pages")
