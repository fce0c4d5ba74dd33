"""Interface catalogues of the visitor languages (ko, zh-hans, ja, fr).

Django fills a string missing from a language's catalogue from the *default* language's (vi): a
Korean page would silently mix in Vietnamese. So every message of the project's Vietnamese
catalogues gets an entry here: our translation where there is one (``interface.tsv``), otherwise
the English source text, which is what a visitor without Vietnamese can read. The test suite
checks that no message is missing, so a string another app adds later is noticed.
"""

import csv
from pathlib import Path

import polib
from django.conf import settings
from django.utils.translation import to_locale

HERE = Path(__file__).resolve().parent
TABLE = HERE / "interface.tsv"
TARGET = HERE.parent / "locale"
VISITOR_ONLY = ("ko", "zh-hans", "ja", "fr")
PLURAL_FORMS = {
    "ko": "nplurals=1; plural=0;",
    "zh-hans": "nplurals=1; plural=0;",
    "ja": "nplurals=1; plural=0;",
    "fr": "nplurals=2; plural=(n > 1);",
}
PLURALS = {
    "%(counter)s stop": {
        "ko": ["정거장 %(counter)s곳"],
        "zh-hans": ["%(counter)s 个站点"],
        "ja": ["%(counter)s か所"],
        "fr": ["%(counter)s arrêt", "%(counter)s arrêts"],
    },
    "%(counter)s record": {
        "ko": ["기록 %(counter)s건"],
        "zh-hans": ["%(counter)s 条记录"],
        "ja": ["%(counter)s 件の記録"],
        "fr": ["%(counter)s fiche", "%(counter)s fiches"],
    },
}
URL_PATHS = {
    ("URL path of the tours page", "fr"): "parcours/",
    ("URL path of the offline page", "fr"): "hors-ligne/",
    ("URL path of the exhibitions page", "fr"): "expositions/",
    ("URL path of the reading room", "fr"): "bibliotheque/",
}


def source_catalogues():
    """Every Vietnamese catalogue of the project (root and per app)."""
    base = Path(settings.BASE_DIR)
    paths = [base / "locale" / "vi" / "LC_MESSAGES" / "django.po"]
    paths += sorted(p for p in base.glob("*/locale/vi/LC_MESSAGES/django.po") if ".venv" not in p.parts)
    return [p for p in paths if p.exists()]


def source_entries():
    entries = {}
    for path in source_catalogues():
        for entry in polib.pofile(str(path)):
            if not entry.obsolete:
                entries.setdefault((entry.msgctxt, entry.msgid), entry)
    return entries


def translations():
    with TABLE.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    return {row["msgid"]: row for row in rows}


def build(language, entries=None, table=None):
    entries = entries if entries is not None else source_entries()
    table = table if table is not None else translations()
    po = polib.POFile()
    po.metadata = {
        "Content-Type": "text/plain; charset=UTF-8",
        "Language": to_locale(language),
        "Plural-Forms": PLURAL_FORMS[language],
    }
    nplurals = 2 if language == "fr" else 1
    for (context, msgid), source in sorted(entries.items(), key=lambda item: (item[0][0] or "", item[0][1])):
        entry = polib.POEntry(msgid=msgid, msgctxt=context)
        if source.msgid_plural:
            entry.msgid_plural = source.msgid_plural
            forms = PLURALS.get(msgid, {}).get(language) or [msgid, source.msgid_plural][:nplurals]
            entry.msgstr_plural = dict(enumerate(forms))
            if msgid not in PLURALS:
                entry.tcomment = "untranslated: English shown"
        else:
            translated = URL_PATHS.get((context, language)) or (table.get(msgid) or {}).get(language)
            entry.msgstr = translated or msgid
            if not translated:
                entry.tcomment = "untranslated: English shown"
        po.append(entry)
    return po


def write_all():
    entries, table = source_entries(), translations()
    written = []
    for language in VISITOR_ONLY:
        folder = TARGET / to_locale(language) / "LC_MESSAGES"
        folder.mkdir(parents=True, exist_ok=True)
        po = build(language, entries, table)
        po.save(str(folder / "django.po"))
        po.save_as_mofile(str(folder / "django.mo"))
        written.append((language, len(po), len([e for e in po if e.tcomment])))
    return written
