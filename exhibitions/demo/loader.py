"""Loads the two demo exhibitions (Champa sculpture's national treasures; Hội An's houses and assembly
halls) in Vietnamese and English, on the demo records loaded by ``load_demo``.

Every step's words are sentences of the record's own sourced summary (catalogue/demo/data/), and
each step names the record and its first published sources. The demo pictures are the catalogue's
generated illustrations, and the regions frame what those pictures really show (the printed name,
identifier or "illustrative" label), as their descriptions say. Running it again changes nothing.
"""

import json
from pathlib import Path
from urllib.parse import urlsplit

from django.db import transaction
from wagtail.models import Locale
from wagtail.rich_text import RichText

from catalogue.demo.loader import load_json as load_catalogue_json
from catalogue.models import HomePage, find_published_record

from ..models import ExhibitionIndexPage, ExhibitionPage

DATA = Path(__file__).parent / "data" / "exhibitions.json"
INDEX = {
    "vi": {
        "title": "Triển lãm",
        "slug": "trien-lam",
        "intro": "Những câu chuyện kể qua các bản ghi của kho lưu trữ.",
    },
    "en": {
        "title": "Exhibitions",
        "slug": "exhibitions",
        "intro": "Stories told through the archive's records.",
    },
}
# Where the catalogue's generated illustrations print the record's name, identifier and label
# (catalogue/demo/images.py), as fractions of the picture: x, y, width, height.
REGIONS = {
    "title": (0.06, 0.26, 0.88, 0.2),
    "identifier": (0.2, 0.54, 0.6, 0.14),
    "label": (0.06, 0.77, 0.88, 0.13),
}
REGION_WORDS = {
    None: {"vi": "toàn bộ ảnh", "en": "the whole picture"},
    "title": {"vi": "dòng ghi tên", "en": "the line giving its name"},
    "identifier": {"vi": "dòng ghi mã định danh", "en": "the line giving its identifier"},
    "label": {"vi": "nhãn “ảnh minh họa”", "en": "the “illustrative image” label"},
}
ALT = {
    "vi": "Ảnh minh họa tạo tự động của “{title}” (không phải ảnh chụp): {part}",
    "en": "Generated illustration of “{title}” (not a photograph): {part}",
}
SOURCE = {"vi": "Bản ghi {identifier}; nguồn: {sources}", "en": "Record {identifier}; sources: {sources}"}
RESTORATION_NOTE = {
    "vi": "Sự kiện minh họa của bản demo kho lưu trữ tu bổ (restoration/demo.py)",
    "en": "Demonstration event of the restoration archive's demo (restoration/demo.py)",
}


def _catalogue_sources():
    sources = {}
    for name in ("sites.json", "artefacts.json"):
        for item in load_catalogue_json(name):
            sources[item["identifier"]] = item.get("sources", [])
    return sources


def _named(sources, count=2):
    """The first ``count`` published sources of a record, by the site that published them."""
    names = []
    for line in sources:
        host = urlsplit(line.split(" ")[0]).netloc.removeprefix("www.")
        if host and host not in names:
            names.append(host)
    return ", ".join(names[:count])


class ExhibitionsDemoLoader:
    def __init__(self, log=print):
        self.log = log
        self.sources = _catalogue_sources()
        self.locales = {code: Locale.objects.get(language_code=code) for code in ("vi", "en")}

    def run(self):
        with transaction.atomic():
            indexes = self.indexes()
            if indexes is None:
                return
            for item in json.loads(DATA.read_text(encoding="utf-8")):
                self.exhibition(indexes, item)

    def indexes(self):
        homes = {
            code: HomePage.objects.filter(locale=locale).first() for code, locale in self.locales.items()
        }
        if homes["vi"] is None or homes["en"] is None:
            self.log("Load the catalogue demo first (load_demo): no home pages in vi and en")
            return None
        indexes = {}
        vi = ExhibitionIndexPage.objects.filter(locale=self.locales["vi"]).first()
        if vi is None:
            vi = ExhibitionIndexPage(**INDEX["vi"])
            homes["vi"].add_child(instance=vi)
            vi.save_revision().publish()
        indexes["vi"] = vi
        en = ExhibitionIndexPage.objects.filter(locale=self.locales["en"]).first()
        if en is None:
            en = ExhibitionIndexPage(
                **INDEX["en"], locale=self.locales["en"], translation_key=vi.translation_key
            )
            homes["en"].add_child(instance=en)
            en.save_revision().publish()
        indexes["en"] = en
        return indexes

    def exhibition(self, indexes, item):
        translation_key = None
        for language in ("vi", "en"):
            slug = item[f"slug_{language}"]
            existing = ExhibitionPage.objects.filter(locale=self.locales[language], slug=slug).first()
            if existing is not None:
                translation_key = existing.translation_key
                continue
            body = [block for step in item["steps"] if (block := self.step(step, language))]
            page = ExhibitionPage(
                title=item[f"title_{language}"],
                slug=slug,
                summary=item[f"summary_{language}"],
                body=body,
                sources="\n".join(self.source_lines(item)),
                locale=self.locales[language],
            )
            if translation_key is not None:
                page.translation_key = translation_key
            indexes[language].add_child(instance=page)
            page.save_revision().publish()
            translation_key = page.translation_key
            self.log(f"Exhibition {slug}: {len(body)} blocks")

    def source_lines(self, item):
        identifiers = []
        for step in item["steps"]:
            for identifier in [step.get("record"), *step.get("records", []), *step.get("sites", [])]:
                if identifier and identifier not in identifiers:
                    identifiers.append(identifier)
        lines = []
        for identifier in identifiers:
            lines += [f"{identifier}: {line}" for line in self.sources.get(identifier, [])[:2]]
        return lines

    def record(self, identifier, language):
        return find_published_record(identifier, language)

    def step(self, step, language):
        kind = step["kind"]
        if kind == "chapter":
            return ("chapter", {"heading": step[language], "intro": ""})
        if kind == "view":
            record = self.record(step["record"], language)
            image = record.primary_image() if record else None
            if image is None:
                self.log(f"{step['record']}: no record or no image; step left out")
                return None
            region = {"x": None, "y": None, "w": None, "h": None}
            if step["region"]:
                fx, fy, fw, fh = REGIONS[step["region"]]
                width, height = image.iiif_width or image.width, image.iiif_height or image.height
                region = {
                    "x": round(fx * width),
                    "y": round(fy * height),
                    "w": round(fw * width),
                    "h": round(fh * height),
                }
            part = REGION_WORDS[step["region"]][language]
            return (
                "view",
                {
                    "heading": step.get(f"heading_{language}", ""),
                    "text": RichText(f"<p>{step[f'text_{language}']}</p>"),
                    "image": image,
                    "alt": ALT[language].format(title=record.title, part=part),
                    "region": region,
                    "record": record,
                    "source": SOURCE[language].format(
                        identifier=record.identifier, sources=_named(self.sources.get(record.identifier, []))
                    ),
                },
            )
        if kind == "map":
            sites = [found for identifier in step["sites"] if (found := self.record(identifier, language))]
            return (
                "map",
                {
                    "heading": step[f"heading_{language}"],
                    "text": RichText(f"<p>{step[f'text_{language}']}</p>"),
                    "sites": sites,
                },
            )
        if kind == "records":
            records = [
                found for identifier in step["records"] if (found := self.record(identifier, language))
            ]
            return ("records", {"heading": step[f"heading_{language}"], "records": records})
        if kind == "comparison":
            record = self.record(step["record"], language)
            if record is None:
                return None
            return (
                "comparison",
                {
                    "heading": step[f"heading_{language}"],
                    "text": RichText(f"<p>{step[f'text_{language}']}</p><p>{RESTORATION_NOTE[language]}</p>"),
                    "record": record,
                },
            )
        raise ValueError(f"unknown demo step kind {kind!r}")
