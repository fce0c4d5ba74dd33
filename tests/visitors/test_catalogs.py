"""The visitor languages' interface catalogues: complete, compiled, and no Vietnamese fallback."""

import polib
import pytest
from django.utils import translation

from visitors.i18n import catalogs


@pytest.mark.parametrize("language", catalogs.VISITOR_ONLY)
def test_every_project_message_has_an_entry_so_nothing_falls_back_to_vietnamese(language):
    path = catalogs.TARGET / translation.to_locale(language) / "LC_MESSAGES" / "django.po"
    written = {(entry.msgctxt, entry.msgid) for entry in polib.pofile(str(path))}
    missing = set(catalogs.source_entries()) - written
    assert not missing, f"run manage.py sync_visitor_catalogs: {sorted(missing)[:5]}"
    # Compared by content, not by file times: a fresh clone gives both files the checkout's time.
    compiled = {(e.msgctxt, e.msgid): e.msgstr for e in polib.mofile(str(path.with_suffix(".mo")))}
    stale = [e.msgid for e in polib.pofile(str(path)).translated_entries()
             if not e.msgid_plural and compiled.get((e.msgctxt, e.msgid)) != e.msgstr]  # fmt: skip
    assert not stale, f"run manage.py sync_visitor_catalogs (the .mo is stale): {stale[:5]}"


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("ko", "투어"),
        ("zh-hans", "导览路线"),
        ("ja", "ツアー"),
        ("fr", "Parcours"),
        ("vi", "Lộ trình"),
        ("en", "Tours"),
    ],
)
def test_interface_strings_in_each_language(language, expected):
    with translation.override(language):
        assert translation.gettext("Tours") == expected


def test_an_untranslated_message_reads_english_not_vietnamese():
    with translation.override("ko"):
        # An admin-only message without a Korean translation: the English source, not "Xếp hạng"-style vi.
        assert translation.gettext("Give at least one identifier.") == "Give at least one identifier."


def test_table_placeholders_match_their_source():
    import re

    for msgid, row in catalogs.translations().items():
        wanted = sorted(re.findall(r"%\(\w+\)s", msgid))
        for language in catalogs.VISITOR_ONLY:
            assert sorted(re.findall(r"%\(\w+\)s", row[language])) == wanted, (msgid, language)
