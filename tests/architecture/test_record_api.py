"""Records answer for themselves: what the upper layers ask, per record type, and no type switches
outside the catalogue."""

import ast
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings

from catalogue.models import RECORD_MODELS, DocumentPageImage, find_published_record, model_for_identifier
from catalogue.models.places import FORMER_DISTRICTS
from tests import data, factories

ROOT = Path(settings.BASE_DIR)
RECORD_CLASS_NAMES = {model.__name__ for model in RECORD_MODELS} | {"DocumentPageImage", "RecordImage"}


def test_no_app_above_the_catalogue_switches_on_the_record_type():
    """No isinstance()/issubclass() with a record class, no ``model is SitePage``, outside catalogue."""
    found = []
    for app in (
        "iiif",
        "search",
        "relic_map",
        "restoration",
        "opendata",
        "cataloguing",
        "visitors",
        "exhibitions",
        "operations",
        "library",
    ):
        for path in sorted((ROOT / app).rglob("*.py")) if (ROOT / app).is_dir() else []:
            if "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                names = []
                if isinstance(node, ast.Call) and getattr(node.func, "id", "") in (
                    "isinstance",
                    "issubclass",
                ):
                    names = [n.id for n in ast.walk(node.args[1]) if isinstance(n, ast.Name)]
                elif isinstance(node, ast.Compare) and any(
                    isinstance(op, ast.Is | ast.IsNot) for op in node.ops
                ):
                    names = [n.id for n in ast.walk(node) if isinstance(n, ast.Name)]
                if hits := RECORD_CLASS_NAMES.intersection(names):
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno} {sorted(hits)}")
    assert not found, "type switches outside the catalogue:\n" + "\n".join(found)


@pytest.mark.django_db
def test_each_record_type_says_where_it_is_and_where_it_is_held(indexes, tmp_path):
    site = factories.site(indexes)
    museum = factories.institution()
    museum.latitude, museum.longitude = Decimal("16.0606"), Decimal("108.2232")
    museum.save()
    artefact = factories.artefact(
        indexes, findspot=site, holding_institution=museum, status="national_treasure"
    )
    intangible = factories.intangible(indexes)
    intangible.related_sites.add(site)
    document = factories.documentary(indexes, holding_institution=museum)

    my_son = data.site_fields(data.MY_SON)
    assert site.located_at == site and site.held_at is None and site.on_map
    assert site.public_point() == (float(my_son["latitude"]), float(my_son["longitude"]))
    assert artefact.located_at == site and artefact.held_at == museum and not artefact.on_map
    assert artefact.public_point() == site.public_point()
    assert artefact.held_at.location == (16.0606, 108.2232)
    assert document.held_at == museum and document.located_at is None and document.public_point() is None
    assert intangible.located_at is None and intangible.former_districts() == ["duy-xuyen"]
    assert artefact.former_districts() == site.former_districts() == ["duy-xuyen"]
    assert dict(FORMER_DISTRICTS)["duy-xuyen"]

    assert ("ranking", "world_heritage") in site.facet_values()
    assert {("status", "national_treasure"), ("institution", museum.key), ("district", "duy-xuyen")} <= set(
        artefact.facet_values()
    )
    assert ("institution", museum.key) in document.facet_values()
    assert ("domain", "performing_arts") in intangible.facet_values()
    assert all(("type", r.record_type) in r.facet_values() for r in (site, artefact, intangible, document))

    assert (site.standing, artefact.standing, intangible.standing, document.standing) == (4, 2, 3, 0)
    assert site.has_physical_fabric and artefact.has_physical_fabric
    assert not intangible.has_physical_fabric and not document.has_physical_fabric
    assert site.place_fields()["latitude"] == str(site.latitude) and artefact.place_fields() == {}

    # A document's canvases are its pages; without pages, its record images.
    image = factories.make_image(tmp_path)
    assert document.canvas_items() == [] and document.transcription_language() == "lzh"
    page = DocumentPageImage.objects.create(
        document=document, image=image, label="Tờ 1", locale=document.locale
    )
    assert document.canvas_items() == [page] and document.canvas_images() == [image]
    assert page.carries_text and page.canvas_label == "Tờ 1"
    assert document.viewing_direction == "left-to-right" and site.viewing_direction is None
    assert list(type(document).objects.published().with_canvases()) == [document]


@pytest.mark.django_db
def test_the_published_record_lookup(indexes):
    site = factories.site(indexes)
    draft = factories.site(indexes, slug="draft", title="Bản nháp")
    draft.unpublish()
    assert model_for_identifier(site.identifier.lower()) is type(site)
    assert model_for_identifier("QN-XX-0001") is None and model_for_identifier("QN-DT-0001\x00") is None
    assert find_published_record(site.identifier, "vi") == site
    assert find_published_record(f" {site.identifier.lower()} ", "en") == site  # falls back to the source
    assert find_published_record(draft.identifier, "vi") is None
    assert type(site).objects.find(draft.identifier) == draft  # any state, for the archive
    assert type(site).objects.published().find("not an identifier") is None
