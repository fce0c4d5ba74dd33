"""Which language a visitor reads a text in, and what the page says when it is not theirs."""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

VISITOR_LANGUAGES = [
    ("vi", "Tiếng Việt"),
    ("en", "English"),
    ("ko", "한국어"),
    ("zh-hans", "简体中文"),
    ("ja", "日本語"),
    ("fr", "Français"),
]
LANGUAGE_NAMES = dict(VISITOR_LANGUAGES)
# A visitor without their own language reads English first, then Vietnamese (the curators' language).
FALLBACKS = ("en", "vi")


def language_choices():
    return [(code, name) for code, name in settings.LANGUAGES if code in LANGUAGE_NAMES] or VISITOR_LANGUAGES


@dataclass
class Picked:
    text: object  # the row chosen (has .language), or None
    wanted: str
    fallback: bool
    machine_translated: bool

    @property
    def language_name(self):
        return LANGUAGE_NAMES.get(self.text.language, self.text.language) if self.text else ""

    @property
    def note(self):
        """The visible note under a text that is not in the page's language, or is machine-made."""
        if self.text is None:
            return ""
        if self.fallback:
            return _("Not yet translated into your language; shown in %(language)s.") % {
                "language": self.language_name
            }
        if self.machine_translated:
            return _("Machine translation, not yet checked by a translator.")
        return ""


def pick_text(rows, language=None):
    """The row in ``language`` (the active one by default), else English, else Vietnamese."""
    language = (language or get_language() or "vi").lower()
    by_language = {row.language.lower(): row for row in rows}
    for code in (language, *FALLBACKS):
        if code in by_language:
            row = by_language[code]
            return Picked(row, language, code != language, bool(getattr(row, "machine_translated", False)))
    row = next(iter(by_language.values()), None)
    return Picked(row, language, row is not None, bool(getattr(row, "machine_translated", False)))
