"""Tours: ordered, numbered stops (a record or a plain point) with text and audio per language."""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext, override
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable

from images.text import NFCTextMixin

from .. import geo
from .languages import language_choices, pick_text

TOUR_IDENTIFIER = re.compile(r"^QN-LT-(\d{4})$")
STOP_IDENTIFIER = re.compile(r"^(QN-LT-\d{4})-(\d{1,3})$")


class TourQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published=True)


class Tour(NFCTextMixin, ClusterableModel):
    identifier = models.CharField(
        _("identifier"), max_length=20, unique=True, help_text=_("e.g. QN-LT-0001; printed on QR labels")
    )
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    site = models.ForeignKey(
        "catalogue.SitePage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("heritage site"),
    )
    institution = models.ForeignKey(
        "catalogue.Institution",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("holding institution"),
    )
    walking = models.BooleanField(
        _("walking tour"), default=True, help_text=_("Untick for a tour inside one building (no route)")
    )
    published = models.BooleanField(_("published"), default=False)
    sources = models.TextField(_("sources"), blank=True)

    objects = TourQuerySet.as_manager()

    panels = [
        FieldRowPanel([FieldPanel("identifier"), FieldPanel("slug")]),
        FieldRowPanel([FieldPanel("site"), FieldPanel("institution")]),
        FieldRowPanel([FieldPanel("walking"), FieldPanel("published")]),
        InlinePanel("texts", label=_("Title and introduction"), heading=_("Texts")),
        MultiFieldPanel([FieldPanel("sources")], heading=_("Sources")),
    ]

    class Meta:
        verbose_name = _("tour")
        verbose_name_plural = _("tours")
        ordering = ["identifier"]

    def __str__(self):
        picked = self.text()
        return f"{self.identifier} {picked.text.title if picked.text else ''}".strip()

    def clean(self):
        super().clean()
        self.identifier = (self.identifier or "").strip().upper()
        if not TOUR_IDENTIFIER.match(self.identifier):
            raise ValidationError({"identifier": gettext("The identifier must look like QN-LT-0001.")})

    def text(self, language=None):
        return pick_text(list(self.texts.all()), language)

    def get_url(self, language=None):
        if language:
            with override(language):
                return reverse("visitors:tour", kwargs={"slug": self.slug})
        return reverse("visitors:tour", kwargs={"slug": self.slug})

    def ordered_stops(self):
        return list(self.stops.order_by("number").prefetch_related("texts"))

    def route(self, stops=None):
        """The stops with a place, in order, and the length of the straight legs between them."""
        points = [(stop, stop.location()) for stop in (stops or self.ordered_stops())]
        points = [(stop, where) for stop, where in points if where]
        return points, geo.path_length_m([where for _stop, where in points])


class TourText(NFCTextMixin, Orderable):
    tour = ParentalKey(Tour, on_delete=models.CASCADE, related_name="texts")
    language = models.CharField(_("language"), max_length=10, choices=language_choices, default="vi")
    title = models.CharField(_("title"), max_length=255)
    summary = models.TextField(_("introduction"), blank=True)
    machine_translated = models.BooleanField(_("machine translated"), default=False)

    class Meta(Orderable.Meta):
        constraints = [
            models.UniqueConstraint(fields=["tour", "language"], name="visitors_tourtext_one_per_language")
        ]


class TourStop(NFCTextMixin, ClusterableModel):
    tour = models.ForeignKey(Tour, on_delete=models.CASCADE, related_name="stops", verbose_name=_("tour"))
    number = models.PositiveSmallIntegerField(
        _("number"), help_text=_("Typed on the keypad; unique within the tour")
    )
    record = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("record"),
        help_text=_("A heritage record this stop is about, if any"),
    )
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    image = models.ForeignKey(
        "images.HeritageImage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("image"),
        help_text=_("Leave empty to use the record's first image"),
    )

    panels = [
        FieldRowPanel([FieldPanel("tour"), FieldPanel("number")]),
        FieldPanel("record"),
        FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
        FieldPanel("image"),
        InlinePanel("texts", label=_("Text and audio"), heading=_("Text and audio per language")),
    ]

    class Meta:
        verbose_name = _("tour stop")
        verbose_name_plural = _("tour stops")
        ordering = ["tour", "number"]
        constraints = [
            models.UniqueConstraint(fields=["tour", "number"], name="visitors_tourstop_unique_number")
        ]

    def __str__(self):
        return f"{self.identifier}"

    @property
    def identifier(self):
        return f"{self.tour.identifier}-{self.number:02d}"

    def clean(self):
        super().clean()
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError(gettext("Give both latitude and longitude, or neither."))
        if self.number == 0:
            raise ValidationError({"number": gettext("Stop numbers start at 1.")})

    def record_page(self):
        """The record in the active language where translated; None when unpublished."""
        if not self.record_id:
            return None
        page = self.record.specific
        if not (page.live and page.get_view_restrictions().count() == 0):
            return None
        localized = page.localized
        return localized if localized.live else page

    def location(self):
        """Where a visitor stands for this stop: its own point, else the record's public place.

        For an artefact that is where it is held now, not where it was found."""
        if self.latitude is not None and self.longitude is not None:
            return float(self.latitude), float(self.longitude)
        page = self.record_page()
        return geo.visit_location(page) if page else None

    def picture(self):
        if self.image_id:
            return self.image
        page = self.record_page()
        return page.primary_image() if page and hasattr(page, "primary_image") else None

    def text(self, language=None):
        return pick_text(list(self.texts.all()), language)

    def get_url(self, language=None):
        if language:
            with override(language):
                return reverse("visitors:stop", kwargs={"slug": self.tour.slug, "number": self.number})
        return reverse("visitors:stop", kwargs={"slug": self.tour.slug, "number": self.number})


class StopText(NFCTextMixin, Orderable):
    stop = ParentalKey(TourStop, on_delete=models.CASCADE, related_name="texts")
    language = models.CharField(_("language"), max_length=10, choices=language_choices, default="vi")
    title = models.CharField(_("title"), max_length=255)
    text = models.TextField(_("text"), help_text=_("Also the transcript of the narration"))
    audio = models.ForeignKey(
        "wagtaildocs.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("narration"),
    )
    synthetic_speech = models.BooleanField(
        _("synthetic speech"),
        default=False,
        help_text=_("The narration is generated by a speech synthesiser"),
    )
    machine_translated = models.BooleanField(_("machine translated"), default=False)

    panels = [
        FieldRowPanel([FieldPanel("language"), FieldPanel("machine_translated")]),
        FieldPanel("title"),
        FieldPanel("text"),
        FieldRowPanel([FieldPanel("audio"), FieldPanel("synthetic_speech")]),
    ]

    class Meta(Orderable.Meta):
        constraints = [
            models.UniqueConstraint(fields=["stop", "language"], name="visitors_stoptext_one_per_language")
        ]
