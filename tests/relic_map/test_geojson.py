"""``/api/sites.geojson``: RFC 7946, filters, languages, caching, bad input."""

import json
from decimal import Decimal

import pytest
from django.test import TestCase
from wagtail.models import PageViewRestriction

from catalogue.models import RecordImage
from images.ingest import ingest_file
from tests import data, factories
from tests.iiif import samples

pytestmark = pytest.mark.django_db

URL = "/api/sites.geojson"


def get(client, **query):
    response = client.get(URL, query)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/geo+json"
    return json.loads(response.content)


def by_id(collection):
    return {feature["properties"]["identifier"]: feature for feature in collection["features"]}


def assert_rfc7946(collection):
    """The structure RFC 7946 requires of a FeatureCollection of points, positions lon,lat."""
    assert set(collection) == {"type", "features"} and collection["type"] == "FeatureCollection"
    for feature in collection["features"]:
        assert feature["type"] == "Feature"
        assert isinstance(feature["properties"], dict)
        assert isinstance(feature["id"], str)
        geometry = feature["geometry"]
        if geometry is None:
            continue
        assert geometry["type"] == "Point"
        longitude, latitude = geometry["coordinates"]
        assert all(isinstance(c, float | int) for c in (longitude, latitude))
        assert -180 <= longitude <= 180 and -90 <= latitude <= 90
        # Quảng Nam lies near 108° E, 15.5° N: a swapped pair would put 108 in the latitude.
        assert 107 < longitude < 109 and 14.5 < latitude < 16.5


@pytest.fixture
def sites(indexes):
    return {
        "my_son": factories.site(indexes, title="Khu đền tháp Mỹ Sơn", slug="my-son"),
        "chua_cau": factories.site(
            indexes,
            title="Chùa Cầu",
            slug="chua-cau",
            ranking="national",
            former_district="hoi-an",
            **data.point(data.CHUA_CAU),
        ),
        "ky_anh": factories.site(
            indexes,
            title="Địa đạo Kỳ Anh",
            slug="ky-anh",
            ranking="national",
            category="historical",
            former_district="tam-ky",
            **data.point(data.KY_ANH),
        ),
        "unplaced": factories.site(
            indexes,
            title="Đình chưa định vị",
            slug="dinh",
            ranking="provincial",
            former_district="",
            latitude=None,
            longitude=None,
        ),
    }


def test_every_published_site_is_a_valid_feature_with_its_properties(client, sites, settings):
    collection = get(client)
    assert_rfc7946(collection)
    features = by_id(collection)
    assert set(features) == {page.identifier for page in sites.values()}
    chua_cau = features[sites["chua_cau"].identifier]
    assert chua_cau["geometry"] == {"type": "Point", "coordinates": [108.32597, 15.87711]}
    properties = chua_cau["properties"]
    assert properties["name"] == "Chùa Cầu" and properties["names"] == {"vi": "Chùa Cầu"}
    assert (properties["ranking"], properties["ranking_label"]) == ("national", "Di tích quốc gia")
    assert properties["category"] == "architectural_artistic" and properties["district"] == "hoi-an"
    assert properties["url"] == settings.PUBLIC_BASE_URL + sites["chua_cau"].url
    assert properties["thumbnail"] is None and properties["generalised"] is False
    # A site not yet placed is still open data; RFC 7946 allows a null geometry.
    assert features[sites["unplaced"].identifier]["geometry"] is None
    # World Heritage first, then by name.
    names = [f["properties"]["name"] for f in collection["features"]]
    assert names == ["Khu đền tháp Mỹ Sơn", "Chùa Cầu", "Địa đạo Kỳ Anh", "Đình chưa định vị"]


def test_filters_narrow_the_sites(client, sites):
    ids = {key: page.identifier for key, page in sites.items()}
    assert set(by_id(get(client, ranking="national"))) == {ids["chua_cau"], ids["ky_anh"]}
    assert set(by_id(get(client, ranking="national,world_heritage", category="historical"))) == {
        ids["ky_anh"]
    }
    assert set(by_id(get(client, district=["hoi-an", "duy-xuyen"]))) == {ids["chua_cau"], ids["my_son"]}
    assert set(by_id(get(client, bbox="108.3,15.8,108.4,15.9"))) == {ids["chua_cau"]}
    assert get(client, ranking="special_national")["features"] == []


def test_names_and_links_follow_the_language_asked_for(client, sites, en):
    english, _source, _translation = factories.translate(sites["my_son"], en, prefix="EN ")
    features = by_id(get(client, lang="en"))
    my_son = features[sites["my_son"].identifier]["properties"]
    assert my_son["name"] == "EN Khu đền tháp Mỹ Sơn"
    assert my_son["names"] == {"en": "EN Khu đền tháp Mỹ Sơn", "vi": "Khu đền tháp Mỹ Sơn"}
    assert my_son["url"].endswith(english.url) and "/en/" in my_son["url"]
    assert my_son["ranking_label"] == "UNESCO World Heritage"
    # Not yet translated: the Vietnamese record stands in.
    assert features[sites["chua_cau"].identifier]["properties"]["name"] == "Chùa Cầu"
    assert len(features) == len(sites), "a translation is the same site, not a second one"


def test_drafts_unpublished_and_restricted_sites_are_not_given(client, sites, indexes):
    draft = factories.SitePage(
        title="Bản nháp", slug="ban-nhap", live=False, latitude=Decimal("15.7"), longitude=Decimal("108.2")
    )
    indexes["site"].add_child(instance=draft)
    draft.save_revision()
    sites["ky_anh"].unpublish()
    PageViewRestriction.objects.create(page=sites["chua_cau"], restriction_type="login")
    assert set(by_id(get(client))) == {sites["my_son"].identifier, sites["unplaced"].identifier}


def test_a_tiled_image_gives_the_site_a_thumbnail(client, sites, tmp_path, settings):
    path = samples.write(samples.noise(900, 600, seed=7), tmp_path / "tower.png")
    with TestCase.captureOnCommitCallbacks(execute=True):
        image = ingest_file(path, identifier="my-son-tower").image
    page = sites["my_son"]
    page.record_images = [RecordImage(image=image, caption="Tháp")]
    page.save_revision().publish()
    thumbnail = by_id(get(client))[page.identifier]["properties"]["thumbnail"]
    assert thumbnail == f"{settings.PUBLIC_BASE_URL}/iiif/3/my-son-tower/full/240,/0/default.jpg"
    assert client.get(thumbnail.removeprefix(settings.PUBLIC_BASE_URL)).status_code == 200


def test_etag_answers_not_modified_until_a_site_changes(client, sites):
    first = client.get(URL)
    etag = first["ETag"]
    assert etag.startswith('"') and "public" in first["Cache-Control"] and "max-age" in first["Cache-Control"]
    assert first["Access-Control-Allow-Origin"] == "*"
    again = client.get(URL, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again["ETag"] == etag and again.content == b""
    assert client.get(URL, HTTP_IF_NONE_MATCH=f'"other", W/{etag}').status_code == 304
    assert client.get(URL, {"lang": "en"}, HTTP_IF_NONE_MATCH=etag).status_code == 200, "another document"

    page = sites["chua_cau"]
    page.title = "Chùa Cầu Hội An"
    page.save_revision().publish()
    changed = client.get(URL, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    assert "Chùa Cầu Hội An" in changed.content.decode()

    sites["my_son"].unpublish()
    assert sites["my_son"].identifier not in by_id(get(client))


@pytest.mark.parametrize(
    ("query", "param", "message_vi", "message_en"),
    [
        ({"ranking": "unesco"}, "ranking", "phải là một trong", "must be one of"),
        ({"bbox": "15,108,16"}, "bbox", "cần 4 số", "needs 4 comma-separated numbers"),
        ({"bbox": "x,1,2,3"}, "bbox", "phải là số", "must be numbers"),
        ({"bbox": "109,15,108,16"}, "bbox", "tây ≤ đông", "west ≤ east"),
        ({"lang": "de"}, "lang", "phải là một trong", "must be one of"),
    ],
)
def test_bad_parameters_get_a_clear_400_in_the_language_asked_for(
    client, sites, query, param, message_vi, message_en
):
    for language, message in (("vi", message_vi), ("en", message_en)):
        response = client.get(URL, {"lang": language, **query} if param != "lang" else query)
        assert response.status_code == 400
        error = json.loads(response.content)["error"]
        assert error["param"] == param
        if param != "lang" or language == "vi":
            assert message in error["message"]


def test_zones_are_given_near_the_view_and_never_for_a_sensitive_site(client, indexes):
    square = {
        "type": "Polygon",
        "coordinates": [[[108.12, 15.76], [108.13, 15.76], [108.13, 15.77], [108.12, 15.76]]],
    }
    zone = {"type": "Feature", "properties": {}, "geometry": square}
    factories.site(indexes, slug="a", boundary=square, protection_zone_1=zone)
    factories.site(indexes, slug="b", identifier="QN-DT-0900", sensitive=True, boundary=square)
    response = client.get("/api/sites/zones.geojson", {"bbox": "108.1,15.7,108.2,15.8", "lang": "en"})
    collection = json.loads(response.content)
    kinds = [(f["properties"]["kind"], f["properties"]["kind_label"]) for f in collection["features"]]
    assert kinds == [("zone_1", "Protection zone I"), ("boundary", "Site boundary")]
    assert all(f["geometry"] == square for f in collection["features"])
    assert "QN-DT-0900" not in response.content.decode()
    far = client.get("/api/sites/zones.geojson", {"bbox": "108.3,15.8,108.4,15.9"})
    assert json.loads(far.content)["features"] == []
