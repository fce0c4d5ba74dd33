"""The records API: lists with filters and cursors, records in vi/en/both with every field of the
page, links, licence; OpenAPI 3.1 validated and followed by the responses; CORS, ETag/304, errors
in the reader's language."""

import json

import pytest
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate as validate_spec
from wagtail.models import PageViewRestriction

from .conftest import commit

pytestmark = pytest.mark.django_db


def get(client, url, status=200, **headers):
    response = client.get(url, **headers)
    assert response.status_code == status, response.content[:500]
    assert response["Access-Control-Allow-Origin"] == "*"
    return json.loads(response.content)


def walk(client, url):
    items, pages = [], 0
    while url:
        page = get(client, url)
        items += page["items"]
        url, pages = page["next"], pages + 1
    return items, pages


def test_a_cursor_walk_gives_every_public_record_once(client, archive):
    items, pages = walk(client, "/api/records?size=2")
    assert pages == 3
    assert sorted(i["id"] for i in items) == [
        "QN-DT-0001",
        "QN-DT-0002",
        "QN-HV-0001",
        "QN-PVT-0001",
        "QN-TL-0001",
    ]
    assert get(client, "/api/records")["total"] == 5


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("type=site", {"QN-DT-0001", "QN-DT-0002"}),
        ("type=artefact,documentary", {"QN-HV-0001", "QN-TL-0001"}),
        ("type=site&type=intangible", {"QN-DT-0001", "QN-DT-0002", "QN-PVT-0001"}),
        ("ranking=national", {"QN-DT-0002"}),
        ("status=national_treasure", {"QN-HV-0001"}),
        ("updated_since=2999-01-01", set()),
        (
            "updated_since=2000-01-01T00:00:00Z",
            {"QN-DT-0001", "QN-DT-0002", "QN-HV-0001", "QN-PVT-0001", "QN-TL-0001"},
        ),
    ],
)
def test_filters(client, archive, query, expected):
    assert {i["id"] for i in walk(client, f"/api/records?{query}")[0]} == expected


def test_a_record_in_each_language(client, archive):
    vi = get(client, "/api/records/QN-HV-0001")
    en = get(client, "/api/records/QN-HV-0001?lang=en")
    assert (vi["title"], vi["language"], vi["fallback"]) == ("Đài thờ Trà Kiệu", "vi", False)
    assert (en["title"], en["language"]) == ("EN Đài thờ Trà Kiệu", "en")
    assert {"label": "Materials", "value": "Sandstone"} in en["facts"]
    assert {"label": "Chất liệu", "value": "Sa thạch"} in vi["facts"]
    assert en["materials"] == [
        {"key": "sandstone", "label": "Sandstone", "uri": "http://vocab.getty.edu/aat/300011765"}
    ]
    assert en["dimensions_mm"] == {"height": 1100.0, "width": 1500.0} and en["weight_g"] == 250000.0
    assert (
        en["inventory_number"] == "BTC-1" and en["holding_institution"]["label"] == "Museum of Cham Sculpture"
    )
    assert en["rights"]["uri"] == "http://rightsstatements.org/vocab/InC-EDU/1.0/"
    assert en["attribution"] == "EN Bảo tàng Điêu khắc Chăm"
    links = en["links"]
    assert links["manifest"] == "http://127.0.0.1:8000/iiif/manifest/QN-HV-0001.json"
    assert links["page"] == {
        "vi": "http://127.0.0.1:8000/vi/hien-vat/dai-tho-tra-kieu/",
        "en": "http://127.0.0.1:8000/en/hien-vat/en-dai-tho-tra-kieu/",
    }
    assert links["images"][0]["iiif_service"] == "http://127.0.0.1:8000/iiif/3/dai-tho"
    assert links["images"][0]["caption"] == "EN Mặt trước"
    assert links["related"] == [
        {
            "id": "QN-DT-0001",
            "type": "site",
            "title": "EN Khu đền tháp Mỹ Sơn",
            "api": "http://127.0.0.1:8000/api/records/QN-DT-0001",
            "page": "http://127.0.0.1:8000/en/di-tich/en-my-son/",
        }
    ]
    for url in (links["manifest"], links["images"][0]["info_json"], links["linked_art"], links["self"]):
        assert client.get(url.removeprefix("http://127.0.0.1:8000")).status_code == 200
    both = get(client, "/api/records/QN-HV-0001?lang=both")
    assert set(both["versions"]) == {"vi", "en"} and both["versions"]["en"]["title"] == "EN Đài thờ Trà Kiệu"
    untranslated = get(client, "/api/records/QN-DT-0002?lang=en")
    assert untranslated["language"] == "vi" and untranslated["fallback"] is True
    assert untranslated["links"]["related"][0]["id"] == "QN-DT-0001"  # part of Mỹ Sơn
    assert untranslated["location"] == {"latitude": 15.7641, "longitude": 108.1245, "generalised": False}


def test_identifiers_are_stable_and_case_insensitive(client, archive):
    assert get(client, "/api/records/qn-hv-0001")["id"] == "QN-HV-0001"
    assert get(client, "/api/records/QN-HV-0001")["uri"] == "http://127.0.0.1:8000/id/QN-HV-0001"


def test_drafts_and_restricted_records_are_not_there(client, archive, en):
    commit(archive["ordinance"].unpublish)
    english = archive["altar"].get_translation(en)
    commit(PageViewRestriction.objects.create, page=english, restriction_type="password", password="x")
    for identifier in ("QN-TL-0001", "QN-HV-0001"):
        body = get(client, f"/api/records/{identifier}", status=404)
        assert identifier in body["error"]["message"]
    ids = {i["id"] for i in walk(client, "/api/records")[0]}
    assert ids == {"QN-DT-0001", "QN-DT-0002", "QN-PVT-0001"}
    # A copy kept in sync learns what to drop, and nothing more about it.
    listed = walk(client, "/api/records?deleted=include")[0]
    withdrawn = sorted((i for i in listed if i.get("deleted")), key=lambda i: i["id"])
    assert withdrawn == [
        {"id": "QN-HV-0001", "type": "artefact", "updated": withdrawn[0]["updated"], "deleted": True},
        {"id": "QN-TL-0001", "type": "documentary", "updated": withdrawn[1]["updated"], "deleted": True},
    ]
    # The intangible record still links Mỹ Sơn; the site no longer offers the altar anywhere.
    assert "QN-HV-0001" not in json.dumps(get(client, "/api/records/QN-DT-0001?lang=both"))


def test_etag_and_304(client, archive):
    response = client.get("/api/records/QN-DT-0001")
    etag = response["ETag"]
    assert etag and "public" in response["Cache-Control"]
    again = client.get("/api/records/QN-DT-0001", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again["ETag"] == etag
    listing = client.get("/api/records")
    assert client.get("/api/records", HTTP_IF_NONE_MATCH=listing["ETag"]).status_code == 304
    commit(lambda: archive["my_son"].save_revision().publish())
    changed = client.get("/api/records/QN-DT-0001", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag  # its datestamp moved


@pytest.mark.parametrize(
    ("query", "param"),
    [
        ("type=castle", "type"),
        ("size=0", "size"),
        ("size=1000", "size"),
        ("updated_since=yesterday", "updated_since"),
        ("cursor=%%%", "cursor"),
        ("lang=fr", "lang"),
        ("colour=red", "colour"),
    ],
)
def test_bad_parameters_are_named_in_the_readers_language(client, archive, query, param):
    vi = get(client, f"/api/records?{query}", status=400, HTTP_ACCEPT_LANGUAGE="vi")
    en = get(client, f"/api/records?{query}", status=400, HTTP_ACCEPT_LANGUAGE="en")
    assert vi["error"]["param"] == en["error"]["param"] == param
    assert param in en["error"]["message"] and vi["error"]["message"] != en["error"]["message"]


def test_openapi_document_is_valid_and_describes_the_responses(client, archive):
    spec = get(client, "/api/openapi.json")
    validate_spec(spec)
    assert spec["openapi"] == "3.1.0"

    def validator(name):
        return Draft202012Validator(
            {"$ref": f"#/components/schemas/{name}", "components": spec["components"]}
        )

    validator("RecordList").validate(get(client, "/api/records?lang=en"))
    for identifier in ("QN-DT-0001", "QN-DT-0002", "QN-HV-0001", "QN-PVT-0001", "QN-TL-0001"):
        validator("Record").validate(get(client, f"/api/records/{identifier}"))
    validator("Error").validate(get(client, "/api/records?size=x", status=400))
    validator("Error").validate(get(client, "/api/records/QN-DT-9999", status=404))
    commit(archive["ordinance"].unpublish)
    validator("RecordList").validate(get(client, "/api/records?deleted=include"))
    # Every parameter the spec names is one the API accepts.
    for parameter in spec["paths"]["/api/records"]["get"]["parameters"]:
        assert client.get(f"/api/records?{parameter['name']}=").status_code == 200


def test_the_readable_docs_page(client, archive):
    response = client.get("/api/docs/", HTTP_ACCEPT_LANGUAGE="vi")
    html = response.content.decode()
    assert response.status_code == 200
    assert "/api/records/{identifier}" in html and "/api/openapi.json" in html
    assert "QN-DT-0001" in html and 'lang="vi"' in html
