"""An exhibition read on a 360-px phone in Debian's chromium: the deep-zoom viewer glides to each
step's region as the reader scrolls, a step's link reopens it, its Content State opens in Mirador."""

import pytest

from tests.exhibitions.builders import build

pytestmark = pytest.mark.django_db(transaction=True)

VIEWS = {  # step anchor → region in image pixels (tests/exhibitions/builders.py)
    "step-1": ("ex-photo", (0, 0, 4000, 3000)),
    "step-2": ("ex-photo", (200, 300, 1200, 900)),
    "step-4": ("ex-photo", (2600, 1900, 1200, 1000)),
    "step-5": ("ex-scan", (400, 800, 1000, 700)),
}

BOUNDS = """() => {
  const v = window.exhibition.viewer;
  const b = v.viewport.viewportToImageRectangle(v.viewport.getBounds(true));
  const source = v.world.getItemAt(0).source;
  return {x: b.x, y: b.y, w: b.width, h: b.height, src: source["@id"] || source.id};
}"""


def assert_at_region(bounds, region):
    """The viewer shows the whole region, centred, and not much more (one side fits)."""
    x, y, w, h = region
    centre = (x + w / 2, y + h / 2)
    seen = (bounds["x"] + bounds["w"] / 2, bounds["y"] + bounds["h"] / 2)
    assert abs(seen[0] - centre[0]) < w * 0.05 and abs(seen[1] - centre[1]) < h * 0.05, (bounds, region)
    assert bounds["w"] >= w * 0.98 and bounds["h"] >= h * 0.98, (bounds, region)
    assert min(bounds["w"] / w, bounds["h"] / h) < 1.05, (bounds, region)


def scroll_to(page, anchor):
    """Scroll as a reader does, until the step's top is in the middle of the window."""
    page.evaluate(
        """(id) => {
          const el = document.getElementById(id);
          window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - window.innerHeight * 0.5);
        }""",
        anchor,
    )


def shown(page, anchor):
    page.wait_for_function(
        "(id) => document.querySelector('.exhibition-viewer').dataset.shown === id",
        arg=anchor,
        timeout=20_000,
    )
    page.wait_for_timeout(200)
    return page.evaluate(BOUNDS)


def swipe(page, start, end, steps=8):
    cdp = page.context.new_cdp_session(page)
    cdp.send(
        "Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": start[0], "y": start[1]}]}
    )
    for n in range(1, steps + 1):
        point = {
            "x": start[0] + (end[0] - start[0]) * n / steps,
            "y": start[1] + (end[1] - start[1]) * n / steps,
        }
        cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [point]})
        page.wait_for_timeout(16)
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    cdp.detach()


def test_phone_reader_scrolls_an_exhibition(live_server, phone, settings, tmp_path):
    settings.PUBLIC_BASE_URL = live_server.url
    exhibit = build(tmp_path, with_private=False)
    url = live_server.url + exhibit["exhibition"].url
    requests = []
    phone.on("request", lambda r: requests.append(r.url))
    errors = []
    phone.on("pageerror", lambda e: errors.append(str(e)))
    phone.on(
        "console",
        lambda m: (
            errors.append(m.text) if m.type == "error" and "Failed to load resource" not in m.text else None
        ),
    )
    phone.goto(url)
    phone.wait_for_load_state("load")
    # Only the first step's static picture: no viewer library, no tiles, no other step's picture.
    images = [u for u in requests if "/iiif/3/" in u]
    assert images == [f"{live_server.url}/iiif/3/ex-photo/full/800,600/0/default.jpg"], images
    assert not any("openseadragon" in u for u in requests)
    viewer = phone.locator(".exhibition-viewer").bounding_box()
    assert viewer["width"] <= 360 and viewer["height"] < 740 * 0.5

    for anchor in ("step-2", "step-4", "step-5", "step-1"):
        scroll_to(phone, anchor)
        bounds = shown(phone, anchor)
        identifier, region = VIEWS[anchor]
        assert identifier in bounds["src"]
        assert_at_region(bounds, region)
        # The viewer stays where it was on the screen (sticky, fixed height: no layout shift).
        assert phone.locator(".exhibition-viewer").bounding_box()["height"] == pytest.approx(
            viewer["height"], abs=1
        )
    # A step without an image (the quotation) keeps the last region on screen.
    scroll_to(phone, "step-4")
    shown(phone, "step-4")
    scroll_to(phone, "step-3")
    phone.wait_for_timeout(1500)
    assert phone.evaluate("document.querySelector('.exhibition-viewer').dataset.step") == "step-2"
    assert not errors, errors
    shift = phone.evaluate(
        """() => new Promise((done) => {
          let total = 0;
          new PerformanceObserver((list) => {
            for (const e of list.getEntries()) if (!e.hadRecentInput) total += e.value;
          })
            .observe({type: "layout-shift", buffered: true});
          setTimeout(() => done(total), 300);
        })"""
    )
    assert shift < 0.02

    # The map step: the viewer gives way to a map that flies to the site's public point.
    scroll_to(phone, "step-7")
    shown(phone, "step-7")
    centre = phone.evaluate(
        "(() => { const c = window.exhibition.map.getCenter(); return [c.lat, c.lng]; })()"
    )
    point = exhibit["site"].public_point()
    assert centre == [pytest.approx(float(point[0]), abs=0.01), pytest.approx(float(point[1]), abs=0.01)]
    assert phone.locator(".viewer-map").is_visible()
    scroll_to(phone, "step-5")
    assert_at_region(shown(phone, "step-5"), VIEWS["step-5"][1])
    assert not phone.locator(".viewer-map").is_visible()

    # Touch (real touch events through the DevTools protocol): a vertical swipe on the deep-zoom
    # viewer scrolls the story, a horizontal one moves to the next step.
    scroll_to(phone, "step-2")
    shown(phone, "step-2")
    box = phone.locator(".viewer-frame").bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    before = phone.evaluate("window.scrollY")
    swipe(phone, (x, y + 100), (x, y - 100))
    phone.wait_for_timeout(800)
    assert phone.evaluate("window.scrollY") > before + 50, "a vertical swipe on the viewer scrolls the page"
    scroll_to(phone, "step-2")
    shown(phone, "step-2")
    swipe(phone, (x + 120, y), (x - 120, y))
    phone.wait_for_function("document.getElementById('step-3').getAttribute('aria-current') === 'step'")

    # Keyboard: the Next button moves to the following step and the viewer follows.
    scroll_to(phone, "step-1")
    shown(phone, "step-1")
    phone.locator(".viewer-next").focus()
    phone.keyboard.press("Enter")
    assert_at_region(shown(phone, "step-2"), VIEWS["step-2"][1])


def test_a_steps_link_reopens_it_and_its_content_state_opens_in_mirador(
    live_server, browser, settings, tmp_path
):
    settings.PUBLIC_BASE_URL = live_server.url
    exhibit = build(tmp_path, with_private=False)
    url = live_server.url + exhibit["exhibition"].url
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(url)
    link = page.locator("#step-4 a.step-link").get_attribute("href")
    mirador = page.locator("#step-5 a.step-mirador").get_attribute("href")
    context.close()

    fresh = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    page = fresh.new_page()
    page.goto(live_server.url + link)
    assert_at_region(shown(page, "step-4"), VIEWS["step-4"][1])
    assert page.evaluate("document.querySelector('#step-4').getAttribute('aria-current')") == "step"
    fresh.close()

    desktop = browser.new_context(viewport={"width": 1280, "height": 800})
    page = desktop.new_page()
    page.goto(live_server.url + mirador)
    page.wait_for_function(
        """() => {
          const m = window.miradorInstance; if (!m) return false;
          const s = m.store.getState(); const id = Object.keys(s.windows)[0];
          const manifest = id && s.manifests[s.windows[id].manifestId];
          return s.viewers[id] && manifest && !manifest.isFetching;
        }""",
        timeout=30_000,
    )
    page.wait_for_function("() => document.querySelectorAll('canvas').length > 0", timeout=30_000)
    page.wait_for_timeout(2000)
    state = page.evaluate(
        """() => {
          const s = window.miradorInstance.store.getState();
          const w = Object.values(s.windows)[0];
          return {canvas: w.canvasId, viewer: s.viewers[w.id], manifest: w.manifestId};
        }"""
    )
    base = f"{live_server.url}/iiif/exhibition/vi/dieu-khac-cham"
    assert state["manifest"] == f"{base}.json"
    assert state["canvas"] == f"{base}/canvas/ex-scan"
    x, y, w, h = VIEWS["step-5"][1]
    assert state["viewer"]["x"] == pytest.approx(x + w / 2, rel=0.05)
    assert state["viewer"]["y"] == pytest.approx(y + h / 2, rel=0.05)
    desktop.close()
