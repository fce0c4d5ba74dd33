"""The demo data agrees with itself, with the map of the province and with the README.

Pure data checks (no database): where each site lies, what each artefact and decision carries,
and that every fact the data leaves unknown is named on the record.
"""

import json
import math
import re
from pathlib import Path

import pytest
from django.utils import translation

from catalogue.demo.loader import DATA_DIR
from catalogue.demo.unverified import UNVERIFIED_LABELS, unverified
from catalogue.models.artefacts import ArtefactStatus
from catalogue.models.intangible import Inscription, UnescoDomain
from catalogue.models.places import FORMER_DISTRICTS
from catalogue.models.sites import Ranking, SiteCategory
from relic_map.legend import province_outline

ROOT = Path(__file__).resolve().parent.parent
# The outline (Natural Earth 1:10m) has the mainland only; the Cù Lao Chàm islands are checked
# against their commune's centre alone.
ISLAND_COMMUNES = {"xã Tân Hiệp"}
# Rankings given by a decision: such a site names the decision and its date, or says they are unknown.
DECIDED = {"world_heritage", "biosphere_reserve", "special_national", "national", "provincial"}


def load(name):
    return json.loads((DATA_DIR / f"{name}.json").read_text(encoding="utf-8"))


SITES, ARTEFACTS, INTANGIBLE, DOCUMENTS = (
    load(n) for n in ("sites", "artefacts", "intangible", "documentary")
)
VOCABULARIES = load("vocabularies")
COMMUNES = load("communes")["communes"]
RECORDS = SITES + ARTEFACTS + INTANGIBLE + DOCUMENTS


def uncertain(item, key):
    return key in item["uncertain"] or f"{key}_vi" in item["uncertain"]


def distance_km(lat1, lon1, lat2, lon2):
    """Equirectangular distance: exact enough at a few tens of kilometres."""
    x = math.radians(lon2 - lon1) * math.cos(math.radians((lat1 + lat2) / 2))
    return 6371 * math.hypot(x, math.radians(lat2 - lat1))


def inside(point, ring):
    x, y = point
    crossings = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
            crossings = not crossings
    return crossings


def in_province(lat, lon):
    geometries = [feature["geometry"] for feature in province_outline()["features"]]
    polygons = [
        polygon
        for geometry in geometries
        for polygon in (
            [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        )
    ]
    return any(
        inside((lon, lat), polygon[0]) and not any(inside((lon, lat), hole) for hole in polygon[1:])
        for polygon in polygons
    )


def near_limit_km(commune):
    """How far from its commune's centre a site may lie: 1.5 × the radius of a disc of the
    commune's area, plus 1.5 km for where the published centre sits."""
    return 1.5 * math.sqrt(commune["area_km2"] / math.pi) + 1.5


def test_identifiers_are_unique_and_every_record_names_sources():
    identifiers = [item["identifier"] for item in RECORDS]
    assert len(identifiers) == len(set(identifiers))
    slugs = [
        (kind, item[key])
        for kind, items in (("s", SITES), ("a", ARTEFACTS), ("i", INTANGIBLE), ("d", DOCUMENTS))
        for item in items
        for key in ("slug_vi", "slug_en")
    ]
    assert len(slugs) == len(set(slugs))
    for item in RECORDS:
        urls = [line for line in item["sources"] if "http" in line or ".vn" in line]
        assert urls, item["identifier"]


@pytest.mark.parametrize(
    "site", [s for s in SITES if s["latitude"] is not None], ids=lambda s: s["identifier"]
)
def test_every_site_lies_in_the_province_and_near_its_communes_centre(site):
    lat, lon = site["latitude"], site["longitude"]
    commune = COMMUNES.get(site["commune_vi"])
    assert commune, (
        f"{site['identifier']}: {site['commune_vi']!r} is not a commune or ward of Đà Nẵng since 2025"
    )
    if site["commune_vi"] not in ISLAND_COMMUNES:
        assert in_province(lat, lon), f"{site['identifier']} lies outside the former province"
    far = distance_km(lat, lon, commune["latitude"], commune["longitude"])
    assert far <= near_limit_km(commune), f"{site['identifier']} is {far:.1f} km from {site['commune_vi']}"


def test_the_checks_would_catch_the_errors_they_are_for():
    """The old Chiên Đàn entry (xã Chiên Đàn, 4.6 km east of the towers) fails the commune check,
    and a point in the sea fails the outline."""
    chien_dan = COMMUNES["xã Chiên Đàn"]
    assert distance_km(15.6144, 108.4858, chien_dan["latitude"], chien_dan["longitude"]) > near_limit_km(
        chien_dan
    )
    assert not in_province(15.9, 108.9)
    assert in_province(15.764, 108.124)  # Mỹ Sơn


def test_sites_without_a_place_say_so_and_use_the_current_units():
    with translation.override("en"):  # "Duy Xuyên district" → "duy xuyên", as the loader reads them
        districts = {str(label).rsplit(" ", 1)[0].lower() for _key, label in FORMER_DISTRICTS}
    for site in SITES:
        key = site["identifier"]
        if site["latitude"] is None or site["longitude"] is None:
            assert site["latitude"] is site["longitude"] is None, key
            assert uncertain(site, "coordinates"), key
        if not site["commune_vi"]:
            assert uncertain(site, "commune"), key
        assert site["city_vi"] == "thành phố Đà Nẵng", key
        district = site["district_historical_vi"]
        if district:
            assert any(district.lower().endswith(name) for name in districts), (key, district)
        else:
            assert uncertain(site, "district_historical"), key
        assert site["ranking"] in Ranking.values and site["category"] in SiteCategory.values, key
        if site.get("part_of"):
            assert site["part_of"] in {s["identifier"] for s in SITES} and site["part_of"] != key


def test_every_decision_has_a_date_or_says_it_is_unknown():
    for site in SITES:
        key = site["identifier"]
        if site["decision_number"]:
            assert site["decision_date"], key
        if site["ranking"] in DECIDED:
            assert site["decision_number"] or uncertain(site, "decision_number"), key
            assert site["decision_date"] or uncertain(site, "decision_date"), key
    for artefact in ARTEFACTS:
        key = artefact["identifier"]
        assert artefact["status"] in ArtefactStatus.values, key
        if artefact["treasure_decision"]:
            assert artefact["treasure_year"], key
        if artefact["status"] == "national_treasure":
            assert artefact["treasure_year"], key
            assert artefact["treasure_decision"] or uncertain(artefact, "treasure_decision"), key
    for element in INTANGIBLE:
        key = element["identifier"]
        assert (
            element["inscription"] in Inscription.values and element["unesco_domain"] in UnescoDomain.values
        )
        assert element["inscription_decision"] or uncertain(element, "inscription_decision"), key
        assert element["inscription_year"] or uncertain(element, "inscription_year"), key


def test_every_artefact_has_a_findspot_and_a_holder_or_says_why_not():
    sites = {s["identifier"] for s in SITES}
    institutions = {entry["key"] for entry in VOCABULARIES["institutions"]}
    for artefact in ARTEFACTS:
        key = artefact["identifier"]
        if artefact["findspot"]:
            assert artefact["findspot"] in sites, key
        else:
            assert uncertain(artefact, "findspot") or uncertain(artefact, "findspot_site"), key
        assert artefact["holding_institution"] in institutions, key


def test_every_unknown_fact_is_named_on_the_record():
    for item in RECORDS:
        key = item["identifier"]
        for fact in item["uncertain"]:
            assert fact.removesuffix("_vi").removesuffix("_en") in UNVERIFIED_LABELS, (key, fact)
        assert len(unverified(item, 0)) <= 500 and len(unverified(item, 1)) <= 500, key
    for artefact in ARTEFACTS:
        # A museum number is never made up: unknown stays empty (it once read "DEMO-…").
        assert not (artefact["inventory_number"] or "").startswith("DEMO"), artefact["identifier"]
        for field in ("inventory_number", "materials"):
            assert artefact[field] or uncertain(artefact, field), (artefact["identifier"], field)
        if not artefact["dating_vi"]:
            assert uncertain(artefact, "dating"), artefact["identifier"]
    for document in DOCUMENTS:
        assert document["holding_institution"] and document["issued_by_vi"], document["identifier"]


def test_communes_data_names_its_source_and_covers_the_merged_city():
    data = load("communes")
    assert "1659/NQ-UBTVQH15" in data["source"]
    assert len(COMMUNES) == 94  # 23 wards, 70 communes and the Hoàng Sa special zone
    assert "xã Tam An, huyện Phú Ninh, tỉnh Quảng Nam" in COMMUNES["xã Tây Hồ"]["formed_from"]


def test_readme_counts_match_the_data():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Demo content", 1)[1]
    numbers = re.search(
        r"holds (\d+) sites, (\d+) artefacts \((\d+) national treasures\), "
        r"(\d+) intangible\s+elements and (\d+)\s+documentary records",
        section,
    )
    assert numbers, "README demo section lost its counts"
    treasures = sum(1 for a in ARTEFACTS if a["status"] == "national_treasure")
    assert tuple(map(int, numbers.groups())) == (
        len(SITES),
        len(ARTEFACTS),
        treasures,
        len(INTANGIBLE),
        len(DOCUMENTS),
    )
    sensitive = re.search(r"(\w+) Sa Huỳnh burial\s+sites are flagged sensitive", section)
    assert sensitive and sum(1 for s in SITES if s["sensitive"]) == {"Two": 2, "Three": 3}.get(
        sensitive.group(1)
    )
