"""Drawing a condition region on the compare page, on a phone (touch) and on a desktop: in draw mode a
drag on a viewer outlines a rectangle in THAT viewer's image pixels, saved as a condition observation
of the image; a sealed event's images cannot be drawn on (a correction is needed instead)."""

import math
from contextlib import contextmanager
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from wagtail.users.models import UserProfile

from restoration.archive.sealing import seal_event
from restoration.condition.compare import register
from restoration.models import ConditionObservation, DamageType, DocumentationEvent, EventImage, Registration
from tests import factories
from tests.browser.test_compare_view import (
    AFTER_SIZE,
    ANGLE,
    PICKED,
    SCALE,
    SHIFT,
    before_to_after,
    compare_url,
    photographs,
    settled,
    tiled,
    wait_for_tiles,
)

pytestmark = pytest.mark.django_db(transaction=True)

DEVICES = {
    # (browser context, the curator's language)
    "phone": (
        {
            "viewport": {"width": 360, "height": 740},
            "device_scale_factor": 2,
            "is_mobile": True,
            "has_touch": True,
        },
        "vi",
    ),
    "desktop": ({"viewport": {"width": 1280, "height": 800}}, "en"),
}
TEXTS = {  # the beginnings of what compare.js says (its vi/en table)
    "vi": {
        "draw": "Vẽ vùng hư hại",
        "stop": "Dừng vẽ",
        "tooSmall": "Vùng quá nhỏ",
        "choose": "Hãy chọn loại hư hại",
        "saved": "Đã lưu vùng",
        "sealed": "Đã niêm phong",
        "damage": "Hư hại",
        "severity": "Mức độ",
        "note": "Ghi chú (không bắt buộc)",
        "cancel": "Huỷ",
        "cracking": "Nứt",
    },
    "en": {
        "draw": "Draw a region",
        "stop": "Stop drawing",
        "tooSmall": "Too small",
        "choose": "Choose the damage first",
        "saved": "Region saved",
        "sealed": "Sealed",
        "damage": "Damage",
        "severity": "Severity",
        "note": "Note (optional)",
        "cancel": "Cancel",
        "cracking": "Cracking",
    },
}


@pytest.fixture
def surveys(tmp_path):
    """A site surveyed twice (2005, 2019), one tiled photograph each, no regions drawn yet."""
    indexes = factories.make_indexes(factories.ensure_site_tree())
    site = factories.site(indexes, identifier="QN-DT-0002")
    # Transactional tests flush the data migrations' rows too.
    for key, vi, en in (
        ("cracking", "Nứt", "Cracking"),
        ("biological-growth", "Sinh vật bám", "Biological growth"),
    ):
        DamageType.objects.get_or_create(key=key, defaults={"label_vi": vi, "label_en": en})
    images = []
    for day, path, name in zip(
        (date(2005, 3, 1), date(2019, 6, 1)), photographs(tmp_path), ("before", "after"), strict=True
    ):
        event = DocumentationEvent.objects.create(
            record=site, kind="baseline_survey", date=day, agency="Trung tâm Quản lý Di tích Mỹ Sơn"
        )
        images.append(
            EventImage.objects.create(event=event, image=tiled(path, f"survey-{name}"), view="Mặt đông")
        )
    yield site, images
    # The shared conftest deletes event images before the rows that point at them on SQLite; do it here.
    Registration.objects.all().delete()
    ConditionObservation.objects.filter(event__sealed_at__isnull=True).delete()


@contextmanager
def logged_in(browser, live_server, settings, device):
    """A superuser's browser on a phone (Vietnamese, touch) or a desktop (English)."""
    context_options, language = DEVICES[device]
    settings.PUBLIC_BASE_URL = live_server.url  # info.json gives the tiles' base URL
    user = get_user_model().objects.create_superuser("curator", "curator@example.org", "pw")
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    client = Client()
    client.force_login(user)
    context = browser.new_context(**context_options)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "response",
        lambda r: (
            errors.append(f"{r.status} {r.url}") if r.status >= 400 and "favicon" not in r.url else None
        ),
    )
    posted = []
    page.on(
        "request",
        lambda r: (
            posted.append(r.post_data_json) if r.method == "POST" and "/observation/" in r.url else None
        ),
    )
    try:
        yield page, errors, posted, device, TEXTS[language]
    finally:
        context.close()


@pytest.fixture(params=sorted(DEVICES))
def curator(request, browser, live_server, settings):
    with logged_in(browser, live_server, settings, request.param) as opened:
        yield opened


@pytest.fixture
def phone_curator(browser, live_server, settings):
    with logged_in(browser, live_server, settings, "phone") as opened:
        yield opened


def points_in(page, side, *fractions):
    """Whole-pixel page points at fractions of a viewer's box (scrolled into view first)."""
    viewer = page.locator(f"#viewer-{side}")
    viewer.scroll_into_view_if_needed()
    box = viewer.bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= page.viewport_size["height"], "viewer in view"
    return box, [
        (round(box["x"] + fx * box["width"]), round(box["y"] + fy * box["height"])) for fx, fy in fractions
    ]


def expected_rect(page, side, one, two):
    """The image-pixel rectangle between two page points, from the viewer's OpenSeadragon viewport."""
    corners = page.evaluate(
        """([side, points]) => {
            const viewer = window.__compare.viewers[side];
            const box = viewer.element.getBoundingClientRect();
            return points.map(([x, y]) => {
                const p = viewer.viewport.viewerElementToImageCoordinates(
                    new OpenSeadragon.Point(x - box.left, y - box.top));
                return [p.x, p.y];
            });
        }""",
        [side, [one, two]],
    )
    (x1, y1), (x2, y2) = corners
    return {"x": min(x1, x2), "y": min(y1, y2), "w": abs(x2 - x1), "h": abs(y2 - y1)}


def view_rect(page, box, one, two):
    """The same rectangle from viewer A's visible region (window.__compare.view(), image pixels)."""
    vx, vy, vw, vh = page.evaluate("window.__compare.view()")
    xs = sorted(vx + (x - box["x"]) / box["width"] * vw for x, _ in (one, two))
    ys = sorted(vy + (y - box["y"]) / box["height"] * vh for _, y in (one, two))
    return {"x": xs[0], "y": ys[0], "w": xs[1] - xs[0], "h": ys[1] - ys[0]}


def close_to(rect, expected, tolerance=3):
    return all(abs(rect[key] - expected[key]) <= tolerance for key in ("x", "y", "w", "h"))


def enter_draw_mode(page, side):
    page.locator(f"#draw-{side}").click()
    page.wait_for_function(
        f"() => window.__compare.drawing().side === '{side}' && window.__compare.drawing().ready"
    )
    assert not page.evaluate(f"window.__compare.viewers.{side}.innerTracker.isTracking()"), (
        "no panning meanwhile"
    )
    settled(page)


def mouse_drag(page, one, two):
    page.mouse.move(*one)
    page.mouse.down()
    page.mouse.move(*two, steps=6)
    page.mouse.up()


def touch_drag(page, one, two, steps=6):
    """One finger, through the DevTools protocol (Playwright's touchscreen only taps)."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": one[0], "y": one[1]}]})
    for step in range(1, steps + 1):
        x = round(one[0] + (two[0] - one[0]) * step / steps)
        y = round(one[1] + (two[1] - one[1]) * step / steps)
        cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [{"x": x, "y": y}]})
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    cdp.detach()


def no_horizontal_overflow(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


def test_a_curator_draws_a_region_and_a_sealed_event_cannot_be_drawn_on(live_server, surveys, curator):
    site, images = surveys
    before, after = images
    page, errors, posted, device, text = curator
    page.goto(compare_url(live_server, site, images, mode="side"))
    wait_for_tiles(page)
    status = page.locator(".compare-status")
    draw_a, draw_b = page.locator("#draw-a"), page.locator("#draw-b")
    assert draw_a.inner_text().startswith(text["draw"]) and draw_a.is_enabled() and draw_b.is_enabled()
    assert page.locator(".region").count() == 0
    no_horizontal_overflow(page)

    # Draw mode on the before image: a tap (a drag of no size) draws nothing and says why.
    enter_draw_mode(page, "a")
    assert draw_a.inner_text() == text["stop"]
    _box, (centre,) = points_in(page, "a", (0.5, 0.5))
    page.mouse.move(*centre)
    page.mouse.down()
    page.mouse.up()
    page.wait_for_function(
        f"() => document.querySelector('.compare-status').textContent.startsWith({text['tooSmall']!r})"
    )
    assert page.locator("#draw-form").count() == 0 or page.locator("#draw-form").is_hidden()
    assert page.evaluate("window.__compare.drawing().pending") is None

    # A drag outlines a rectangle in the before image's pixels; the form asks what it is.
    box, (one, two) = points_in(page, "a", (0.22, 0.3), (0.68, 0.72))
    expected = expected_rect(page, "a", one, two)
    assert close_to(expected, view_rect(page, box, one, two)), "two ways of mapping the viewer agree"
    mouse_drag(page, one, two)
    form = page.locator("#draw-form")
    form.wait_for(state="visible")
    pending = page.evaluate("window.__compare.drawing().pending")
    assert close_to(pending, expected), (pending, expected)
    assert page.locator("#viewer-a .draw-pending").is_visible()
    no_horizontal_overflow(page)
    form.get_by_role("button", name=text["cancel"]).wait_for()
    # Saving without a damage type is stopped in the page.
    form.locator(".draw-save").click()
    assert form.locator(".draw-error").inner_text().startswith(text["choose"])
    assert not posted
    form.get_by_label(text["damage"], exact=True).select_option("cracking")
    form.get_by_label(text["severity"], exact=True).select_option("severe")
    form.get_by_label(text["note"], exact=True).fill("Vết nứt mới")
    with page.expect_response(lambda r: "/observation/" in r.url) as answer:
        form.locator(".draw-save").click()
    assert answer.value.status == 201
    (body,) = posted
    assert body["event_image"] == before.pk and body["damage"] == "cracking" and body["severity"] == "severe"
    sent = {"x": body["x"], "y": body["y"], "w": body["width"], "h": body["height"]}
    assert close_to(sent, expected), (sent, expected)

    # Saved: an observation of that image, its region shown at once, draw mode over.
    observation = ConditionObservation.objects.get(event_image=before)
    assert (observation.x, observation.y, observation.width, observation.height) == tuple(sent.values())
    assert observation.event_id == before.event_id and observation.damage.key == "cracking"
    assert (observation.severity, observation.note) == ("severe", "Vết nứt mới")
    region = page.locator(f"#viewer-a .region[data-id='{observation.pk}']")
    region.wait_for(state="visible")
    assert text["cracking"] in region.inner_text()
    viewer_box, region_box = page.locator("#viewer-a").bounding_box(), region.bounding_box()
    drawn_x, drawn_y = one[0] - box["x"] + viewer_box["x"], one[1] - box["y"] + viewer_box["y"]
    assert region_box["x"] == pytest.approx(drawn_x, abs=3) and region_box["y"] == pytest.approx(
        drawn_y, abs=3
    )
    assert region_box["width"] == pytest.approx(two[0] - one[0], abs=3)
    assert status.inner_text().startswith(text["saved"])
    assert page.evaluate("window.__compare.drawing()") == {"side": None, "ready": False, "pending": None}
    assert page.evaluate("window.__compare.viewers.a.innerTracker.isTracking()")
    assert form.is_hidden() and page.locator(".draw-surface").count() == 0

    # On the after image (one finger on the phone): the event is sealed meanwhile, the server says
    # no, the form stays with its message; Cancel leaves draw mode.
    enter_draw_mode(page, "b")
    _box, (one, two) = points_in(page, "b", (0.3, 0.25), (0.75, 0.6))
    expected = expected_rect(page, "b", one, two)
    (touch_drag if device == "phone" else mouse_drag)(page, one, two)
    form.wait_for(state="visible")
    assert close_to(page.evaluate("window.__compare.drawing().pending"), expected)
    form.get_by_label(text["damage"], exact=True).select_option("biological-growth")
    seal_event(after.event_id)
    with page.expect_response(lambda r: "/observation/" in r.url) as answer:
        form.locator(".draw-save").click()
    assert answer.value.status == 409
    message = answer.value.json()["error"]
    error = form.locator(".draw-error")
    error.wait_for(state="visible")
    assert message in error.inner_text() and message in status.inner_text()
    assert status.get_attribute("data-kind") == "error"
    assert form.is_visible() and form.locator(".draw-save").is_enabled()
    form.get_by_role("button", name=text["cancel"]).click()
    assert page.evaluate("window.__compare.drawing().side") is None
    assert page.evaluate("window.__compare.viewers.b.innerTracker.isTracking()")
    assert page.locator(".draw-pending").count() == 0 and form.is_hidden()
    # Escape leaves draw mode too.
    enter_draw_mode(page, "a")
    page.keyboard.press("Escape")
    assert page.evaluate("window.__compare.drawing().side") is None
    assert page.evaluate("window.__compare.viewers.a.innerTracker.isTracking()")
    assert not ConditionObservation.objects.filter(event_id=after.event_id).exists()

    # Reloaded: the region comes from the server; the sealed event's image cannot be drawn on.
    page.reload()
    wait_for_tiles(page)
    assert page.locator("#viewer-a .region").count() == 1
    assert draw_a.is_enabled() and draw_b.is_disabled()
    note = page.locator("#draw-note-b")
    assert note.is_visible() and note.inner_text().startswith(text["sealed"])
    assert draw_b.get_attribute("aria-describedby") == "draw-note-b"
    no_horizontal_overflow(page)
    assert [e for e in errors if not (e.startswith("409 ") and "/observation/" in e)] == [], errors


def after_to_before(x, y):
    """The inverse of how the after photograph was taken (what the registration fits)."""
    x, y = (x - SHIFT[0]) / SCALE, (y - SHIFT[1]) / SCALE
    return math.cos(ANGLE) * x + math.sin(ANGLE) * y, -math.sin(ANGLE) * x + math.cos(ANGLE) * y


def test_drawing_on_a_registered_after_image_uses_its_own_pixels(live_server, surveys, phone_curator):
    site, images = surveys
    before, after = images
    register(before.pk, after.pk, [(x, y, *before_to_after(x, y)) for x, y in PICKED])
    page, errors, posted, _device, text = phone_curator
    page.goto(compare_url(live_server, site, images, mode="side"))
    wait_for_tiles(page)
    assert page.evaluate("window.__compare.alignedShown()")

    # Drawing on the after viewer shows the after image's own pixels (not the aligned resampling).
    page.locator("#draw-b").click()
    page.wait_for_function("() => window.__compare.drawing().ready && !window.__compare.alignedShown()")
    wait_for_tiles(page)
    assert page.evaluate("window.__compare.items().b.source.dimensions.x") == AFTER_SIZE[0]
    settled(page)
    _box, (one, two) = points_in(page, "b", (0.3, 0.3), (0.6, 0.65))
    expected = expected_rect(page, "b", one, two)
    touch_drag(page, one, two)
    form = page.locator("#draw-form")
    form.wait_for(state="visible")
    form.get_by_label(text["damage"], exact=True).select_option("cracking")
    with page.expect_response(lambda r: "/observation/" in r.url) as answer:
        form.locator(".draw-save").click()
    assert answer.value.status == 201
    (body,) = posted
    sent = {"x": body["x"], "y": body["y"], "w": body["width"], "h": body["height"]}
    assert body["event_image"] == after.pk and close_to(sent, expected), (sent, expected)
    observation = ConditionObservation.objects.get(event_image=after)
    assert (observation.x, observation.y, observation.width, observation.height) == tuple(sent.values())

    # Saved: aligned again, the new region mapped through the registration into the before frame.
    page.wait_for_function("() => window.__compare.alignedShown() && window.__compare.items().b")
    region = page.locator(f"#viewer-b .region[data-id='{observation.pk}']")
    region.wait_for(state="visible")
    corners = [
        after_to_before(x, y)
        for x in (sent["x"], sent["x"] + sent["w"])
        for y in (sent["y"], sent["y"] + sent["h"])
    ]
    top_left = page.evaluate(
        """([x, y]) => {
            const item = window.__compare.items().b;
            const p = item.imageToViewerElementCoordinates(new OpenSeadragon.Point(x, y));
            const box = window.__compare.viewers.b.element.getBoundingClientRect();
            return [box.left + p.x, box.top + p.y];
        }""",
        [min(x for x, _ in corners), min(y for _, y in corners)],
    )
    region_box = region.bounding_box()
    assert (region_box["x"], region_box["y"]) == pytest.approx(top_left, abs=3)
    assert not errors, errors
