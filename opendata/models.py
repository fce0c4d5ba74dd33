"""What other systems need to sync from us: each record's public state and when it last changed,
deletions kept for ever (OAI-PMH ``deletedRecord=persistent``), the history of manifest changes
(IIIF Change Discovery) and the bulk dumps written."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RecordState(models.Model):
    """One row per record (all its language versions), kept by ``opendata.state``.

    A record that stops being public (unpublished, deleted, put behind a view restriction) keeps
    its row with ``deleted`` set, so harvesters learn of the deletion; it is never removed.
    """

    identifier = models.CharField(_("identifier"), max_length=20, unique=True)
    record_type = models.CharField(_("record type"), max_length=20, db_index=True)
    translation_key = models.UUIDField(db_index=True)
    datestamp = models.DateTimeField(_("last changed"))
    deleted = models.BooleanField(_("deleted"), default=False)
    has_manifest = models.BooleanField(default=False)
    # Filters of the records API, copied so that a page of records is one indexed query.
    ranking = models.CharField(max_length=30, blank=True)
    status = models.CharField(max_length=30, blank=True)

    class Meta:
        verbose_name = _("record state")
        verbose_name_plural = _("record states")
        indexes = [models.Index(fields=["datestamp", "identifier"], name="opendata_state_stamp")]

    def __str__(self):
        return f"{self.identifier} ({'deleted' if self.deleted else 'public'})"


class ActivityType(models.TextChoices):
    CREATE = "Create"
    UPDATE = "Update"
    DELETE = "Delete"


class ManifestActivity(models.Model):
    """A change of a record's IIIF manifest, appended in time order (never edited)."""

    identifier = models.CharField(max_length=20, db_index=True)
    activity = models.CharField(max_length=10, choices=ActivityType.choices)
    end_time = models.DateTimeField()

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return f"{self.activity} {self.identifier} {self.end_time:%Y-%m-%dT%H:%M:%SZ}"


class DumpFile(models.Model):
    """A file of the nightly bulk dump (CSV, JSON-LD, GeoJSON) with its checksum."""

    name = models.CharField(_("file name"), max_length=120)
    path = models.CharField(max_length=255, unique=True)  # relative to MEDIA_ROOT
    format = models.CharField(_("format"), max_length=20)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    records = models.PositiveIntegerField(_("records"))
    created_at = models.DateTimeField(_("written at"))

    class Meta:
        ordering = ["-created_at", "name"]
        verbose_name = _("dump file")
        verbose_name_plural = _("dump files")

    def __str__(self):
        return self.name
