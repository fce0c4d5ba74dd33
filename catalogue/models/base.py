"""What every catalogue record shares: identity, dating, rights, images, body and search."""

import re

from django.core.exceptions import ValidationError
from django.db import models
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

MIN_YEAR, MAX_YEAR = -3000, 2100


class RecordQuerySet(PageQuerySet):
    def published(self):
        """Live pages that anyone may see: not drafts, not behind a view restriction — in any language
        version: a restriction set on one version withholds the whole record (catalogue.visibility)."""
        from ..visibility import restricted_translation_keys

        return self.live().public().exclude(translation_key__in=restricted_translation_keys())


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

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("record image")
        verbose_name_plural = _("record images")
