"""Record models: identifiers, dating, coordinates, GeoJSON, inventory numbers, NFC."""

import unicodedata
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from catalogue.models import ArtefactPage, SitePage
from catalogue.models.geo import validate_polygon_geojson

from . import factories

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


@pytest.fixture(autouse=True)
def english_messages():
    """Messages are checked in English here; their Vietnamese versions are checked through the admin."""
    with translation.override("en"):
        yield


def errors_of(page):
    with pytest.raises(ValidationError) as caught:
        page.full_clean()
    return caught.value.message_dict


def test_identifier_is_assigned_in_sequence_per_record_type(indexes):
    first = factories.site(indexes, slug="a")
    second = factories.site(indexes, slug="b")
    treasure = factories.artefact(indexes)
    assert (first.identifier, second.identifier, treasure.identifier) == (
        "QN-DT-0001",
        "QN-DT-0002",
        "QN-HV-0001",
    )


def test_identifier_must_match_its_record_type(indexes):
    page = SitePage(title="x", slug="x", identifier="QN-HV-0001")
    page.path, page.depth = "x", 3  # full_clean needs no tree position for these checks
    assert "identifier" in errors_of(page)


def test_identifier_is_normalised_to_upper_case(indexes):
    page = factories.site(indexes, identifier="qn-dt-0042")
    assert page.identifier == "QN-DT-0042"


def test_duplicate_identifier_is_refused_and_nothing_saved(indexes):
    factories.site(indexes, identifier="QN-DT-0007")
    duplicate = SitePage(title="Khác", slug="khac", identifier="QN-DT-0007", latitude=None, longitude=None)
    duplicate.path, duplicate.depth = indexes["site"].path + "9999", indexes["site"].depth + 1
    assert "identifier" in errors_of(duplicate)
    assert SitePage.objects.filter(identifier="QN-DT-0007").count() == 1


def test_identifier_cannot_change_after_publication(indexes):
    page = factories.site(indexes)
    page.identifier = "QN-DT-0999"
    assert "identifier" in errors_of(page)


@pytest.mark.parametrize(
    ("earliest", "latest", "field"),
    [(1500, 1400, "latest_year"), (-5000, 100, "earliest_year"), (100, 2500, "latest_year")],
)
def test_dating_errors(indexes, earliest, latest, field):
    page = factories.site(indexes)
    page.earliest_year, page.latest_year = earliest, latest
    assert field in errors_of(page)


def test_bce_years_are_accepted(indexes):
    page = factories.site(indexes, earliest_year=-1000, latest_year=200)
    page.full_clean()


@pytest.mark.parametrize(
    ("lat", "lon", "field", "fragment"),
    [
        (Decimal("95"), Decimal("108.1"), "latitude", "between -90 and 90"),
        (Decimal("15.8"), Decimal("190"), "longitude", "between -180 and 180"),
        (Decimal("108.1"), Decimal("15.8"), "latitude", "between -90 and 90"),
        (Decimal("21.03"), Decimal("105.85"), "latitude", "outside the heritage region"),
        (Decimal("15.8"), None, "longitude", "both latitude and longitude"),
    ],
)
def test_invalid_coordinates_are_refused_with_a_clear_message(indexes, lat, lon, field, fragment):
    page = factories.site(indexes)
    page.latitude, page.longitude = lat, lon
    messages = errors_of(page)
    assert any(fragment in message for message in messages[field])


def test_swapped_coordinates_inside_range_are_named_as_swapped(settings, indexes):
    page = factories.site(indexes)
    # A region where the swapped pair would also be a valid (lat, lon) in range, as in most of the world.
    settings.HERITAGE_REGION_BBOX = (15.5, 15.0, 16.3, 16.0)
    page.latitude, page.longitude = Decimal("15.2"), Decimal("15.8")
    messages = errors_of(page)
    assert any("look swapped" in m for m in messages["latitude"])


POLYGON = {
    "type": "Polygon",
    "coordinates": [[[108.12, 15.76], [108.13, 15.76], [108.13, 15.77], [108.12, 15.76]]],
}


@pytest.mark.parametrize(
    "value",
    [
        POLYGON,
        {"type": "Feature", "properties": {}, "geometry": POLYGON},
        {"type": "MultiPolygon", "coordinates": [POLYGON["coordinates"]]},
        None,
    ],
)
def test_valid_boundaries(value):
    validate_polygon_geojson(value)


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("not json", "GeoJSON object"),
        ({"type": "Point", "coordinates": [108.1, 15.7]}, "Polygon or MultiPolygon"),
        (
            {"type": "Polygon", "coordinates": [[[108.12, 15.76], [108.13, 15.76], [108.12, 15.76]]]},
            "four positions",
        ),
        (
            {
                "type": "Polygon",
                "coordinates": [[[108.1, 15.7], [108.2, 15.7], [108.2, 15.8], [108.1, 15.9]]],
            },
            "end where it starts",
        ),
        (
            {
                "type": "Polygon",
                "coordinates": [[[15.7, 108.1], [15.8, 108.1], [15.8, 108.2], [15.7, 108.1]]],
            },
            "longitude first",
        ),
        ({"type": "Polygon", "coordinates": [[["a", "b"], [1, 2], [3, 4], ["a", "b"]]]}, "in numbers"),
        ({"type": "Polygon", "coordinates": []}, "no coordinates"),
    ],
)
def test_invalid_boundaries(value, fragment):
    with pytest.raises(ValidationError) as caught:
        validate_polygon_geojson(value)
    assert fragment in " ".join(caught.value.messages)


def test_boundary_is_validated_on_the_page(indexes):
    page = factories.site(indexes)
    page.boundary = {"type": "Point", "coordinates": [108.1, 15.7]}
    assert "boundary" in errors_of(page)


def test_inventory_number_is_unique_per_institution_only(indexes):
    museum = factories.institution("museum-a")
    other = factories.institution("museum-b")
    factories.artefact(indexes, slug="a", inventory_number="BTC 22.24", holding_institution=museum)
    same_elsewhere = factories.artefact(
        indexes, slug="b", inventory_number="BTC 22.24", holding_institution=other
    )
    assert same_elsewhere.pk
    clash = ArtefactPage(title="c", slug="c", inventory_number="btc 22.24", holding_institution=museum)
    clash.path, clash.depth = indexes["artefact"].path + "9999", indexes["artefact"].depth + 1
    messages = errors_of(clash)
    assert "QN-HV-0001" in messages["inventory_number"][0]


def test_measurements_must_be_positive(indexes):
    page = factories.artefact(indexes)
    page.height_mm = Decimal("-3")
    assert "height_mm" in errors_of(page)


def test_vietnamese_text_is_stored_nfc(indexes):
    decomposed = unicodedata.normalize("NFD", "Hội An — Chùa Cầu")
    page = factories.site(
        indexes, title=decomposed, summary=decomposed, body=[("paragraph", f"<p>{decomposed}</p>")]
    )
    page.refresh_from_db()
    assert page.title == page.summary == "Hội An — Chùa Cầu"
    assert unicodedata.is_normalized("NFC", page.title)
    assert "Hội An — Chùa Cầu" in str(page.body[0].value)
    assert unicodedata.normalize("NFC", decomposed) in page.body.raw_data[0]["value"]


def test_published_queryset_hides_drafts_and_private_pages(indexes):
    from wagtail.models import PageViewRestriction

    public = factories.site(indexes, slug="public")
    draft = factories.site(indexes, slug="draft")
    draft.unpublish()
    private = factories.site(indexes, slug="private")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    assert list(SitePage.objects.published()) == [public]


def test_a_site_inside_another_is_valid_but_never_inside_itself(indexes):
    town = factories.site(indexes, slug="town")
    bridge = factories.site(indexes, slug="bridge", part_of=town)
    bridge.full_clean()
    town.part_of = town
    assert errors_of(town)["part_of"] == ["A site cannot be part of itself."]


def test_an_institution_needs_both_coordinates_or_neither():
    museum = factories.institution()
    museum.latitude = Decimal("16.060")
    with pytest.raises(ValidationError, match="both latitude and longitude"):
        museum.full_clean()
    museum.longitude = Decimal("108.223")
    museum.full_clean()
    assert museum.location == (16.06, 108.223)
