"""Import runs (what was uploaded, its check and progress) and the rows each run has written."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportRun(models.Model):
    class Status(models.TextChoices):
        CHECKED = "checked", _("Checked")
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    file = models.FileField(_("file"), upload_to="imports/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=255)
    file_sha256 = models.CharField(max_length=64, db_index=True)
    record_type = models.CharField(_("record type"), max_length=20, blank=True)
    images_dir = models.CharField(_("images folder"), max_length=500, blank=True)
    create_terms = models.BooleanField(_("create unknown terms"), default=False)
    publish = models.BooleanField(_("publish"), default=False)
    language = models.CharField(max_length=10, default="vi")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.CHECKED)
    rows_total = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    images_done = models.PositiveIntegerField(default=0)
    summary = models.JSONField(default=dict, blank=True)
    problems = models.JSONField(default=list, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self):
        return self.original_name

    @property
    def percent(self):
        return round(100 * self.rows_done / self.rows_total) if self.rows_total else 0


class ImportedRow(models.Model):
    """The record a row of a file became, so a re-run of the same file after a crash updates it
    instead of creating it twice (rows without identifier or inventory number have no other key)."""

    file_sha256 = models.CharField(max_length=64)
    record_type = models.CharField(max_length=20)
    row_number = models.PositiveIntegerField()
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["file_sha256", "record_type", "row_number"], name="one_record_per_row"
            )
        ]

    def __str__(self):
        return f"{self.record_type} row {self.row_number} → {self.page_id}"
