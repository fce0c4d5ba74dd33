"""What every catalogue record shares: identity, dating, rights, images, body and search."""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, PageManager, TranslatableMixin
from wagtail.query import PageQuerySet
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from images.models import DEFAULT_RIGHTS, RIGHTS_CHOICES
from images.text import NFCTextMixin

from ..blocks import RecordBodyBlock
from ..forms import RecordPageForm

MIN_YEAR, MAX_YEAR = -3000, 2100


class RecordQuerySet(PageQuerySet):
    def published(self):
        """Live pages that anyone may see: not drafts, not behind a view restriction — in any language
        version: a restriction set on one version withholds the whole record (catalogue.visibility)."""
        from ..visibility import restricted_translation_keys

        return self.live().public().exclude(translation_key__in=restricted_translation_keys())

    def with_canvases(self):
        """Records with at least one image to show as a IIIF canvas (i.e. that have a manifest)."""
        return self.filter(self.model.canvas_filter()).distinct()

    def versions_of(self, translation_key):
        """The language versions of one record, with their locale."""
        return self.filter(translation_key=translation_key).select_related("locale")

    def find(self, identifier, language=None):
        """The record with ``identifier`` among these pages: its version in ``language`` when there
        is one, else its first version (lowest id, the source). None when there is none.

        ``objects.published().find(...)`` is the published-record lookup of every public view.
        """
        identifier = (identifier or "").strip().upper()
        # Only well-formed identifiers reach the database (PostgreSQL refuses NUL bytes, for one).
        if not self.model.identifier_pattern().match(identifier):
            return None
        versions = list(self.filter(identifier=identifier).select_related("locale"))
        for page in versions:
            if language is not None and page.locale.language_code == language:
                return page
        return min(versions, key=lambda page: page.pk, default=None)


RecordManager = PageManager.from_queryset(RecordQuerySet)


class RecordPage(NFCTextMixin, Page):
    """Abstract base of the four record types.

    ``identifier`` is the record's persistent key (``QN-DT-0007``): shared by all translations,
    assigned automatically when left blank, and frozen once the record has been published.
    """

    identifier_prefix = None  # e.g. "QN-DT"; set by each record type

    identifier = models.CharField(
        _("identifier"),
        max_length=20,
        blank=True,
        db_index=True,
        help_text=_("Persistent identifier such as QN-DT-0007; leave blank to assign the next free number."),
    )
    summary = models.TextField(
        _("summary"), blank=True, help_text=_("Two or three sentences for lists and previews.")
    )
    body = StreamField(RecordBodyBlock(), verbose_name=_("body"), blank=True)
    dating = models.CharField(_("dating"), max_length=255, blank=True, help_text=_("e.g. “late 7th century”"))
    earliest_year = models.IntegerField(
        _("earliest year"), null=True, blank=True, help_text=_("For sorting and filtering; negative for BCE.")
    )
    latest_year = models.IntegerField(_("latest year"), null=True, blank=True)
    rights = models.URLField(_("rights"), max_length=255, choices=RIGHTS_CHOICES, default=DEFAULT_RIGHTS)
    credit_line = models.CharField(_("credit line"), max_length=255, blank=True)
    sources = models.TextField(_("sources"), blank=True, help_text=_("Published sources, one per line"))
    unverified_facts = models.CharField(
        _("unverified facts"),
        max_length=500,
        blank=True,
        help_text=_("Facts not yet checked against a published source; shown to readers as a caution."),
    )

    objects = RecordManager()
    base_form_class = RecordPageForm

    search_fields = [
        *Page.search_fields,
        index.SearchField("identifier", boost=5),
        index.AutocompleteField("identifier"),
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("dating"),
        index.FilterField("earliest_year"),
        index.FilterField("latest_year"),
        index.FilterField("identifier"),
    ]
    override_translatable_fields = [
        SynchronizedField("identifier"),
        SynchronizedField("earliest_year"),
        SynchronizedField("latest_year"),
    ]

    identity_panels = [
        FieldPanel("title"),
        FieldPanel("identifier"),
        FieldPanel("summary"),
    ]
    dating_panels = [
        MultiFieldPanel(
            [FieldPanel("dating"), FieldRowPanel([FieldPanel("earliest_year"), FieldPanel("latest_year")])],
            heading=_("Dating"),
        )
    ]
    common_tail_panels = [
        InlinePanel("record_images", label=_("Images"), heading=_("Images")),
        FieldPanel("body"),
        MultiFieldPanel([FieldPanel("rights"), FieldPanel("credit_line")], heading=_("Rights")),
        MultiFieldPanel([FieldPanel("sources"), FieldPanel("unverified_facts")], heading=_("Sources")),
    ]

    class Meta:
        abstract = True

    @classmethod
    def identifier_pattern(cls):
        return re.compile(rf"^{re.escape(cls.identifier_prefix)}-(\d{{4,6}})$")

    def next_identifier(self):
        """The next free identifier of this record type (highest number in use plus one)."""
        pattern = self.identifier_pattern()
        numbers = [
            int(m.group(1))
            for ident in type(self).objects.exclude(identifier="").values_list("identifier", flat=True)
            if (m := pattern.match(ident))
        ]
        return f"{self.identifier_prefix}-{max(numbers, default=0) + 1:04d}"

    def clean(self):
        super().clean()
        errors = {}
        self.identifier = (self.identifier or "").strip().upper()
        if self.identifier:
            if not self.identifier_pattern().match(self.identifier):
                errors["identifier"] = gettext("The identifier must look like %(example)s.") % {
                    "example": f"{self.identifier_prefix}-0001"
                }
            elif (
                type(self)
                .objects.filter(identifier=self.identifier)
                .exclude(translation_key=self.translation_key)
                .exists()
            ):
                errors["identifier"] = gettext("Another record already uses the identifier %(id)s.") % {
                    "id": self.identifier
                }
        if self.pk and self.first_published_at:
            stored = type(self).objects.filter(pk=self.pk).values_list("identifier", flat=True).first()
            if stored and stored != self.identifier:
                errors["identifier"] = gettext(
                    "This record has been published as %(id)s; its identifier can no longer change."
                ) % {"id": stored}
        for field in ("earliest_year", "latest_year"):
            value = getattr(self, field)
            if value is not None and not MIN_YEAR <= value <= MAX_YEAR:
                errors[field] = gettext("Give a year between %(min)s and %(max)s.") % {
                    "min": MIN_YEAR,
                    "max": MAX_YEAR,
                }
        if (
            self.earliest_year is not None
            and self.latest_year is not None
            and self.earliest_year > self.latest_year
            and "latest_year" not in errors
        ):
            errors["latest_year"] = gettext("The latest year cannot be before the earliest year.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        if not self.identifier:
            self.identifier = self.next_identifier()
        super().save(*args, **kwargs)

    # -- helpers used by templates and other layers ---------------------------------------
    @property
    def record_type(self):
        return self._meta.model_name

    def ordered_images(self):
        """The record's images in order, less those kept in a private collection: a record shows
        only images that anyone may see (catalogue.visibility; staff see the rest in the admin)."""
        # .all() rather than select_related(): previews hold unsaved children in a FakeQuerySet.
        return without_private_images(list(self.record_images.all()))

    def get_sitemap_urls(self, request=None):
        # A record withheld through another language version is no public page either.
        if not type(self).objects.published().filter(pk=self.pk).exists():
            return []
        return super().get_sitemap_urls(request)

    def primary_image(self):
        images = self.ordered_images()
        return images[0].image if images else None

    def facts(self):
        """(label, value) pairs shown in the record's fact list; each type extends it."""
        pairs = [(_("Identifier"), self.identifier)]
        if self.dating:
            pairs.append((_("Dating"), self.dating))
        return pairs

    def related_records(self):
        """Other records linked to this one, in the active locale where a translation exists."""
        return []

    # -- what the layers above ask of any record (search, iiif, relic_map, restoration, opendata,
    # visitors). Each record type overrides what differs, so no app outside the catalogue has to
    # ask which type a record is. docs/ARCHITECTURE.md lists them.

    #: Whether the record is a physical thing a conservator can document and restore (sites and
    #: artefacts; not a practice or a text's content). The restoration archive takes only these.
    has_physical_fabric = False

    def place_fields(self):
        """The record's place and standing as plain values (archival snapshots, exports); {} if none."""
        return {}

    @property
    def located_at(self):
        """The heritage site where the record is, or was found: a site is at itself, an artefact at
        its findspot. None when the catalogue does not place the record at one site."""
        return None

    @property
    def held_at(self):
        """The holding institution (an ``Institution``, whose ``location`` is where a visitor sees
        the record), or None. Distinct from ``located_at``: a Mỹ Sơn pedestal is found at Mỹ Sơn
        and held in the Đà Nẵng Museum of Cham Sculpture."""
        return None

    def public_point(self):
        """(latitude, longitude) of ``located_at`` as the public may see it (a sensitive site's point
        generalised), or None."""
        site = self.located_at
        return site.public_location() if site is not None else None

    @property
    def on_map(self):
        """Whether the relic map shows this record itself (it shows sites with a point)."""
        return False

    def former_districts(self):
        """Keys of the pre-2025 districts the record belongs to (``places.FORMER_DISTRICTS``)."""
        site = self.located_at
        return [site.former_district] if site is not None and site.former_district else []

    def facet_values(self):
        """(facet name, value) pairs by which searches narrow; names are ``catalogue.facets.FACETS``.

        Each type adds its own after these shared ones.
        """
        pairs = [("type", self.record_type)]
        pairs += [("district", district) for district in self.former_districts()]
        if (institution := self.held_at) is not None:
            pairs.append(("institution", institution.key))
        return pairs

    @property
    def standing(self):
        """0 for an ordinary record, up to 4 for a World Heritage site: what ranking weighs."""
        return 0

    def canvas_items(self):
        """The rows shown as IIIF canvases, in order; each has ``image``, ``canvas_label`` and
        ``carries_text`` (with ``transcription``, ``transliteration``, ``translation`` when true)."""
        return self.ordered_images()

    def canvas_images(self):
        """The source images of the record's canvases, in order."""
        return [item.image for item in self.canvas_items()]

    @classmethod
    def canvas_filter(cls):
        """A Q selecting records of this type that have at least one canvas image."""
        return Q(record_images__isnull=False)

    #: BCP 47 tag of the record's original text, for text annotations (None: no transcribed text).
    def transcription_language(self):
        return None

    #: IIIF viewingDirection of a record read page by page (None: not a paged object).
    viewing_direction = None


def without_private_images(items):
    """``items`` (rows with an ``image``) without those whose image is in a private collection."""
    from ..visibility import private_collection_ids

    private = private_collection_ids() if items else set()
    return [item for item in items if item.image.collection_id not in private] if private else items


class ImageRole(models.TextChoices):
    OVERVIEW = "overview", _("Overview")
    DETAIL = "detail", _("Detail")
    INSCRIPTION = (
        "inscription",
        pgettext_lazy("image role: text carved or written on the object", "Inscription"),
    )
    CONTEXT = "context", _("Context / setting")
    DRAWING = "drawing", _("Drawing or plan")
    HISTORICAL = "historical", _("Historical photograph")


class RecordImage(NFCTextMixin, TranslatableMixin, Orderable):
    """An image of a record, in the order the curator chose, with its caption and role.

    Translatable, so that wagtail-localize offers the caption for translation with the page.
    """

    page = ParentalKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="record_images")
    image = models.ForeignKey(
        "images.HeritageImage", on_delete=models.PROTECT, related_name="+", verbose_name=_("image")
    )
    caption = models.CharField(_("caption"), max_length=500, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=ImageRole.choices, default=ImageRole.OVERVIEW)

    panels = [FieldPanel("image"), FieldPanel("caption"), FieldPanel("role")]

    carries_text = False  # see RecordPage.canvas_items()

    @property
    def canvas_label(self):
        return self.caption

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("record image")
        verbose_name_plural = _("record images")
