"""The curator draws a step's region on its image in the exhibition editor (Vietnamese admin):
a drag on the picture fills x, y, width and height in the image's pixels, and they are saved."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from wagtail.users.models import UserProfile

from exhibitions.models import ExhibitionPage
from tests.exhibitions.builders import build

pytestmark = pytest.mark.django_db(transaction=True)


def test_curator_draws_a_region_on_the_image(live_server, browser, settings, tmp_path):
    settings.PUBLIC_BASE_URL = live_server.url
    exhibit = build(tmp_path, with_private=False)
    user = get_user_model().objects.create_superuser("curator", "curator@example.org", "pw")
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "vi"
    profile.save()
    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    exhibition = exhibit["exhibition"]
    page.goto(f"{live_server.url}/admin/pages/{exhibition.pk}/edit/")

    # The second step (a region of the 4000 × 3000 photo): its editor shows the chosen image.
    step = page.locator(".exhibition-view").nth(1)
    step.wait_for(timeout=30_000)
    button = step.locator("button.region-draw")
    assert button.inner_text() == "Vẽ vùng ảnh trên ảnh"
    button.click()
    picture = step.locator(".region-stage img")
    picture.wait_for(state="visible", timeout=20_000)
    page.wait_for_function("(img) => img.complete && img.naturalWidth > 0", arg=picture.element_handle())
    box = picture.bounding_box()
    scale = 4000 / box["width"]
    # Drag from a quarter to the middle of the picture.
    page.mouse.move(box["x"] + box["width"] * 0.25, box["y"] + box["height"] * 0.25)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.4, box["y"] + box["height"] * 0.4, steps=5)
    page.mouse.move(box["x"] + box["width"] * 0.5, box["y"] + box["height"] * 0.5, steps=5)
    page.mouse.up()
    values = [
        int(step.locator(f'input[name$="-region-{name}"]').input_value()) for name in ("x", "y", "w", "h")
    ]
    assert values[0] == pytest.approx(1000, abs=2 * scale) and values[1] == pytest.approx(750, abs=2 * scale)
    assert values[2] == pytest.approx(1000, abs=2 * scale) and values[3] == pytest.approx(750, abs=2 * scale)
    assert step.locator(".region-rect").is_visible()

    # Saved as a draft, the step's region is the one drawn.
    with page.expect_navigation():
        page.locator("button.action-save").first.click()
    page.wait_for_load_state("load")
    page.wait_for_timeout(1000)
    draft = ExhibitionPage.objects.get(pk=exhibition.pk).get_latest_revision_as_object()
    views = [block.value for block in draft.body if block.block_type == "view"]
    region = views[1]["region"]
    assert [region["x"], region["y"], region["w"], region["h"]] == values
    assert not errors, errors
    page.goto("about:blank")  # the editor's pings stop before the database is emptied
    context.close()
