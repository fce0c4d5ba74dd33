"""Admin forms of the image model."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

# File-name extensions that name the same format under another spelling ('.tif' is the usual one
# for scans, and Wagtail compares the extension with the detected format letter by letter).
EXTENSION_FORMATS = {
    "jpg": "jpeg",
    "jpeg": "jpeg",
    "tif": "tiff",
    "tiff": "tiff",
    "png": "png",
    "webp": "webp",
}


class HeritageImageField(WagtailImageField):
    def check_image_file_format(self, f):
        extension = f.name.rsplit(".", 1)[-1].lower() if "." in f.name else ""
        if extension not in self.allowed_image_extensions:
            raise ValidationError(
                self.error_messages["invalid_image_extension"], code="invalid_image_extension"
            )
        detected = f.image.format_name
        if EXTENSION_FORMATS.get(extension) != detected:
            raise ValidationError(
                _(
                    "The file's name says .%(extension)s but its content is %(image_format)s; "
                    "rename or re-export it."
                )
                % {"extension": extension, "image_format": detected},
                code="invalid_image_known_format",
            )


class HeritageImageForm(BaseImageForm):
    file = HeritageImageField(label=_("File"))

    class Meta:
        widgets = {"capture_date": forms.DateInput(attrs={"type": "date"})}
