from pathlib import Path

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .columns import RECORD_TYPES
from .tables import DEFAULT_MAX_BYTES


def image_root():
    return Path(getattr(settings, "CATALOGUING_IMAGE_ROOT", settings.DATA_DIR / "import-images"))


def image_folder_choices():
    """Folders under the scan drop folder on the server (where scanners and NAS copies put files)."""
    root = image_root()
    choices = [("", _("— no images —"))]
    if root.is_dir():
        choices.append((str(root), _("All of %(root)s") % {"root": root.name}))
        choices += [
            (str(p), p.name) for p in sorted(root.iterdir()) if p.is_dir() and not p.name.startswith(".")
        ]
    return choices


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet (.csv or .xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )
    record_type = forms.ChoiceField(
        label=_("Record type"),
        required=False,
        choices=[("", _("Recognise from the columns"))],
    )
    images_dir = forms.ChoiceField(label=_("Images folder"), required=False)
    create_terms = forms.BooleanField(
        label=_("Create unknown vocabulary terms"),
        required=False,
        help_text=_("Otherwise a term missing from the vocabularies is reported as an error."),
    )
    publish = forms.BooleanField(
        label=_("Publish the records"),
        required=False,
        help_text=_("Otherwise they are saved as drafts and sent for review."),
    )

    def __init__(self, *args, may_publish=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["record_type"].choices += [(key, _type_label(rt)) for key, rt in RECORD_TYPES.items()]
        self.fields["images_dir"].choices = image_folder_choices()
        if not may_publish:
            del self.fields["publish"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        max_bytes = getattr(settings, "CATALOGUING_MAX_BYTES", DEFAULT_MAX_BYTES)
        if upload.size > max_bytes:
            raise forms.ValidationError(
                _(
                    "The file is %(size)s MB; at most %(max)s MB can be imported at once. "
                    "Split it into smaller files."
                )
                % {"size": round(upload.size / 1024 / 1024, 1), "max": round(max_bytes / 1024 / 1024)}
            )
        if Path(upload.name).suffix.lower() not in (".csv", ".xlsx"):
            raise forms.ValidationError(
                _("Only .csv and .xlsx files can be imported, not %(suffix)s.")
                % {"suffix": Path(upload.name).suffix}
            )
        return upload


def _type_label(rt):
    from django.utils.translation import get_language

    return rt.en if (get_language() or "vi").startswith("en") else rt.vi
