"""Admin forms of the image model: uploads are checked by libvips, as batch ingest checks them."""

import tempfile

from django import forms
from django.core.exceptions import ValidationError
from django.forms.fields import FileField
from django.utils.translation import gettext_lazy as _
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

from .fixity import digests
from .models import HeritageImage
from .verification import verify
from .vips import RefusedImage, read_header

# Extensions accepted for each format libvips reports ('.tif' is the usual one for scans).
FORMAT_EXTENSIONS = {
    "JPEG": {"jpg", "jpeg"},
    "TIFF": {"tif", "tiff"},
    "PNG": {"png"},
    "WebP": {"webp"},
    "JPEG 2000": {"jp2", "j2k"},
}
MIME_TYPES = {
    "JPEG": "image/jpeg",
    "TIFF": "image/tiff",
    "PNG": "image/png",
    "WebP": "image/webp",
    "JPEG 2000": "image/jp2",
}


class HeritageImageField(WagtailImageField):
    """Validates an upload from its header with libvips, never decoding the pixels.

    Wagtail's own field opens uploads with Pillow, which refuses 16-bit and CMYK TIFFs — everyday
    scanner output — and compares extensions with formats letter by letter ('.tif' ≠ 'tiff').
    """

    def to_python(self, data):
        upload = FileField.to_python(self, data)
        if upload is None:
            return None
        self.check_image_file_size(upload)
        source = data.temporary_file_path() if hasattr(data, "temporary_file_path") else None
        if source is None:
            data.seek(0)
            source = data.read()
            data.seek(0)
        try:
            header = read_header(source, max_pixels=self.max_image_pixels)
        except RefusedImage as refusal:
            raise ValidationError(str(refusal), code="invalid_image") from None
        extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
        if extension not in FORMAT_EXTENSIONS[header.format]:
            raise ValidationError(
                _(
                    "The file's name says .%(extension)s but its content is %(image_format)s; "
                    "rename or re-export it."
                )
                % {"extension": extension, "image_format": header.format},
                code="invalid_image_known_format",
            )
        upload.content_type = MIME_TYPES[header.format]
        return upload


class HeritageImageForm(BaseImageForm):
    file = HeritageImageField(label=_("File"))

    def clean_file(self):
        """Refuse a file that is already in the archive (same SHA-256), naming the image that has it."""
        upload = self.cleaned_data.get("file")
        if upload is None or "file" not in self.changed_data:
            return upload
        sha256 = digests(upload)["sha256"]
        existing = HeritageImage.objects.filter(sha256=sha256).exclude(pk=self.instance.pk).first()
        if existing:
            raise ValidationError(
                _("This file is already in the archive as “%(title)s” (%(id)s); it is not stored twice.")
                % {"title": existing.title, "id": existing.iiif_identifier},
                code="duplicate",
            )
        self._discard_prepared()
        try:
            self._prepared = _verify_upload(upload)
        except RefusedImage as refusal:
            raise ValidationError(str(refusal), code="invalid_image") from None
        return upload

    def _discard_prepared(self):
        prepared = self.__dict__.pop("_prepared", None)
        if prepared is not None:
            prepared.discard()

    def save(self, commit=True):
        image = super().save(commit=False)
        prepared = self.__dict__.pop("_prepared", None)
        if prepared is not None and "file" in self.changed_data:
            prepared.adopt(image)
            image._prepared = prepared  # published by HeritageImage.save once the row exists
        if commit:
            image.save()
            self._save_m2m()
        return image

    class Meta:
        widgets = {"capture_date": forms.DateInput(attrs={"type": "date"})}


def _verify_upload(upload):
    """Decode the whole upload (images.verification) from its temporary file, or a copy of a small
    upload held in memory."""
    if hasattr(upload, "temporary_file_path"):
        return verify(upload.temporary_file_path())
    upload.seek(0)
    suffix = "." + upload.name.rsplit(".", 1)[-1] if "." in upload.name else ""
    with tempfile.NamedTemporaryFile(suffix=suffix) as copy:
        for chunk in upload.chunks():
            copy.write(chunk)
        copy.flush()
        upload.seek(0)
        return verify(copy.name)
