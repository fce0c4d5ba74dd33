"""/api/search, /api/search/suggest and the search page, on both backends; bad input never a 500."""

import pytest
from django.test import TestCase

from catalogue.models import RecordImage
from tests import factories

from .test_search import records  # noqa: F401 - the shared fixture

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def test_the_json_api_answers_in_the_requested_language_with_facets(client, records, tmp_path, backend):  # noqa: F811
    hoi_an = records["hoi_an"]
    with backend.publishing(), TestCase.captureOnCommitCallbacks(execute=True):
        image = factories.make_image(tmp_path, title="Chùa Cầu")
        hoi_an.record_images = [RecordImage(image=image, caption="Chùa Cầu")]
        hoi_an.save_revision().publish()
    response = client.get("/api/search", {"q": "hoi an den long", "lang": "vi"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data = response.json()
    assert data["total"] >= 1 and data["language"] == "vi" and not data["degraded"]
    first = data["results"][0]
    assert first["identifier"] == "QN-DT-0001"
    assert first["type"] == "sitepage"
    assert first["title"] == "Phố cổ Hội An"
    assert first["url"].startswith("/vi/")
    assert first["thumbnail"].startswith(f"/iiif/3/{image.iiif_identifier}/full/")
    assert client.get(first["thumbnail"]).status_code == 200
    assert "<mark>đèn</mark> <mark>lồng</mark>" in first["snippet_html"]
    facets = {group["name"]: group for group in data["facets"]}
    assert facets["type"]["label"] == "Loại hồ sơ"
    ranking = {value["value"]: value for value in facets["ranking"]["values"]}
    assert ranking["world_heritage"]["label"] == "Di sản Thế giới (UNESCO)"

    english = client.get(
        "/api/search", {"type": "sitepage", "ranking": "world_heritage", "lang": "en"}
    ).json()
    assert english["total"] == 2
    facets = {group["name"]: group for group in english["facets"]}
    values = {value["value"]: value for value in facets["ranking"]["values"]}
    assert (
        values["world_heritage"]["selected"] and values["world_heritage"]["label"] == "UNESCO World Heritage"
    )
    assert values["provincial"]["count"] == 1 and not values["provincial"]["selected"]


def test_paging_in_the_api(client, records):  # noqa: F811
    data = client.get("/api/search", {"size": 4, "page": 3, "sort": "title"}).json()
    assert (data["total"], data["pages"], len(data["results"])) == (10, 3, 2)
    assert client.get("/api/search", {"size": 4, "page": 4}).json()["results"] == []


def test_suggestions_as_you_type(client, records):  # noqa: F811
    data = client.get("/api/search/suggest", {"q": "my so", "lang": "vi"}).json()
    assert data["suggestions"][0]["title"] == "Khu đền tháp Mỹ Sơn"
    assert data["suggestions"][0]["url"].startswith("/vi/")
    assert client.get("/api/search/suggest", {"q": ""}).json()["suggestions"] == []


def test_the_search_page_in_both_languages(client, records):  # noqa: F811
    response = client.get("/vi/tim-kiem/", {"q": "my son"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Khu đền tháp Mỹ Sơn" in html
    assert 'name="ranking" value="world_heritage"' in html
    assert '<html lang="vi">' in html
    assert 'href="/en/search/?q=my+son"' in html  # the language switch keeps the search
    english = client.get("/en/search/", {"q": "my son", "type": "sitepage"}).content.decode()
    assert "Record type" in english and "checked" in english
    assert len(response.content) < 60_000


BAD_QUERIES = [
    "",
    "   ",
    "title:*",
    ")(",
    "\\",
    "*:*",
    '"',
    "'",
    "AND OR NOT",
    "NEAR(hoi an)",
    "hoi an*",
    "-hoi",
    "^2",
    "{!lucene}",
    "🏯🏯",
    "漢字 Hội An 會安",
    "ꨌꩌ",  # Cham script
    "\x00hoi",
    "a" * 400,
]


def test_odd_queries_get_sensible_answers(client, records):  # noqa: F811
    for query in BAD_QUERIES:
        for url in ("/api/search", "/api/search/suggest", "/vi/tim-kiem/"):
            response = client.get(url, {"q": query})
            assert response.status_code == 200, (url, query)
            if url.startswith("/api/"):
                assert response.json()["degraded"] is False, (url, query)
    # Query syntax is read as words: "title:*" searches for the word "title".
    assert client.get("/api/search", {"q": "*:*"}).json()["total"] == 10  # no words: everything, browsable
    assert client.get("/api/search", {"q": "hoi an*"}).json()["results"][0]["identifier"] == "QN-DT-0001"


def test_mixed_scripts_still_find_the_vietnamese(client, records):  # noqa: F811
    data = client.get("/api/search", {"q": "漢字 Hội An 會安"}).json()
    assert data["results"][0]["identifier"] == "QN-DT-0001"


@pytest.mark.parametrize(
    ("params", "param"),
    [
        ({"q": "x" * 10_240}, "q"),
        ({"q": " ".join(["hoi"] * 30)}, "q"),
        ({"page": "abc"}, "page"),
        ({"page": "0"}, "page"),
        ({"page": "100000"}, "page"),
        ({"size": "1000"}, "size"),
        ({"sort": "bogus"}, "sort"),
        ({"sort": "distance"}, "sort"),
        ({"bbox": "1,2,3"}, "bbox"),
        ({"bbox": "a,b,c,d"}, "bbox"),
        ({"bbox": "108.4,15.9,108.0,15.8"}, "bbox"),
        ({"bbox": "nan,15,108,16"}, "bbox"),
        ({"near": "95,108"}, "near"),
        ({"near": "15.8,108.3", "km": "-1"}, "km"),
        ({"near": "15.8,108.3", "km": "far"}, "km"),
        ({"ranking": [f"x{n}" for n in range(21)]}, "ranking"),
    ],
)
def test_bad_parameters_get_a_clear_400(client, backend, params, param):
    response = client.get("/api/search", {**params, "lang": "en"})
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["param"] == param and error["message"]
    page = client.get("/en/search/", params)
    assert page.status_code == 400
    assert error["message"].split("“")[0] in page.content.decode()


def test_a_10_kb_query_is_refused_in_the_page_language(client, db):
    response = client.get("/api/search", {"q": "x" * 10_240, "lang": "vi"})
    assert response.json()["error"]["message"] == "Chuỗi tìm kiếm quá dài: tối đa 500 ký tự."


def test_full_width_input_from_an_east_asian_keyboard_finds_hoi_an(client, records):  # noqa: F811
    # Full-width Latin letters and an ideographic space, as a Japanese, Chinese or Korean IME types them.
    typed = "ｈｏｉ\u3000ａｎ"
    results = client.get("/api/search", {"q": typed, "lang": "vi"}).json()["results"]
    assert results and results[0]["identifier"] == "QN-DT-0001"
    assert client.get("/api/search/suggest", {"q": "ｈｏｉ"}).json()["suggestions"]
    page = client.get("/vi/tim-kiem/", {"q": typed})
    assert page.status_code == 200 and "Phố cổ Hội An" in page.content.decode()
