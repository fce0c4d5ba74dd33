"""The archive's image model: a master scan kept byte-for-byte, with fixity and capture data."""

import io
import os
import secrets
from contextlib import contextmanager
from pathlib import Path

import pyvips
import willow
from django.core.validators import RegexValidator
from django.db import models
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from wagtail.images.models import (
    AbstractImage,
    AbstractRendition,
    Image,
    SourceImageIOError,
    WagtailImageField,
    WagtailImageFieldFile,
    get_upload_to,
)
from wagtail.images.rect import Rect

from .fixity import digests
from .text import NFCTextMixin
from .vips import header_size, web_copy

# Renditions are made from a copy of the master at most this many pixels a side.
RENDITION_SOURCE_MAX = 4096

RIGHTS_CHOICES = [
    ("https://creativecommons.org/publicdomain/mark/1.0/", _("Public Domain Mark 1.0")),
    ("https://creativecommons.org/publicdomain/zero/1.0/", _("CC0 1.0")),
    ("https://creativecommons.org/licenses/by/4.0/", _("CC BY 4.0")),
    ("https://creativecommons.org/licenses/by-sa/4.0/", _("CC BY-SA 4.0")),
    ("https://creativecommons.org/licenses/by-nc/4.0/", _("CC BY-NC 4.0")),
    ("https://creativecommons.org/licenses/by-nc-nd/4.0/", _("CC BY-NC-ND 4.0")),
    ("http://rightsstatements.org/vocab/InC/1.0/", _("In Copyright")),
    ("http://rightsstatements.org/vocab/InC-EDU/1.0/", _("In Copyright – Educational Use Permitted")),
    ("http://rightsstatements.org/vocab/NoC-NC/1.0/", _("No Copyright – Non-Commercial Use Only")),
    ("http://rightsstatements.org/vocab/CNE/1.0/", _("Copyright Not Evaluated")),
]
DEFAULT_RIGHTS = "http://rightsstatements.org/vocab/InC-EDU/1.0/"

iiif_identifier_validator = RegexValidator(
    r"^[A-Za-z0-9](?:[A-Za-z0-9_-]|\.(?!\.))*$",
    _("Use only letters, digits, '-', '_' and single dots; it must start with a letter or digit."),
)


def new_iiif_identifier():
    """A random, URL-safe, unguessable identifier for the IIIF Image API."""
    return f"img-{secrets.token_hex(8)}"


class MasterFieldFile(WagtailImageFieldFile):
    def get_image_dimensions(self):
        """Pixel size read by libvips, which also reads the 16-bit and CMYK TIFFs Pillow refuses."""
        candidates = []
        if hasattr(self.file, "temporary_file_path"):
            candidates.append(self.file.temporary_file_path())
        candidates += [
            getattr(self.file, "name", None),
            getattr(getattr(self.file, "file", None), "name", None),
        ]
        for candidate in candidates:
            if isinstance(candidate, str) and Path(candidate).is_file():
                return header_size(candidate)
        if self.name and self.storage.exists(self.name):
            return header_size(self.path)
        # An upload held in memory (small files): read its bytes.
        position = self.file.tell()
        self.file.seek(0)
        try:
            return header_size(self.file.read())
        finally:
            self.file.seek(position)


class MasterImageField(WagtailImageField):
    attr_class = MasterFieldFile


class TilingStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    PROCESSING = "processing", _("Processing")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


class HeritageImage(NFCTextMixin, AbstractImage):
    """A master image (scan or photograph) of a heritage record.

    The uploaded file is the master: it is stored unchanged, and its SHA-256 is computed on
    ingest so that researchers can prove it was never altered.
    """

    file = MasterImageField(
        verbose_name=_("file"), upload_to=get_upload_to, width_field="width", height_field="height"
    )
    iiif_identifier = models.CharField(
        _("IIIF identifier"),
        max_length=100,
        unique=True,
        blank=True,
        default=new_iiif_identifier,
        validators=[iiif_identifier_validator],
        help_text=_(
            "Used in IIIF Image API URLs; generated automatically, or e.g. a scan's accession number."
        ),
    )
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True, editable=False, db_index=True)
    original_filename = models.CharField(_("original file name"), max_length=255, blank=True, editable=False)
    capture_date = models.DateField(_("capture date"), null=True, blank=True)
    photographer = models.CharField(_("photographer"), max_length=255, blank=True)
    agency = models.CharField(_("agency"), max_length=255, blank=True, help_text=_("Digitising agency"))
    rights = models.URLField(
        _("rights"),
        max_length=255,
        choices=RIGHTS_CHOICES,
        default=DEFAULT_RIGHTS,
        help_text=_("Licence or rightsstatements.org statement"),
    )
    credit_line = models.CharField(_("credit line"), max_length=255, blank=True)
    illustrative = models.BooleanField(
        _("illustrative"),
        default=False,
        help_text=_("A generated placeholder, not a photograph of the object."),
    )
    tiling_status = models.CharField(
        _("tiling status"),
        max_length=12,
        choices=TilingStatus.choices,
        default=TilingStatus.PENDING,
        editable=False,
    )
    tiling_error = models.TextField(_("tiling error"), blank=True, editable=False)
    tiled_at = models.DateTimeField(_("tiled at"), null=True, blank=True, editable=False)
    # Size of the published pyramid: the master after EXIF autorotation, so it can differ from
    # width × height (which Wagtail reads from the stored file).
    tiled_width = models.PositiveIntegerField(_("tiled width"), null=True, blank=True, editable=False)
    tiled_height = models.PositiveIntegerField(_("tiled height"), null=True, blank=True, editable=False)

    admin_form_fields = (
        *Image.admin_form_fields,
        "iiif_identifier",
        "capture_date",
        "photographer",
        "agency",
        "rights",
        "credit_line",
    )

    class Meta(AbstractImage.Meta):
        verbose_name = _("heritage image")
        verbose_name_plural = _("heritage images")

    @property
    def is_unavailable(self):
        """A master that could not be turned into deep zoom (unreadable, corrupt): nothing can show it."""
        return self.tiling_status == TilingStatus.FAILED

    @property
    def unavailable_reason(self):
        """Why the image cannot be shown, in words for visitors (the technical error is in the admin)."""
        error = self.tiling_error.lower()
        if "truncated" in error or "premature" in error:
            return _("the stored file is incomplete")
        if error:
            return _("the stored file is damaged or cannot be read")
        return ""

    @property
    def iiif_width(self):
        """Width of the image as the IIIF Image API serves it (upright)."""
        return self.tiled_width or self.width

    @property
    def iiif_height(self):
        return self.tiled_height or self.height

    @contextmanager
    def get_willow_image(self):
        """The image Wagtail makes renditions from: an upright 8-bit sRGB copy made by libvips.

        Pillow cannot read 16-bit or CMYK TIFFs and would decode a 300-megapixel master whole;
        libvips shrinks on load. Masters larger than RENDITION_SOURCE_MAX are reduced, and the
        focal point is scaled with them while the copy is in use.
        """
        try:
            copy = willow.Image.open(io.BytesIO(web_copy(self.file.path, RENDITION_SOURCE_MAX)))
        except pyvips.Error as error:
            # Wagtail's templates and admin show a placeholder for this error instead of failing
            # the whole page: one unreadable master must never break a listing.
            raise SourceImageIOError(str(error).strip()) from error
        copy_width, _height = copy.get_size()
        self._focal_point_scale = copy_width / max(1, self.iiif_width)
        try:
            yield copy
        finally:
            self._focal_point_scale = 1

    def get_focal_point(self):
        rect = super().get_focal_point()
        scale = getattr(self, "_focal_point_scale", 1)
        if rect is None or scale == 1:
            return rect
        return Rect(*(round(side * scale) for side in (rect.left, rect.top, rect.right, rect.bottom)))

    def _set_image_file_metadata(self):
        """Record size and both checksums (Wagtail's SHA-1, the archive's SHA-256) in one read."""
        self.file.open()
        self.file_size = self.file.size
        hashes = digests(self.file, ("sha1", "sha256"))
        self.file_hash = hashes["sha1"]
        self.sha256 = hashes["sha256"]
        if not self.original_filename:
            self.original_filename = self.file.name.rsplit("/", 1)[-1][:255]
        self.file.seek(0)

    def save(self, *args, **kwargs):
        if not self.iiif_identifier:
            self.iiif_identifier = new_iiif_identifier()
        if self.file and not self.sha256:
            self._set_image_file_metadata()
        super().save(*args, **kwargs)
        # Derivatives made while the master was verified (its pyramid), set by the upload form.
        prepared = self.__dict__.pop("_prepared", None)
        if prepared is not None:
            prepared.published(self)


class HeritageRendition(AbstractRendition):
    image = models.ForeignKey(HeritageImage, on_delete=models.CASCADE, related_name="renditions")

    def get_upload_to(self, filename):
        """``images/<key>/<name>``: the web server sends renditions without asking the app, and
        Wagtail names them after the master's file name, which a visitor may know or guess; a key
        derived from the image and the site's secret makes the address of an image that is not
        public unguessable."""
        key = salted_hmac("images.rendition-folder", str(self.image.sha256 or self.image_id)).hexdigest()[:20]
        filename = self.file.field.storage.get_valid_name(filename)
        return os.path.join("images", key, filename)

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)
