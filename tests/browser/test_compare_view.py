"""The restoration compare page on a phone in a real browser: two survey photographs of one monument,
locked side by side, swiped and overlaid, condition regions drawn, the view kept in the address."""

import math
from datetime import date

import pytest
import pyvips
from django.contrib.auth import get_user_model
from django.test import Client, TestCase
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from wagtail.users.models import UserProfile

from images.ingest import ingest_file
from restoration.condition.compare import register
from restoration.models import (
    ConditionObservation,
    DamageType,
    DocumentationEvent,
    EventImage,
    Registration,
)
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE_SIZE = (1600, 1200)
AFTER_SIZE = (1500, 1100)
SCALE, ANGLE, SHIFT = 0.95, math.radians(4), (37.0, -22.0)
COS, SIN = math.cos(ANGLE), math.sin(ANGLE)
# Features a researcher would pick, spread over the monument (before image pixels).
PICKED = [(300, 250), (1300, 220), (800, 600), (250, 950), (1350, 1000)]


def before_to_after(x, y):
    """How the after photograph was taken: the before one rotated by 4°, scaled 0.95 and shifted."""
    return SCALE * (COS * x - SIN * y) + SHIFT[0], SCALE * (SIN * x + COS * y) + SHIFT[1]


def photographs(tmp_path):
    """A textured "before" (weathered stone, mortar joints, cracks) and the re-lit, moved "after"."""
    width, height = BEFORE_SIZE
    coarse = pyvips.Image.perlin(width, height, cell_size=64, seed=3)
    fine = pyvips.Image.perlin(width, height, cell_size=12, seed=5)
    grey = (coarse * 60 + fine * 25 + 120).cast("uchar")
    for top in range(0, height, 150):
        offset = 0 if top % 300 == 0 else 110
        for left in range(-offset, width, 220):
            grey = grey.draw_rect(40, left, top, 220, 150)  # mortar joints
    for x1, y1, x2, y2 in [(200, 100, 520, 700), (900, 300, 1400, 420), (1100, 800, 800, 1150)]:
        grey = grey.draw_line(20, x1, y1, x2, y2)  # cracks
    before = grey.bandjoin([(grey * 0.9).cast("uchar"), (grey * 0.75).cast("uchar")])
    before = before.copy(interpretation="srgb")
    a, b, d, e = SCALE * COS, -SCALE * SIN, SCALE * SIN, SCALE * COS
    after = before.affine(
        [a, b, d, e],
        interpolate=pyvips.Interpolate.new("bicubic"),
        oarea=[0, 0, *AFTER_SIZE],
        odx=SHIFT[0] + (a + b) / 2 - 0.5,
        ody=SHIFT[1] + (d + e) / 2 - 0.5,
    )
    after = (after * 1.1 + 6).cast("uchar").copy(interpretation="srgb")
    paths = tmp_path / "before.png", tmp_path / "after.png"
    before.write_to_file(str(paths[0]))
    after.write_to_file(str(paths[1]))
    return paths


def tiled(path, identifier):
    with TestCase.captureOnCommitCallbacks(execute=True):
        result = ingest_file(path, identifier=identifier, title=identifier)
    result.image.refresh_from_db()
    assert result.image.tiling_status == "ready", result.message
    return result.image


@pytest.fixture
def record(tmp_path):
    """A site surveyed twice (2005, 2019), a crack outlined on each survey; registered or not."""
    indexes = factories.make_indexes(factories.ensure_site_tree())
    site = factories.site(indexes, identifier="QN-DT-0002")
    # Transactional tests flush the data migrations' rows too.
    cracking, _ = DamageType.objects.get_or_create(
        key="cracking", defaults={"label_vi": "Nứt", "label_en": "Cracking"}
    )
    before_path, after_path = photographs(tmp_path)
    images = []
    for day, path, name in (
        (date(2005, 3, 1), before_path, "before"),
        (date(2019, 6, 1), after_path, "after"),
    ):
        event = DocumentationEvent.objects.create(
            record=site, kind="baseline_survey", date=day, agency="Trung tâm Quản lý Di tích Mỹ Sơn"
        )
        images.append(
            EventImage.objects.create(event=event, image=tiled(path, f"survey-{name}"), view="Mặt đông")
        )
    ax, ay = before_to_after(200, 100)
    for event_image, (x, y) in zip(images, ((200, 100), (ax, ay)), strict=True):
        ConditionObservation.objects.create(
            event=event_image.event,
            damage=cracking,
            severity="moderate",
            event_image=event_image,
            x=round(x),
            y=round(y),
            width=340,
            height=600,
        )
    yield site, images
    # The shared conftest deletes event images before the rows that point at them on SQLite; do it here.
    Registration.objects.all().delete()
    ConditionObservation.objects.all().delete()


@pytest.fixture
def curator_page(browser, live_server, settings):
    """A phone whose browser is logged in as a superuser."""
    settings.PUBLIC_BASE_URL = live_server.url  # info.json gives the tiles' base URL
    user = get_user_model().objects.create_superuser("curator", "curator@example.org", "pw")
    client = Client()
    client.force_login(user)
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, device_scale_factor=2, is_mobile=True, has_touch=True
    )
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(  # script errors and failed requests (tiles, info.json, registration) end up in `errors`
        "response",
        lambda r: (
            errors.append(f"{r.status} {r.url}") if r.status >= 400 and "favicon" not in r.url else None
        ),
    )
    yield page, errors, user
    context.close()


def compare_url(live_server, site, images, **params):
    before, after = images
    query = {"a": before.event_id, "b": after.event_id, "ia": before.pk, "ib": after.pk, **params}
    return f"{live_server.url}/admin/restoration/record/{site.identifier}/compare/?" + "&".join(
        f"{key}={value}" for key, value in query.items()
    )


def wait_for_tiles(page, sides=("a", "b")):
    condition = " && ".join(
        f"window.__compare.items().{side} && window.__compare.tilesLoaded().{side} > 0" for side in sides
    )
    try:
        page.wait_for_function(f"() => window.__compare && {condition}", timeout=30_000)
    except PlaywrightTimeout:
        state = page.evaluate(
            """() => ({status: document.querySelector('.compare-status').textContent,
                       ready: Boolean(window.__compare),
                       tiles: window.__compare && window.__compare.tilesLoaded(),
                       items: window.__compare && Object.keys(window.__compare.items())
                           .filter((side) => window.__compare.items()[side])})"""
        )
        raise AssertionError(f"tiles did not load: {state}") from None


def viewports(page):
    return page.evaluate(
        """() => ['a', 'b'].map((side) => {
            const viewport = window.__compare.viewers[side].viewport;
            const centre = viewport.getCenter(true);
            return {x: centre.x, y: centre.y, zoom: viewport.getZoom(true)};
        })"""
    )


def settled(page):
    """Wait until neither viewer animates any more (and a frame has passed for the follower)."""
    page.wait_for_function(
        """() => ['a', 'b'].every((side) => {
            const viewer = window.__compare.viewers[side];
            if (!viewer) return true;
            const v = viewer.viewport;
            return [v.centerSpringX, v.centerSpringY, v.zoomSpring].every((s) => s.isAtTargetValue());
        })""",
        timeout=10_000,
    )
    page.wait_for_timeout(100)


def no_horizontal_overflow(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_a_curator_compares_two_registered_surveys_on_a_phone(live_server, record, curator_page):
    site, images = record
    before, after = images
    pairs = [(x, y, *before_to_after(x, y)) for x, y in PICKED]
    registration = register(before.pk, after.pk, pairs)  # commits: the aligned image is tiled at once
    registration.aligned_image.refresh_from_db()
    assert registration.aligned_image.tiling_status == "ready"
    page, errors, _user = curator_page

    # Side by side: the after viewer shows the ALIGNED image, locked to the before viewer.
    page.goto(compare_url(live_server, site, images, mode="side"))
    wait_for_tiles(page)
    assert page.evaluate("window.__compare.alignedShown()")
    # The figure shown is the leave-one-out check (each point as the others predict it).
    config = page.evaluate("JSON.parse(document.getElementById('compare-config').textContent)")
    check = config["registration"]["check"]
    assert check is not None and check < 2
    assert f"{check:g} px" in page.locator(".compare-status").inner_text()
    assert page.locator("#image-a option").all_inner_texts() == ["Mặt đông"]
    boxes = [page.locator(f"#viewer-{side}").bounding_box() for side in "ab"]
    assert boxes[1]["y"] >= boxes[0]["y"] + boxes[0]["height"], "stacked on a phone"
    assert all(box["width"] <= 360 for box in boxes)
    no_horizontal_overflow(page)

    region = page.locator("#viewer-a .region").first
    region.wait_for(state="visible")
    assert "Nứt" in region.inner_text() or "Cracking" in region.inner_text()
    assert page.locator("#viewer-b .region").count() == 1
    # The after image's crack, mapped through the registration, lands where the before one is.
    a_box, b_box = (page.locator(f"#viewer-{side} .region").first.bounding_box() for side in "ab")
    assert abs(a_box["x"] - (b_box["x"] - boxes[1]["x"] + boxes[0]["x"])) < 12
    assert abs((a_box["y"] - boxes[0]["y"]) - (b_box["y"] - boxes[1]["y"])) < 12
    page.locator("#show-regions").uncheck()
    assert not region.is_visible()
    page.locator("#show-regions").check()
    assert region.is_visible()

    # Zoom stays locked: zoom and pan the before viewer with the mouse, the after one follows.
    start = viewports(page)
    centre_x, centre_y = boxes[0]["x"] + boxes[0]["width"] / 2, boxes[0]["y"] + boxes[0]["height"] / 2
    page.mouse.move(centre_x, centre_y)
    for _ in range(3):
        page.mouse.wheel(0, -120)
        page.wait_for_timeout(80)
    page.mouse.down()
    page.mouse.move(centre_x - 60, centre_y - 40, steps=4)
    page.mouse.up()
    settled(page)
    a, b = viewports(page)
    assert a["zoom"] > start[0]["zoom"] * 1.5, "the wheel zoomed in"
    assert b["zoom"] == pytest.approx(a["zoom"], rel=1e-6)
    assert (b["x"], b["y"]) == pytest.approx((a["x"], a["y"]), abs=1e-6)
    # ... and the other way round: the after viewer leads, the before one follows.
    page.evaluate("window.__compare.viewers.b.viewport.zoomBy(0.8).panBy({x: 0.03, y: 0.02})")
    settled(page)
    a2, b2 = viewports(page)
    assert a2["zoom"] == pytest.approx(a["zoom"] * 0.8, rel=1e-3)
    assert (a2["x"], a2["y"], a2["zoom"]) == pytest.approx((b2["x"], b2["y"], b2["zoom"]), rel=1e-6)

    # The address follows the view; opening it again shows the same region.
    page.wait_for_function(
        "() => new URLSearchParams(location.search).get('view') === window.__compare.view().join(',')",
        timeout=5_000,
    )  # written 300 ms after the last move
    shown = page.evaluate("window.__compare.view()")
    address = page.url
    assert "mode=side" in address and f"view={','.join(map(str, shown))}" in address
    page.goto(address)
    wait_for_tiles(page)
    restored = page.evaluate("window.__compare.view()")
    assert restored == pytest.approx(shown, abs=max(4, shown[2] * 0.02))

    # Swipe: one viewer; the after image is clipped right of the line, which follows the slider.
    page.locator(".modes label", has=page.locator("input[value=swipe]")).click()
    wait_for_tiles(page, sides=("a",))
    page.wait_for_function("() => window.__compare.items().b && window.__compare.clip()")
    assert page.locator("#viewer-b").is_hidden()
    assert page.locator(".swipe-line").is_visible()
    no_horizontal_overflow(page)

    def swipe_to(value):
        page.locator("#swipe").evaluate(
            "(input, value) => { input.value = value; input.dispatchEvent(new Event('input')); }", value
        )
        return page.evaluate("window.__compare.clip()")

    view = page.evaluate("window.__compare.view()")  # A and the aligned B share the pixel frame
    clip_left, clip_right = swipe_to(0.25), swipe_to(0.75)
    assert clip_right["x"] > clip_left["x"]
    assert clip_right["x"] - clip_left["x"] == pytest.approx(view[2] / 2, rel=0.05)
    assert clip_left["x"] + clip_left["width"] == pytest.approx(BEFORE_SIZE[0])
    line = page.locator(".swipe-line").bounding_box()
    stage = page.locator("#viewer-a").bounding_box()
    assert line["x"] + line["width"] / 2 == pytest.approx(stage["x"] + 0.75 * stage["width"], abs=2)
    assert "swipe=0.75" in page.url and "mode=swipe" in page.url

    # Overlay: the after image over the before one, as translucent as the slider says.
    page.locator(".modes label", has=page.locator("input[value=overlay]")).click()
    opacity = page.locator("input[name=opacity]")
    opacity.wait_for(state="visible")
    assert page.evaluate("window.__compare.clip()") is None
    opacity.evaluate("(input) => { input.value = 0.2; input.dispatchEvent(new Event('input')); }")
    assert page.evaluate("window.__compare.opacity()") == pytest.approx(0.2)
    opacity.evaluate("(input) => { input.value = 0.9; input.dispatchEvent(new Event('input')); }")
    assert page.evaluate("window.__compare.opacity()") == pytest.approx(0.9)
    assert "opacity=0.9" in page.url and "mode=overlay" in page.url
    assert page.locator("#viewer-a .region").count() == 2  # before's and (aligned) after's
    no_horizontal_overflow(page)

    # Another event: the page reloads with it (and that event's first image).
    page.locator("#event-b").select_option(str(before.event_id))
    page.wait_for_url(f"**b={before.event_id}**")
    wait_for_tiles(page, sides=("a",))
    assert "ib=" not in page.url and "mode=overlay" in page.url
    assert page.locator("#image-b").input_value() == str(before.pk)
    assert not errors, errors


def test_without_a_registration_the_page_says_so_and_a_curator_registers_by_tapping(
    live_server, record, curator_page
):
    site, images = record
    page, errors, user = curator_page
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "vi"
    profile.save()
    page.goto(compare_url(live_server, site, images, mode="overlay"))
    wait_for_tiles(page, sides=("a",))
    page.wait_for_function("() => window.__compare.items().b")
    status = page.locator(".compare-status")
    assert status.get_attribute("data-kind") == "warning"
    assert page.evaluate("document.documentElement.lang") == "vi"
    assert status.inner_text().startswith("Chưa căn chỉnh")
    assert not page.evaluate("window.__compare.alignedShown()")
    # Unaligned, the after image is its own picture scaled to the before image's width.
    bounds = page.evaluate(
        "(() => { const b = window.__compare.items().b.getBounds(); return [b.x, b.width]; })()"
    )
    assert bounds == pytest.approx([0, 1])

    # Opening the registration panel switches to side by side with the after image's own pixels.
    page.locator("#register summary").click()
    page.wait_for_function("() => window.__compare.state.mode === 'side'")
    wait_for_tiles(page)
    assert page.locator("input[name=mode][value=side]").is_checked()
    assert page.locator("#save-registration").is_disabled()

    def tap(side, x, y):
        page.locator(f"#viewer-{side}").scroll_into_view_if_needed()  # the list below may be in view
        point = page.evaluate(
            """([side, x, y]) => {
                const item = window.__compare.items()[side];
                const p = item.imageToViewerElementCoordinates(new OpenSeadragon.Point(x, y));
                const box = window.__compare.viewers[side].element.getBoundingClientRect();
                return [box.left + p.x, box.top + p.y];
            }""",
            [side, x, y],
        )
        page.touchscreen.tap(*point)
        page.wait_for_timeout(350)  # not a double tap

    for x, y in PICKED[:4]:
        tap("a", x, y)
        tap("b", *before_to_after(x, y))
    picked = page.evaluate("window.__compare.pairs()")
    assert len(picked) == 4
    for (bx, by, ax, ay), (x, y) in zip(picked, PICKED, strict=False):
        assert (bx, by) == pytest.approx((x, y), abs=6)
        assert (ax, ay) == pytest.approx(before_to_after(x, y), abs=6)
    assert page.locator("#pairs li").count() == 4
    assert page.locator("#viewer-a .cp-marker").count() == 4
    page.locator("#pairs li").nth(3).locator("button").click()
    assert page.locator("#pairs li").count() == 3
    assert page.locator("#viewer-b .cp-marker").count() == 3
    # Three pairs always fit exactly, so nothing would check them: a fourth is needed to save.
    assert page.locator("#save-registration").is_disabled()
    tap("a", *PICKED[3])  # the removed pair, picked again
    tap("b", *before_to_after(*PICKED[3]))
    assert page.locator("#pairs li").count() == 4
    assert page.locator("#save-registration").is_enabled()
    no_horizontal_overflow(page)

    # Saved: the server fits the transform, the aligned image is tiled, the page reloads aligned.
    with page.expect_navigation(timeout=60_000):
        page.locator("#save-registration").click()
    wait_for_tiles(page)
    assert page.evaluate("window.__compare.alignedShown()")
    assert status.get_attribute("data-kind") == "aligned"
    assert page.evaluate("window.__compare.state.mode") == "side"
    assert not errors, errors
