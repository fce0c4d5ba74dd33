"""Bilingual site: locale URLs, Accept-Language, wagtail-localize translation with synchronised fields."""

from decimal import Decimal

import pytest
from django.test import TestCase
from django.urls import reverse

from catalogue.models import SitePage

from . import factories

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def translate_to_english(page, en):
    return factories.translate(page, en)


@pytest.fixture
def english_tree(home, en, indexes):
    for page in (home, *indexes.values()):
        translate_to_english(page, en)


@pytest.mark.parametrize(
    ("header", "target"),
    [
        ("en-GB,en;q=0.9", "/en/"),
        ("vi-VN,vi;q=0.9", "/vi/"),
        ("", "/vi/"),
        ("fr-FR", "/fr/"),
        ("ko-KR,ko;q=0.9", "/ko/"),
        ("zh-CN", "/zh-hans/"),
        ("de-DE", "/vi/"),
    ],
)
def test_root_redirects_by_accept_language(client, home, header, target):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=header)
    assert response.status_code == 302 and response["Location"] == target


def test_translation_through_wagtail_localize_keeps_identity_and_location(english_tree, indexes, en):
    site = factories.site(
        indexes,
        title="Tháp Khương Mỹ",
        slug="khuong-my",
        latitude=Decimal("15.4235"),
        longitude=Decimal("108.5012"),
    )
    english, source, translation = translate_to_english(site, en)
    assert english.title == "EN Tháp Khương Mỹ"
    assert english.identifier == site.identifier
    assert (english.latitude, english.longitude) == (site.latitude, site.longitude)
    assert english.live and english.url == "/en/en-di-tich/en-khuong-my/"

    site.latitude = Decimal("15.4240")
    site.save_revision().publish()
    source.update_from_db()
    with TestCase.captureOnCommitCallbacks(execute=True):
        translation.save_target(publish=True)
    english.refresh_from_db()
    assert english.latitude == Decimal("15.4240"), "coordinates must follow the source record"


def test_language_switch_links_the_translation(client, english_tree, indexes, en):
    site = factories.site(indexes, slug="chua-cau", title="Chùa Cầu")
    english, *_ = translate_to_english(site, en)
    html = client.get(site.url).content.decode()
    assert f'href="{english.url}" hreflang="en"' in html
    assert '<html lang="vi">' in html
    english_html = client.get(english.url).content.decode()
    assert '<html lang="en">' in english_html and "Skip to content" in english_html


def test_vietnamese_pages_use_vietnamese_labels(client, indexes):
    site = factories.site(indexes)
    html = client.get(site.url).content.decode()
    assert "Chuyển đến nội dung chính" in html
    assert "Di sản Thế giới" in html


def test_resolver_redirects_to_the_visitors_language(client, english_tree, indexes, en):
    site = factories.site(indexes, slug="my-son")
    english, *_ = translate_to_english(site, en)
    url = reverse("resolve_identifier", args=[site.identifier])
    assert client.get(url, HTTP_ACCEPT_LANGUAGE="vi")["Location"] == site.url
    assert client.get(url, HTTP_ACCEPT_LANGUAGE="en")["Location"] == english.url
    assert client.get(url.lower(), HTTP_ACCEPT_LANGUAGE="en")["Location"] == english.url


def test_resolver_falls_back_to_the_vietnamese_record(client, indexes):
    site = factories.site(indexes)
    response = client.get(f"/id/{site.identifier}", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302 and response["Location"] == site.url


@pytest.mark.parametrize("identifier", ["QN-DT-9999", "XX-1", "QN-DT-0001%00", "..%2F..%2Fetc"])
def test_resolver_unknown_identifier_ends_in_404(client, indexes, identifier):
    response = client.get(f"/id/{identifier}", follow=True)
    assert response.status_code == 404


def test_resolver_does_not_reveal_drafts(client, indexes):
    site = factories.site(indexes)
    site.unpublish()
    assert client.get(f"/id/{site.identifier}", follow=True).status_code == 404
    assert SitePage.objects.filter(identifier=site.identifier).exists()


def test_captions_and_document_pages_are_translated_with_the_page(english_tree, indexes, en, tmp_path):
    from catalogue.models import DocumentPageImage, RecordImage

    image = factories.make_image(tmp_path)
    document = factories.documentary(indexes)
    document.record_images = [RecordImage(image=image, caption="Hộp đựng sắc phong")]
    document.pages = [
        DocumentPageImage(image=image, label="Trang 1", transcription="敕", translation="Sắc chỉ")
    ]
    document.save_revision().publish()
    english, *_ = translate_to_english(document, en)
    assert [i.caption for i in english.record_images.all()] == ["EN Hộp đựng sắc phong"]
    page = english.pages.get()
    assert (page.label, page.translation, page.transcription) == ("EN Trang 1", "EN Sắc chỉ", "敕")
    assert page.locale == en and page.translation_key == document.pages.get().translation_key
