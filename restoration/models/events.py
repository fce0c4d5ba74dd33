"""Documentation events of a site or artefact, their images and files; sealed events never change.

Once an event is sealed (its OCFL version written) no row of it may change: ``save``/``delete``
and the querysets refuse, and database triggers (migration 0002) refuse UPDATE, DELETE and new
child rows from any client. A correction is a ``Correction`` row and a new OCFL version.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.models import Orderable

from catalogue.models import RECORD_MODELS
from images.fixity import digests
from images.models import HeritageImage
from images.text import NFCTextMixin


class SealedError(PermissionError):
    """Raised on an attempt to change or remove sealed archive content."""


class SealedMasterError(SealedError, PermissionDenied):
    """A change to the master of a sealed event. Also PermissionDenied, so that an admin view that does not
    expect it (the image editor replacing the file) answers 403, not 500; nothing is written by then."""


class EventKind(models.TextChoices):
    BASELINE = "baseline_survey", _("Baseline survey")
    CONDITION = "condition_assessment", _("Condition assessment")
    INTERVENTION = "restoration_intervention", _("Restoration intervention")
    POST_RESTORATION = "post_restoration_survey", _("Post-restoration survey")
    MONITORING = "monitoring", _("Monitoring")


class FileKind(models.TextChoices):
    DRAWING = "measured_drawing", _("Measured drawing")
    REPORT = "report", _("Report (PDF)")
    POINT_CLOUD = "point_cloud", _("Point cloud")
    MODEL_3D = "model_3d", _("3D model")
    DATA = "data", _("Data / measurements")
    OTHER = "other", _("Other")


class EventQuerySet(models.QuerySet):
    def sealed(self):
        return self.filter(sealed_at__isnull=False)

    def update(self, **kwargs):
        if self.sealed().exists():
            raise SealedError(_("Sealed events cannot be changed."))
        return super().update(**kwargs)

    def delete(self):
        if self.sealed().exists():
            raise SealedError(_("Sealed events cannot be deleted."))
        return super().delete()


class DocumentationEvent(NFCTextMixin, ClusterableModel):
    record = models.ForeignKey(
        "wagtailcore.Page",
        on_delete=models.PROTECT,
        related_name="documentation_events",
        verbose_name=_("record"),
        help_text=_("The site or artefact documented"),
    )
    kind = models.CharField(_("kind"), max_length=40, choices=EventKind.choices)
    date = models.DateField(_("date"))
    agency = models.CharField(_("agency responsible"), max_length=255)
    people = models.TextField(
        _("people responsible"), blank=True, help_text=_("One per line, with their role")
    )
    description = models.TextField(_("description"), blank=True)
    public = models.BooleanField(
        _("show to visitors"),
        default=False,
        help_text=_("Show a before/after summary of this event on the record's public page"),
    )
    public_summary = models.TextField(
        _("summary for visitors"), blank=True, help_text=_("What was restored, in plain words")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    sealed_at = models.DateTimeField(_("sealed"), null=True, blank=True, editable=False)
    sealed_by = models.CharField(_("sealed by"), max_length=150, blank=True, editable=False)
    sealed_version = models.CharField(_("archive version"), max_length=10, blank=True, editable=False)

    objects = EventQuerySet.as_manager()

    panels = [
        PageChooserPanel("record", [m._meta.label for m in RECORD_MODELS if m.has_physical_fabric]),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("date")]),
        FieldPanel("agency"),
        FieldPanel("people"),
        FieldPanel("description"),
        MultiFieldPanel([FieldPanel("public"), FieldPanel("public_summary")], heading=_("For visitors")),
        InlinePanel("images", label=_("Images")),
        InlinePanel("files", label=_("Files")),
        InlinePanel("observations", label=_("Condition observations")),
    ]

    class Meta:
        verbose_name = _("documentation event")
        verbose_name_plural = _("documentation events")
        ordering = ["date", "pk"]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} · {self.get_kind_display()} · {self.record_identifier}"

    @property
    def record_identifier(self):
        return getattr(self.record.specific, "identifier", "") if self.record_id else ""

    @property
    def is_sealed(self):
        return self.sealed_at is not None

    def _stored_is_sealed(self):
        return self.pk is not None and type(self).objects.filter(pk=self.pk, sealed_at__isnull=False).exists()

    def clean(self):
        if self.record_id and not getattr(self.record.specific, "has_physical_fabric", False):
            raise ValidationError({"record": _("Choose a heritage site or an artefact.")})

    def save(self, *args, **kwargs):
        if self._stored_is_sealed():
            raise SealedError(_("This event is sealed: add a correction instead."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self._stored_is_sealed():
            raise SealedError(_("This event is sealed and cannot be deleted."))
        return super().delete(*args, **kwargs)


class SealedChildMixin:
    """Children of a sealed event are sealed with it."""

    def _event_sealed(self):
        event_id = getattr(self, "event_id", None)
        return (
            event_id is not None
            and DocumentationEvent.objects.filter(pk=event_id, sealed_at__isnull=False).exists()
        )

    def save(self, *args, **kwargs):
        if self._event_sealed():
            raise SealedError(_("This event is sealed: add a correction instead."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self._event_sealed():
            raise SealedError(_("This event is sealed and cannot be deleted."))
        return super().delete(*args, **kwargs)


class EventImage(SealedChildMixin, NFCTextMixin, Orderable):
    event = ParentalKey(DocumentationEvent, on_delete=models.CASCADE, related_name="images")
    image = models.ForeignKey(
        "images.HeritageImage", on_delete=models.PROTECT, related_name="+", verbose_name=_("image")
    )
    view = models.CharField(
        _("view / angle"), max_length=255, blank=True, help_text=_("e.g. east façade, from 20 m, 1.6 m high")
    )

    panels = [FieldPanel("image"), FieldPanel("view")]

    class Meta(Orderable.Meta):
        verbose_name = _("event image")
        verbose_name_plural = _("event images")

    def __str__(self):
        if self.view:
            return f"{self.event} · {self.view}"
        image = HeritageImage.objects.filter(pk=self.image_id).first()  # the row may be gone: never raise
        return f"{self.event} · {image.title if image else self.image_id}"


class EventFile(SealedChildMixin, NFCTextMixin, Orderable):
    event = ParentalKey(DocumentationEvent, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(_("file"), upload_to="restoration/files/%Y/%m/")
    kind = models.CharField(_("kind"), max_length=30, choices=FileKind.choices, default=FileKind.OTHER)
    description = models.CharField(_("description"), max_length=500, blank=True)
    original_name = models.CharField(_("original name"), max_length=255, blank=True, editable=False)
    size = models.BigIntegerField(_("size (bytes)"), null=True, editable=False)
    sha256 = models.CharField("SHA-256", max_length=64, blank=True, editable=False)
    sha512 = models.CharField("SHA-512", max_length=128, blank=True, editable=False)

    panels = [FieldPanel("file"), FieldPanel("kind"), FieldPanel("description")]

    class Meta(Orderable.Meta):
        verbose_name = _("event file")
        verbose_name_plural = _("event files")

    def __str__(self):
        return self.original_name or self.file.name

    def save(self, *args, **kwargs):
        if self.file and not self.sha512:
            # Checksums of the file as received, before anything else touches it.
            uploaded = self.file.file
            self.original_name = (
                self.original_name or getattr(uploaded, "name", self.file.name).rsplit("/", 1)[-1]
            )
            found = digests(uploaded, ("sha256", "sha512"))
            self.sha256, self.sha512 = found["sha256"], found["sha512"]
            self.size = self.file.size
        super().save(*args, **kwargs)


class Correction(models.Model):
    """A correction to a sealed event: who, when, why, what; written as a new archive version."""

    event = models.ForeignKey(
        DocumentationEvent, on_delete=models.PROTECT, related_name="corrections", verbose_name=_("event")
    )
    reason = models.TextField(_("why"))
    text = models.TextField(_("correction"), help_text=_("What was wrong and what is right"))
    file = models.FileField(
        _("replacement or added file"), upload_to="restoration/corrections/%Y/", blank=True
    )
    created_at = models.DateTimeField(_("when"), auto_now_add=True)
    created_by = models.CharField(_("who"), max_length=150)
    archive_version = models.CharField(_("archive version"), max_length=10, blank=True)

    class Meta:
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d} {self.created_by}: {self.reason[:60]}"
