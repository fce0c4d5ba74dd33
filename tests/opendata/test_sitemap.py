"""/sitemap.xml lists every public page in every language with hreflang alternates (drafts and
restricted records left out); robots.txt points at it."""

import pytest
from lxml import etree
from wagtail.models import PageViewRestriction

from .conftest import commit

pytestmark = pytest.mark.django_db
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
BASE = "http://127.0.0.1:8000"


def entries(client, url="/sitemap.xml"):
    tree = etree.fromstring(client.get(url).content)
    return {
        e.findtext("s:loc", namespaces=NS): {
            link.get("hreflang"): link.get("href") for link in e.findall("x:link", namespaces=NS)
        }
        for e in tree.findall("s:url", namespaces=NS)
    }


def test_every_language_version_with_its_alternates(client, archive, en):
    found = entries(client)
    vi_url, en_url = BASE + archive["my_son"].url, BASE + archive["my_son"].get_translation(en).url
    assert vi_url.startswith(BASE + "/vi/") and en_url.startswith(BASE + "/en/")
    expected = {"vi": vi_url, "en": en_url, "x-default": vi_url}
    assert found[vi_url] == expected and found[en_url] == expected
    assert found[BASE + archive["tower"].url] == {}  # no translation: no alternates
    assert found[BASE + "/vi/ban-do/"]["en"] == BASE + "/en/map/"
    assert found[BASE + "/en/open-data/"]["vi"] == BASE + "/vi/du-lieu-mo/"
    for page in archive.values():
        assert BASE + page.url in found
        assert client.get(page.url).status_code == 200


def test_drafts_and_restricted_records_are_left_out(client, archive, en):
    commit(archive["ordinance"].unpublish)
    commit(PageViewRestriction.objects.create, page=archive["altar"], restriction_type="login")
    found = entries(client)
    english_altar = BASE + archive["altar"].get_translation(en).url
    assert BASE + archive["ordinance"].url not in found
    assert english_altar not in found and BASE + archive["altar"].url not in found


def test_a_large_site_becomes_an_index_of_parts(client, archive, monkeypatch):
    from opendata import sitemap

    monkeypatch.setattr(sitemap, "PART_SIZE", 3)
    index = etree.fromstring(client.get("/sitemap.xml").content)
    parts = index.xpath("//s:sitemap/s:loc/text()", namespaces=NS)
    assert index.tag.endswith("sitemapindex") and len(parts) > 1
    urls = set()
    for part in parts:
        urls |= set(entries(client, part.removeprefix(BASE)))
    monkeypatch.setattr(sitemap, "PART_SIZE", 40_000)
    assert urls == set(entries(client))
    assert client.get("/sitemap.xml?part=99").status_code == 404


def test_robots_txt(client):
    response = client.get("/robots.txt")
    text = response.content.decode()
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://127.0.0.1:8000/sitemap.xml" in text and "Disallow: /admin/" in text
