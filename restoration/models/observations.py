"""Condition observations (damage seen, optionally outlined on an image) and image registrations."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel

from catalogue.models.vocabularies import VocabularyTerm
from images.text import NFCTextMixin

from .events import EventImage, SealedChildMixin


class DamageType(VocabularyTerm):
    class Meta(VocabularyTerm.Meta):
        verbose_name = _("damage type")
        verbose_name_plural = _("damage types")


class Severity(models.TextChoices):
    MINOR = "minor", _("Minor")
    MODERATE = "moderate", _("Moderate")
    SEVERE = "severe", _("Severe")


class ConditionObservation(SealedChildMixin, NFCTextMixin, models.Model):
    """Damage of one type seen during an event; the region, when drawn, is a rectangle in the
    full-resolution pixels of one of the event's images (an IIIF ``xywh`` fragment)."""

    event = ParentalKey(
        "restoration.DocumentationEvent", on_delete=models.CASCADE, related_name="observations"
    )
    damage = models.ForeignKey(
        DamageType, on_delete=models.PROTECT, related_name="+", verbose_name=_("damage")
    )
    severity = models.CharField(
        _("severity"), max_length=10, choices=Severity.choices, default=Severity.MODERATE
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    event_image = models.ForeignKey(
        EventImage,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="observations",
        verbose_name=_("image"),
    )
    x = models.PositiveIntegerField(null=True, blank=True)
    y = models.PositiveIntegerField(null=True, blank=True)
    width = models.PositiveIntegerField(_("width"), null=True, blank=True)
    height = models.PositiveIntegerField(_("height"), null=True, blank=True)

    panels = [
        FieldRowPanel([FieldPanel("damage"), FieldPanel("severity")]),
        FieldPanel("note"),
        FieldPanel("event_image"),
        FieldRowPanel([FieldPanel("x"), FieldPanel("y"), FieldPanel("width"), FieldPanel("height")]),
    ]

    class Meta:
        verbose_name = _("condition observation")
        verbose_name_plural = _("condition observations")
        ordering = ["pk"]

    def __str__(self):
        return f"{self.damage} ({self.get_severity_display()})"

    @property
    def region(self):
        """(x, y, w, h) in the image's full-resolution pixels, or None."""
        values = (self.x, self.y, self.width, self.height)
        return None if None in values else values

    def clean(self):
        values = (self.x, self.y, self.width, self.height)
        if any(v is not None for v in values) and None in values:
            raise ValidationError(_("Give all four of x, y, width and height, or none."))
        if self.region is None:
            return
        if self.event_image_id is None:
            raise ValidationError({"event_image": _("A region is drawn on an image: choose it.")})
        if self.width == 0 or self.height == 0:
            raise ValidationError(_("The region must have a width and a height."))
        image = self.event_image.image
        if self.x + self.width > image.width or self.y + self.height > image.height:
            raise ValidationError(
                _("The region goes outside the image (%(w)s × %(h)s pixels).")
                % {"w": image.width, "h": image.height}
            )


class Registration(models.Model):
    """Control points pairing one image of an event with one of another, the affine transform
    fitted to them (``after`` pixels → ``before`` pixels) and the ``after`` image resampled into
    the ``before`` image's frame, so that swipe and overlay show the same stones."""

    before = models.ForeignKey(
        EventImage, on_delete=models.CASCADE, related_name="+", verbose_name=_("before")
    )
    after = models.ForeignKey(EventImage, on_delete=models.CASCADE, related_name="+", verbose_name=_("after"))
    points = models.JSONField(_("control points"), help_text=_("[[before x, before y, after x, after y], …]"))
    matrix = models.JSONField(_("affine transform"), help_text=_("[a, b, c, d, e, f]: after → before"))
    rms_px = models.FloatField(_("residual (RMS, pixels)"))
    max_px = models.FloatField(_("largest residual (pixels)"))
    aligned_image = models.ForeignKey(
        "images.HeritageImage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("aligned image"),
    )
    created_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [models.UniqueConstraint(fields=["before", "after"], name="one_registration_per_pair")]

    def __str__(self):
        return f"{self.after} → {self.before} (RMS {self.rms_px:.1f} px)"
