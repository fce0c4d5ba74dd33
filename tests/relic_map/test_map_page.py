"""The map page without script (list and filters), site pages' JSON-LD and map link, navPlace."""

import json
import math
import re
from decimal import Decimal

import pytest

from catalogue.models import RecordImage
from catalogue.models.geo import generalised_point
from tests import data, factories
from tests.iiif.test_record_iiif import tiled

pytestmark = pytest.mark.django_db


@pytest.fixture
def sites(indexes):
    return [
        factories.site(indexes, title="Khu đền tháp Mỹ Sơn", slug="my-son"),
        factories.site(
            indexes,
            title="Chùa Cầu",
            slug="chua-cau",
            ranking="national",
            former_district="hoi-an",
            **data.point(data.CHUA_CAU),
        ),
    ]


def list_names(html):
    return re.findall(r'<li data-id="[^"]+"[^>]*>\s*<a href="[^"]+">([^<]+)</a>', html)


def test_the_map_page_lists_every_site_and_filters_without_script(client, sites):
    response = client.get("/vi/ban-do/")
    html = response.content.decode()
    assert response.status_code == 200
    assert list_names(html) == ["Khu đền tháp Mỹ Sơn", "Chùa Cầu"]
    config = json.loads(
        re.search(r'<script id="relic-map-config" type="application/json">(.*?)</script>', html).group(1)
    )
    assert config["dataUrl"] == "/api/sites.geojson" and config["tiles"]["url"].startswith("https://")
    assert config["outline"]["features"][0]["geometry"]["type"] == "Polygon"
    assert "leaflet.js" in html and "unpkg" not in html and "cdn" not in html.lower()
    assert 'href="/en/map/"' in html and 'hreflang="en"' in html
    filtered = client.get("/vi/ban-do/", {"district": "hoi-an"}).content.decode()
    assert list_names(filtered) == ["Chùa Cầu"]
    assert 'value="hoi-an" checked' in filtered
    english = client.get("/en/map/", {"ranking": "world_heritage"}).content.decode()
    assert "Map of relics" in english and 'href="/vi/ban-do/"' in english
    assert "UNESCO World Heritage" in english and list_names(english) == ["Khu đền tháp Mỹ Sơn"]


def test_a_bad_filter_on_the_page_says_so_and_still_lists_the_sites(client, sites):
    response = client.get("/en/map/", {"ranking": "famous"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "must be one of" in html and len(list_names(html)) == 2


def test_the_map_works_with_no_base_map_configured(client, sites, settings):
    settings.RELIC_MAP_TILE_URL = ""
    html = client.get("/vi/ban-do/").content.decode()
    config = json.loads(
        re.search(r'<script id="relic-map-config" type="application/json">(.*?)</script>', html).group(1)
    )
    assert config["tiles"]["url"] == "" and config["outline"]["features"]


def test_a_site_page_carries_json_ld_a_location_and_a_map_link(client, sites):
    html = client.get(sites[1].url).content.decode()
    ld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html).group(1))
    assert ld["@type"] == ["LandmarksOrHistoricalBuildings", "TouristAttraction"]
    assert ld["name"] == "Chùa Cầu" and ld["identifier"] == sites[1].identifier
    assert ld["geo"] == {"@type": "GeoCoordinates", "latitude": 15.877108, "longitude": 108.32597}
    assert ld["address"]["addressCountry"] == "VN"
    assert f'href="/vi/ban-do/?site={sites[1].identifier}"' in html
    assert "15.87711, 108.32597" in html


def test_json_ld_cannot_be_broken_out_of(client, indexes):
    page = factories.site(indexes, slug="x", summary="</script><script>alert(1)</script> & <!--")
    html = client.get(page.url).content.decode()
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html).group(1)
    assert json.loads(block)["description"] == "</script><script>alert(1)</script> & <!--"
    assert "<script>alert" not in html


def test_a_manifest_has_navplace_at_the_site(client, sites, tmp_path):
    page = sites[1]
    page.record_images = [RecordImage(image=tiled(tmp_path, "c.png", "chua-cau-1"))]
    page.save_revision().publish()
    manifest = json.loads(client.get(f"/iiif/manifest/{page.identifier}.json").content)
    assert manifest["@context"] == [
        "http://iiif.io/api/extension/navplace/context.json",
        "http://iiif.io/api/presentation/3/context.json",
    ]
    feature = manifest["navPlace"]["features"][0]
    assert manifest["navPlace"]["type"] == "FeatureCollection"
    assert feature["geometry"] == {"type": "Point", "coordinates": [108.32597, 15.877108]}
    assert feature["properties"]["label"] == {"vi": ["Chùa Cầu"]}


def test_a_generalised_point_is_far_off_on_both_axes_and_stable():
    latitude, longitude = 15.813712, 108.271946
    quadrants = set()
    for seed in (f"QN-DT-{n:04d}" for n in range(1, 2000)):
        g_lat, g_lon = generalised_point(latitude, longitude, seed)
        assert (g_lat, g_lon) == generalised_point(Decimal("15.813712"), Decimal("108.271946"), seed)
        km = math.hypot(
            (g_lat - latitude) * 111.32, (g_lon - longitude) * 111.32 * math.cos(math.radians(latitude))
        )
        assert 2.4 <= km <= 4.6, seed
        assert abs(g_lat - latitude) > 0.004 and abs(g_lon - longitude) > 0.004, seed
        quadrants.add((g_lat > latitude, g_lon > longitude))
    assert len(quadrants) == 4, "every direction is used: the truth is not on one side"
