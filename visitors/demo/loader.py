"""Loads the visitor-guide demo: visiting information, three tours with synthetic narration, and a
synthetic narration for Bài Chòi. Running it again changes nothing that is already there."""

import json
from datetime import date, time
from pathlib import Path

from django.core.files.base import ContentFile
from django.db import transaction
from wagtail.documents import get_document_model

from catalogue.models import RECORD_MODELS, Institution, IntangiblePage, Recording

from .. import audio
from ..models import OpeningPeriod, StopText, Ticket, Tour, TourStop, TourText, VisitingInfo, VisitingText

DATA_DIR = Path(__file__).parent / "data"
NARRATED = ("vi", "en")  # espeak-ng narration in the two catalogue languages; others fall back with a note
SYNTHETIC_TITLE = {
    "vi": "Giọng đọc tổng hợp (espeak-ng) phần giới thiệu — không phải bản ghi âm biểu diễn",
    "en": "Synthetic speech (espeak-ng) reading the introduction — not a recording of a performance",
}


def load(name):
    return json.loads((DATA_DIR / name).read_text(encoding="utf-8"))


def record_versions(identifier):
    """{language: live page} of the record with this identifier."""
    for model in RECORD_MODELS:
        if model.identifier_pattern().match(identifier):
            pages = model.objects.filter(identifier=identifier).live().select_related("locale")
            return {page.locale.language_code: page for page in pages}
    return {}


def _time(text):
    hours, minutes = text.split(":")
    return time(int(hours), int(minutes))


class VisitorsDemoLoader:
    def __init__(self, log=print, narrate=True):
        self.log = log
        self.narrate = narrate and audio.available()
        if narrate and not self.narrate:
            self.log("espeak-ng or opusenc missing: tours are loaded without narration")

    def run(self):
        with transaction.atomic():
            for item in load("visiting.json"):
                self.visiting(item)
            for item in load("tours.json"):
                self.tour(item)
        if self.narrate:
            self.narrate_bai_choi()

    def visiting(self, item):
        if "site" in item:
            versions = record_versions(item["site"])
            if not versions:
                self.log(f"skipped visiting information: no site {item['site']}")
                return
            site = versions.get("vi") or next(iter(versions.values()))
            if VisitingInfo.for_site(site):
                return
            info = VisitingInfo(site=site)
        else:
            institution = Institution.objects.filter(key=item["institution"]).first()
            if institution is None or VisitingInfo.objects.filter(institution=institution).exists():
                return
            info = VisitingInfo(institution=institution)
        info.visit_minutes_min = item.get("visit_minutes_min")
        info.visit_minutes_max = item.get("visit_minutes_max")
        info.address = item.get("address", "")
        info.checked_on = date.fromisoformat(item["checked_on"]) if item.get("checked_on") else None
        info.sources = item.get("sources", "")
        info.unverified_facts = item.get("unverified_facts", "")
        info.save()
        for period in item.get("periods", []):
            OpeningPeriod.objects.create(
                info=info, opens=_time(period["opens"]), closes=_time(period["closes"])
            )
        for ticket in item.get("tickets", []):
            Ticket.objects.create(info=info, **ticket)
        for language, fields in item.get("texts", {}).items():
            VisitingText.objects.create(info=info, language=language, **fields)
        self.log(f"visiting information: {info}")

    def tour(self, item):
        if Tour.objects.filter(identifier=item["identifier"]).exists():
            return
        tour = Tour(identifier=item["identifier"], slug=item["slug"], walking=item["walking"], published=True)
        tour.sources = item.get("sources", "")
        if item.get("site"):
            tour.site = record_versions(item["site"]).get("vi")
        if item.get("institution"):
            tour.institution = Institution.objects.filter(key=item["institution"]).first()
        tour.save()
        for language, fields in item["texts"].items():
            TourText.objects.create(
                tour=tour, language=language, machine_translated=language not in NARRATED, **fields
            )
        for stop_item in item["stops"]:
            self.stop(tour, stop_item)
        self.log(f"tour {tour.identifier} with {tour.stops.count()} stops")

    def stop(self, tour, item):
        versions = record_versions(item["record"])
        if not versions:
            self.log(f"skipped stop {item['number']}: no record {item['record']}")
            return
        stop = TourStop.objects.create(
            tour=tour, number=item["number"], record=versions.get("vi") or next(iter(versions.values()))
        )
        texts = {
            lang: {"title": page.title, "text": page.summary}
            for lang, page in versions.items()
            if page.summary
        }
        for language, fields in item.get("texts", {}).items():
            texts[language] = {**fields, "machine_translated": True}
        for language, fields in texts.items():
            row = StopText(stop=stop, language=language, **fields)
            if self.narrate and language in NARRATED:
                row.audio = self.document(
                    f"{stop.identifier}-{language}", f"{fields['title']}. {fields['text']}", language
                )
                row.synthetic_speech = True
            row.save()

    def document(self, name, text, language):
        Document = get_document_model()
        title = f"{name} ({SYNTHETIC_TITLE['en' if language != 'vi' else 'vi']})"
        existing = Document.objects.filter(title=title).first()
        if existing:
            return existing
        document = Document(title=title)
        document.file.save(f"{name}.ogg", ContentFile(audio.synthesise(text, language)), save=False)
        document.save()
        return document

    def narrate_bai_choi(self):
        """Bài Chòi has no published recording we may use: a synthetic reading of its published
        summary, titled as such, so the page can be heard without pretending to be a performance."""
        for page in IntangiblePage.objects.filter(identifier="QN-PVT-0001").live().select_related("locale"):
            language = page.locale.language_code
            if language not in SYNTHETIC_TITLE or not page.summary:
                continue
            if Recording.objects.filter(page=page, title=SYNTHETIC_TITLE[language]).exists():
                continue
            document = self.document(f"QN-PVT-0001-{language}", page.summary, language)
            Recording.objects.create(
                page=page,
                locale=page.locale,
                kind="audio",
                title=SYNTHETIC_TITLE[language],
                file=document,
                language=language,
                transcript=page.summary,
            )
            self.log(f"synthetic narration for {page.title}")
