"""The relic map on a phone in a real browser: markers, a popup, "near me" near Hội An, filters,
and the province outline when the base map cannot be reached (this machine has no internet)."""

import math

import pytest

from tests import data, factories

pytestmark = pytest.mark.django_db(transaction=True)

# On Trần Phú street in Hội An, a few hundred metres east of the Japanese Bridge.
VISITOR = {"latitude": 15.8772, "longitude": 108.3305}


def haversine_m(lat1, lon1, lat2, lon2):
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 12_742_000 * math.asin(math.sqrt(a))


@pytest.fixture(autouse=True)
def unreachable_base_map(settings):
    """A tile server that refuses every connection, as when the phone has no data."""
    settings.RELIC_MAP_TILE_URL = "http://127.0.0.1:9/{z}/{x}/{y}.png"


@pytest.fixture
def map_sites():
    indexes = factories.make_indexes(factories.ensure_site_tree())
    return {
        "my_son": factories.site(
            indexes, title="Khu đền tháp Mỹ Sơn", slug="my-son", identifier="QN-DT-0002"
        ),
        "chua_cau": factories.site(
            indexes,
            title="Chùa Cầu",
            slug="chua-cau",
            identifier="QN-DT-0003",
            ranking="national",
            former_district="hoi-an",
            **data.point(data.CHUA_CAU),
        ),
        "khuong_my": factories.site(
            indexes,
            title="Tháp Khương Mỹ",
            slug="khuong-my",
            identifier="QN-DT-0006",
            ranking="national",
            former_district="tam-ky",
            **data.point(data.KHUONG_MY),
        ),
        "lai_nghi": factories.site(
            indexes,
            title="Khu mộ táng Lai Nghi",
            slug="lai-nghi",
            identifier="QN-DT-0013",
            ranking="inventoried",
            category="archaeological",
            sensitive=True,
            former_district="dien-ban",
            **data.point(data.LAI_NGHI),
        ),
    }


@pytest.fixture
def visitor_phone(browser):
    context = browser.new_context(
        viewport={"width": 360, "height": 740},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        geolocation=VISITOR,
        permissions=["geolocation"],
        locale="vi-VN",
    )
    page = context.new_page()
    yield page
    context.close()


def test_a_visitor_in_hoi_an_sees_the_sites_opens_one_and_finds_the_nearest(
    live_server, visitor_phone, map_sites
):
    phone = visitor_phone
    phone.goto(live_server.url + "/vi/ban-do/")
    status = phone.locator(".map-status")
    status.filter(has_text="4").wait_for(timeout=10_000)  # "Đang hiển thị 4 di tích"
    # Markers and clusters are on the map; the province outline is drawn beneath them.
    markers = phone.locator(".leaflet-marker-pane .site-icon, .leaflet-marker-pane .site-cluster")
    assert markers.count() >= 2
    assert phone.locator(".leaflet-overlay-pane path").count() >= 1
    # No base map: the outline stands in, and the map says so.
    phone.locator(".map-notice").wait_for(timeout=10_000)
    assert "no-tiles" in phone.locator("#relic-map").get_attribute("class").split()

    # Khương Mỹ stands alone in the south: its marker is not clustered. Open its popup.
    phone.locator(".site-icon[title='Tháp Khương Mỹ']").click()
    popup = phone.locator(".leaflet-popup-content")
    popup.wait_for()
    assert "Tháp Khương Mỹ" in popup.inner_text() and "Di tích quốc gia" in popup.inner_text()
    assert popup.locator("a").get_attribute("href").endswith(map_sites["khuong_my"].url)

    phone.locator(".near-me").click()
    status.filter(has_text="Di tích gần bạn nhất").wait_for(timeout=10_000)
    assert "Chùa Cầu" in status.inner_text()
    first = phone.locator("#site-list li").first
    assert first.locator("a").inner_text() == "Chùa Cầu"
    expected = round(haversine_m(VISITOR["latitude"], VISITOR["longitude"], 15.87711, 108.32597))
    assert first.locator(".site-distance").inner_text() in {f"{expected + d} m" for d in (-1, 0, 1)}
    order = phone.locator("#site-list li a").all_inner_texts()
    assert order.index("Khu đền tháp Mỹ Sơn") < order.index("Tháp Khương Mỹ"), "farther sites come later"
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360  # nothing overflows the phone


def test_filters_narrow_the_markers_and_the_list_and_keep_the_url(live_server, visitor_phone, map_sites):
    phone = visitor_phone
    phone.goto(live_server.url + "/en/map/")
    status = phone.locator(".map-status")
    status.filter(has_text="4 sites shown").wait_for(timeout=10_000)
    phone.locator("summary", has_text="Filter the sites").click()
    phone.get_by_role("checkbox", name="National relic", exact=True).check()
    status.filter(has_text="2 sites shown").wait_for()
    assert phone.locator("#site-list li:not([hidden]) a").all_inner_texts() == ["Chùa Cầu", "Tháp Khương Mỹ"]
    assert "ranking=national" in phone.url
    phone.reload()  # the same view from the URL, rendered by the server
    status.filter(has_text="2 sites shown").wait_for(timeout=10_000)
    assert phone.locator("#site-list li a").all_inner_texts() == ["Chùa Cầu", "Tháp Khương Mỹ"]


def test_a_sensitive_site_is_drawn_as_approximate_at_its_generalised_place(
    live_server, visitor_phone, map_sites
):
    phone = visitor_phone
    phone.goto(live_server.url + f"/en/map/?site={map_sites['lai_nghi'].identifier}")
    popup = phone.locator(".leaflet-popup-content")
    popup.wait_for(timeout=10_000)
    assert "Approximate location" in popup.inner_text()
    assert phone.locator(".site-icon .pin-approx").count() == 1
    assert "15.902" not in phone.content() and "108.285" not in phone.content()


def test_with_no_base_map_configured_the_markers_stand_on_the_outline(
    live_server, visitor_phone, map_sites, settings
):
    settings.RELIC_MAP_TILE_URL = ""  # an offline kiosk, or a deployment without a tile service
    errors = []
    visitor_phone.on("pageerror", lambda error: errors.append(str(error)))
    visitor_phone.goto(live_server.url + "/en/map/")
    visitor_phone.locator(".map-status").filter(has_text="4 sites shown").wait_for(timeout=10_000)
    assert (
        visitor_phone.locator(".leaflet-marker-pane .site-icon, .leaflet-marker-pane .site-cluster").count()
        >= 2
    )
    assert visitor_phone.locator(".leaflet-tile-pane img").count() == 0
    assert "no-tiles" in visitor_phone.locator("#relic-map").get_attribute("class").split()
    assert errors == []
