"""Unicode normalisation of stored text.

Vietnamese can be typed precomposed (NFC: "ộ" is one code point) or decomposed (NFD: "o" plus
two combining marks); both look identical but compare, sort and index differently. Everything
is stored as NFC. This module is in the lowest layer so that every app can use it.
"""

import json
import unicodedata

from django.db import models


def nfc(value):
    """Return ``value`` NFC-normalised when it is a string, otherwise unchanged."""
    if isinstance(value, str) and not unicodedata.is_normalized("NFC", value):
        return unicodedata.normalize("NFC", value)
    return value


def _normalise_stream_value(field, value):
    raw = field.get_prep_value(value)
    if raw is None:
        return value
    text = raw if isinstance(raw, str) else json.dumps(raw, ensure_ascii=False)
    if unicodedata.is_normalized("NFC", text):
        return value
    return field.to_python(unicodedata.normalize("NFC", text))


class NFCTextMixin(models.Model):
    """Normalises every character, text and StreamField value to NFC before saving."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.normalise_text_fields()
        super().save(*args, **kwargs)

    def clean_fields(self, exclude=None):
        self.normalise_text_fields()
        super().clean_fields(exclude=exclude)

    def normalise_text_fields(self):
        from wagtail.fields import StreamField

        for field in self._meta.concrete_fields:
            value = getattr(self, field.attname, None)
            if isinstance(field, StreamField):
                if value is not None:
                    setattr(self, field.attname, _normalise_stream_value(field, value))
            elif isinstance(field, (models.CharField, models.TextField)):
                setattr(self, field.attname, nfc(value))
