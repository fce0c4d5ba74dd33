"""Record-page extension points: upper apps contribute to catalogue's slots, in order, where they apply."""

import pytest
from django.urls import reverse

from catalogue import extensions
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def scratch_registration():
    added = []

    def add(slot, name, **kwargs):
        added.append((slot, name))
        return extensions.register(slot, name, **kwargs)

    yield add
    for slot, name in added:
        extensions.unregister(slot, name)


def test_unknown_slot_is_refused():
    with pytest.raises(ValueError, match="unknown extension slot 'record_bottom'"):
        extensions.register("record_bottom", "x.html")


def test_upper_apps_register_their_contributions():
    names = {slot: [c.template_name for c in extensions.registered(slot)] for slot in extensions.SLOTS}
    assert names["head"][0] == "iiif/includes/record_head.html"
    assert "iiif/includes/deep_zoom.html" in names["record_media"]
    assert names["record_links"][:2] == [
        "iiif/includes/record_links.html",
        "relic_map/includes/map_link.html",
    ]
    assert names["site_nav"][:2] == ["search/includes/header_search.html", "relic_map/includes/nav_link.html"]
    assert "restoration/includes/before_after.html" in names["record_after_body"]


def test_contributions_render_in_order_only_where_they_apply(
    client, indexes, scratch_registration, tmp_path, settings
):
    templates = tmp_path / "templates"
    (templates / "probe").mkdir(parents=True)
    (templates / "probe" / "late.html").write_text("<p id=probe-late>late {{ page.identifier }}</p>")
    (templates / "probe" / "early.html").write_text("<p id=probe-early>early {{ page.identifier }}</p>")
    (templates / "probe" / "never.html").write_text("<p id=probe-never>never</p>")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [str(templates), *settings.TEMPLATES[0]["DIRS"]]}]
    scratch_registration("record_top", "probe/late.html", order=200)
    scratch_registration("record_top", "probe/early.html", order=1)
    scratch_registration("record_top", "probe/never.html", applies=lambda page: page.identifier == "nope")
    site = factories.site(indexes, slug="my-son", title="Mỹ Sơn")
    html = client.get(site.url).content.decode()
    assert "never" not in html
    early, late = html.index("probe-early"), html.index("probe-late")
    assert early < late < html.index('id="facts-h"')
    assert f"early {site.identifier}" in html
    # Registering twice replaces, never duplicates (ready() can run more than once in tests).
    scratch_registration("record_top", "probe/early.html", order=300)
    html = client.get(site.url).content.decode()
    assert html.count("probe-early") == 1 and html.index("probe-late") < html.index("probe-early")


def test_map_link_is_contributed_by_the_map_only_for_sites_with_a_point(client, indexes):
    site = factories.site(indexes, slug="my-son", title="Mỹ Sơn")
    unplaced = factories.site(indexes, slug="chua-ro", title="Chùa chưa rõ", latitude=None, longitude=None)
    artefact = factories.artefact(indexes, slug="linga", title="Linga")
    assert f"{reverse('relic_map')}?site={site.identifier}" in client.get(site.url).content.decode()
    assert "map-link" not in client.get(unplaced.url).content.decode()
    assert "map-link" not in client.get(artefact.url).content.decode()


def test_every_page_header_gets_the_search_form_and_map_link_from_their_apps(client, indexes):
    html = client.get("/vi/no-such-page/").content.decode()
    assert 'class="header-search"' in html and 'class="nav-map"' in html
