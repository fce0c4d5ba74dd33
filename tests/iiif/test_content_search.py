"""IIIF Content Search (2.0, and its 1.0 twin for Mirador) of a document's page texts."""

import pytest
from wagtail.models import PageViewRestriction

from catalogue.models import DocumentPageImage, Script
from tests import factories

pytestmark = [pytest.mark.django_db]

SEARCH_2 = 'application/ld+json;profile="http://iiif.io/api/search/2/context.json"'


@pytest.fixture
def plaque(indexes, tmp_path, settings):
    settings.PUBLIC_BASE_URL = "https://heritage.example.org"
    document = factories.documentary(indexes, title="Biển Lai Viễn Kiều", slug="lai-vien-kieu")
    document.scripts = [Script.objects.create(key="han", label_vi="Chữ Hán", label_en="Han")]
    document.pages = [
        DocumentPageImage(
            image=factories.make_image(tmp_path, "p1.jpg", iiif_identifier="plaque-1"),
            label="Biển",
            transcription="來遠橋",
            transliteration="Lai Viễn Kiều",
            translation="Cầu của những người bạn từ phương xa đến",
        ),
        DocumentPageImage(image=factories.make_image(tmp_path, "p2.jpg"), label="Mặt sau"),
        DocumentPageImage(
            image=factories.make_image(tmp_path, "p3.jpg"),
            label="Lạc khoản",
            transcription="歲在己亥",
            transliteration="Tuế tại Kỷ Hợi",
            translation="Năm Kỷ Hợi; cây cầu của người Nhật",
        ),
    ]
    document.save_revision().publish()
    return document


def get(client, version, identifier, query):
    return client.get(f"/iiif/search/{version}/{identifier}", {"q": query})


def test_manifest_names_both_search_services(client, plaque):
    manifest = client.get(f"/iiif/manifest/{plaque.identifier}.json").json()
    base = "https://heritage.example.org/iiif/search"
    assert manifest["service"] == [
        {"id": f"{base}/2/{plaque.identifier}", "type": "SearchService2"},
        {
            "@id": f"{base}/1/{plaque.identifier}",
            "@type": "SearchService1",
            "profile": "http://iiif.io/api/search/1/search",
        },
    ]


def test_records_without_text_name_no_search_service_and_answer_404(client, indexes, tmp_path):
    blank = factories.documentary(indexes, slug="blank")
    blank.pages = [DocumentPageImage(image=factories.make_image(tmp_path, "b.jpg"), label="Tờ 1")]
    blank.save_revision().publish()
    assert "service" not in client.get(f"/iiif/manifest/{blank.identifier}.json").json()
    assert get(client, 2, blank.identifier, "a").status_code == 404


def test_search_2_answers_the_matching_text_annotations_and_highlights(client, plaque):
    response = get(client, 2, plaque.identifier, "橋")
    assert response.status_code == 200 and response["Content-Type"] == SEARCH_2
    assert response["Access-Control-Allow-Origin"] == "*"
    page = response.json()
    canvas = f"https://heritage.example.org/iiif/manifest/{plaque.identifier}/canvas/1"
    assert page["@context"] == "http://iiif.io/api/search/2/context.json"
    assert page["type"] == "AnnotationPage"
    assert page["id"].endswith(f"/iiif/search/2/{plaque.identifier}?q=%E6%A9%8B")
    assert [(a["id"], a["motivation"], a["target"]) for a in page["items"]] == [
        (f"{canvas}/text/1", "supplementing", canvas)
    ]
    assert page["items"][0]["body"]["value"] == "來遠橋"
    (highlight,) = page["annotations"][0]["items"]
    assert highlight["motivation"] == "highlighting"
    assert highlight["target"]["source"] == f"{canvas}/text/1"
    assert highlight["target"]["selector"] == [
        {"type": "TextQuoteSelector", "exact": "橋", "prefix": "來遠", "suffix": ""}
    ]
    # The annotation ids are those of the manifest's text annotations.
    manifest = client.get(f"/iiif/manifest/{plaque.identifier}.json").json()
    ids = {a["id"] for c in manifest["items"] for p in c.get("annotations", []) for a in p["items"]}
    assert {a["id"] for a in page["items"]} <= ids


def test_toneless_reading_and_translation_find_their_pages(client, plaque):
    page = get(client, 2, plaque.identifier, "lai vien").json()
    assert [a["body"]["value"] for a in page["items"]] == ["Lai Viễn Kiều"]
    page = get(client, 2, plaque.identifier, "ky hoi").json()
    assert [a["target"].rsplit("/", 1)[1] for a in page["items"]] == ["3", "3"], "reading and translation"
    page = get(client, 2, plaque.identifier, "NGƯỜI").json()
    assert {a["target"].rsplit("/", 1)[1] for a in page["items"]} == {"1", "3"}


def test_no_match_and_empty_query_answer_an_empty_page(client, plaque):
    for query in ("không có", ""):
        page = get(client, 2, plaque.identifier, query).json()
        assert page["items"] == [] and "annotations" not in page


def test_search_1_answers_hits_with_context_for_mirador(client, plaque):
    response = get(client, 1, plaque.identifier, "kieu")
    assert response.status_code == 200
    listing = response.json()
    assert listing["@context"] == "http://iiif.io/api/search/1/context.json"
    assert listing["@type"] == "sc:AnnotationList" and listing["within"]["total"] == 1
    (resource,) = listing["resources"]
    assert resource["on"].endswith("/canvas/1#xywh=0,0,640,480")
    assert resource["resource"]["chars"] == "Kiều"
    assert listing["hits"] == [
        {
            "@type": "search:Hit",
            "annotations": [resource["@id"]],
            "match": "Kiều",
            "before": "Lai Viễn ",
            "after": "",
        }
    ]


def test_unpublished_and_restricted_documents_answer_404(client, plaque):
    restriction = PageViewRestriction.objects.create(page=plaque, restriction_type="login")
    assert client.get(f"/iiif/manifest/{plaque.identifier}.json").status_code == 404
    assert get(client, 2, plaque.identifier, "橋").status_code == 404
    restriction.delete()
    plaque.unpublish()
    assert get(client, 2, plaque.identifier, "橋").status_code == 404
    assert get(client, 2, "QN-TL-9999", "橋").status_code == 404
    assert get(client, 3, plaque.identifier, "橋").status_code == 404
