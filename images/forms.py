"""Admin forms of the image model: uploads are checked by libvips, as batch ingest checks them."""

import tempfile

from django import forms
from django.core.exceptions import ValidationError
from django.forms.fields import FileField
from django.urls import reverse
from django.utils.html import format_html
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


def title_from_filename(name):
    """ "BTC-0012_mat-truoc.tif" → "BTC-0012 mat truoc": what Wagtail's upload script would propose."""
    stem = name.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return " ".join(stem.replace("_", " ").split())[:255]


class HeritageImageForm(BaseImageForm):
    # Wagtail's file input, whose script proposes the title from the file name.
    file = HeritageImageField(label=_("File"), widget=BaseImageForm.Meta.widgets["file"])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "title" in self.fields:
            # Filled from the file name when left empty, so an upload never fails for want of a title.
            self.fields["title"].required = False
            self.fields["title"].help_text = _("Leave empty to use the file name.")

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file") or getattr(self.instance, "file", None)
        if "title" in self.fields and not cleaned.get("title") and upload:
            cleaned["title"] = title_from_filename(getattr(upload, "name", "") or "")
            self.errors.pop("title", None)
        return cleaned

    def clean_file(self):
        """Refuse a file that is already in the archive (same SHA-256), naming the image that has it."""
        upload = self.cleaned_data.get("file")
        if upload is None or "file" not in self.changed_data:
            return upload
        sha256 = digests(upload)["sha256"]
        existing = HeritageImage.objects.filter(sha256=sha256).exclude(pk=self.instance.pk).first()
        if existing:
            raise ValidationError(
                format_html(
                    '{} <a href="{}">{}</a>',
                    _("This file is already in the archive as “%(title)s” (%(id)s); it is not stored twice.")
                    % {"title": existing.title, "id": existing.iiif_identifier},
                    reverse("wagtailimages:edit", args=(existing.pk,)),
                    _("Use the existing image"),
                ),
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
        # Wagtail's own widgets kept: focal points as hidden inputs (set by dragging on the image,
        # not typed), and the file input that proposes the title from the file name.
        widgets = {**BaseImageForm.Meta.widgets, "capture_date": forms.DateInput(attrs={"type": "date"})}


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
