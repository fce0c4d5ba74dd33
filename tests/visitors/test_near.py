"""“Near me” measures an artefact to where it is held now, and says so; the findspot stays a fact."""

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


@pytest.fixture
def indexed(places):
    call_command("rebuild_search_documents", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return places


def test_near_my_son_the_shiva_is_as_far_as_the_museum_holding_it(client, indexed):
    response = client.get(
        "/api/search", {"near": "15.764,108.124", "km": "100", "sort": "distance", "lang": "en"}
    )
    assert response.status_code == 200
    items = {item["identifier"]: item for item in response.json()["results"]}
    assert items["QN-DT-0002"]["distance_km"] < 2 and items["QN-DT-0002"]["distance_to"] == "site"
    shiva = items["QN-HV-0008"]
    # Mỹ Sơn to the Museum of Cham Sculpture in Đà Nẵng, not the 0 km of its findspot.
    assert 30 < shiva["distance_km"] < 40  # about 35 km as the crow flies
    assert shiva["distance_to"] == "holder"


def test_search_page_says_the_distance_is_to_where_it_is_held(client, indexed):
    page = client.get("/en/search/", {"near": "15.764,108.124", "km": "100", "sort": "distance"}).text
    assert "km to where it is held" in page


def test_artefact_page_keeps_the_findspot_as_a_separate_fact(client, places):
    page = client.get(places["shiva"].url).text
    assert "Khu đền tháp Mỹ Sơn" in page  # the findspot, among the related records
    assert "Lưu giữ tại Bảo tàng Điêu khắc Chăm." in page
