"""The demo exhibitions: two, in vi and en, ≥ 8 steps each, words from the records' own sourced text."""

import json
import re

import pytest
from django.core.management import call_command
from django.test import TestCase

from catalogue.demo.loader import load_json
from exhibitions.demo.loader import DATA
from exhibitions.models import ExhibitionPage
from iiif import tiling

pytestmark = pytest.mark.django_db
QUIET = {"stdout": open("/dev/null", "w")}  # noqa: SIM115


@pytest.fixture
def demo(db, settings):
    settings.PUBLIC_BASE_URL = "http://testserver"
    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command("load_demo", image_scale=0.05, skip_renditions=True, **QUIET)
        call_command("load_restoration_demo", **QUIET)
    call_command("load_exhibitions_demo", **QUIET)
    call_command("load_exhibitions_demo", **QUIET)  # a second run changes nothing


def summaries():
    texts = {}
    for name in ("sites.json", "artefacts.json"):
        for item in load_json(name):
            texts[item["identifier"]] = {"vi": item["summary_vi"], "en": item["summary_en"]}
    return texts


def sentences(text):
    return [part.strip() for part in re.split(r"(?<=[.;])\s+", text) if part.strip()]


def test_every_demo_fact_comes_from_the_records_own_summary():
    """Each clause a step states is in the summary of the record the step shows (the records'
    summaries are sourced in catalogue/demo/data/SOURCES.md); light rewording only of the subject."""
    known = summaries()
    for exhibition in json.loads(DATA.read_text(encoding="utf-8")):
        for step in exhibition["steps"]:
            if step["kind"] != "view":
                continue
            for language in ("vi", "en"):
                summary = known[step["record"]][language]
                for clause in re.split(r"[;,]\s+", step[f"text_{language}"]):
                    # Numbers, names and dates must appear in the record's summary.
                    for token in re.findall(r"\d[\d/.–-]*\d|\d|[A-Z][\w'-]+", clause):
                        assert token.rstrip(".").lower() in summary.lower(), (step["record"], language, token)


def test_demo_exhibitions_are_served_in_both_languages(client, demo):
    vi = ExhibitionPage.objects.filter(locale__language_code="vi").live()
    en = ExhibitionPage.objects.filter(locale__language_code="en").live()
    assert vi.count() == 2 and en.count() == 2
    assert {p.translation_key for p in vi} == {p.translation_key for p in en}
    for page in [*vi, *en]:
        steps = [block for block in page.body if block.block_type != "chapter"]
        assert len(steps) >= 8
        assert page.sources.count("http") >= 8
        response = client.get(page.url)
        assert response.status_code == 200
        assert response.text.count('class="step ') == len(steps)
    # Hội An's before/after: the restoration demo's public event on the Tấn Ký house, and no other.
    hoi_an = client.get("/en/exhibitions/hoi-an-houses-and-assembly-halls/").text
    assert hoi_an.count('class="step-before-after"') == 1
    assert "demonstration event with generated images" in hoi_an
    index = client.get("/en/exhibitions/").text
    assert "Cham sculpture: the national treasures" in index and "old houses and assembly halls" in index
    assert "Điêu khắc Chăm: những bảo vật quốc gia" in client.get("/vi/trien-lam/").text


def test_demo_exhibition_manifest_once_tiled(client, demo):
    from images.models import HeritageImage

    page = ExhibitionPage.objects.get(locale__language_code="en", slug="cham-sculpture-national-treasures")
    images = {block.value["image"].pk for block in page.body if block.block_type == "view"}
    for image in HeritageImage.objects.filter(pk__in=images).exclude(tiling_status="ready"):
        tiling.tile_image(image.pk)
    text = client.get(page.url).text
    assert "Generated illustration of" in text and "Record QN-HV-0004; sources:" in text
    manifest = client.get("/iiif/exhibition/en/cham-sculpture-national-treasures.json")
    assert manifest.status_code == 200
    data = json.loads(manifest.content)
    assert len(data["items"]) == len(images)
    assert [r["label"]["en"][0] for r in data["structures"]] == ["My Son", "Tra Kieu and Dong Duong"]
