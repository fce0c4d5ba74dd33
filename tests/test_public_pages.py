"""Public, phone-first pages: indexes with filters and pagination, record pages, weight, semantics."""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings

from catalogue.models import RecordImage

from . import factories

pytestmark = pytest.mark.django_db

CSS = Path(settings.BASE_DIR, "heritage_site/static/css/site.css")


class Outline(HTMLParser):
    """Collects what accessibility checks need: headings, images without alt, landmarks."""

    def __init__(self):
        super().__init__()
        self.h1 = 0
        self.images_without_alt = 0
        self.landmarks = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "h1":
            self.h1 += 1
        if tag == "img" and "alt" not in attrs:
            self.images_without_alt += 1
        if tag in ("main", "header", "footer", "nav"):
            self.landmarks.add(tag)


def outline(html):
    parser = Outline()
    parser.feed(html)
    return parser


def test_site_index_filters_and_counts(client, indexes):
    factories.site(indexes, slug="my-son", title="Mỹ Sơn")
    factories.site(
        indexes, slug="bang-an", title="Tháp Bằng An", ranking="national", former_district="dien-ban"
    )
    html = client.get(indexes["site"].url, {"ranking": "national"}).content.decode()
    assert "Tháp Bằng An" in html and "Mỹ Sơn" not in html
    html = client.get(indexes["site"].url, {"district": "duy-xuyen"}).content.decode()
    assert "Mỹ Sơn" in html and "Tháp Bằng An" not in html
    html = client.get(
        indexes["site"].url, {"ranking": "<script>", "sort": "bogus", "page": "x"}
    ).content.decode()
    assert "Mỹ Sơn" in html and "Tháp Bằng An" in html and "<script>" not in html


def test_index_is_paginated_and_keeps_filters_in_page_links(client, indexes):
    for number in range(30):
        factories.site(
            indexes,
            slug=f"site-{number:02d}",
            title=f"Di tích {number:02d}",
            ranking="provincial",
            latitude=None,
            longitude=None,
        )
    first = client.get(indexes["site"].url, {"ranking": "provincial"}).content.decode()
    assert first.count('class="card"') == 24
    assert 'href="?ranking=provincial&amp;page=2"' in first
    second = client.get(indexes["site"].url, {"ranking": "provincial", "page": "2"}).content.decode()
    assert second.count('class="card"') == 6
    assert client.get(indexes["site"].url, {"page": "999"}).status_code == 200


def test_artefact_index_filters_by_period_and_material(client, indexes):
    from catalogue.models import Material, Period

    champa = Period.objects.create(key="champa", label_vi="Chămpa", label_en="Champa")
    bronze = Material.objects.create(key="bronze", label_vi="Đồng", label_en="Bronze")
    statue = factories.artefact(indexes, slug="tuong", title="Tượng Phật", period=champa)
    statue.materials = [bronze]
    statue.save_revision().publish()
    factories.artefact(indexes, slug="gom", title="Đĩa gốm")
    html = client.get(indexes["artefact"].url, {"period": champa.pk}).content.decode()
    assert "Tượng Phật" in html and "Đĩa gốm" not in html
    html = client.get(indexes["artefact"].url, {"material": bronze.pk}).content.decode()
    assert "Tượng Phật" in html and "Đĩa gốm" not in html


def test_drafts_are_not_listed_or_served(client, indexes):
    draft = factories.site(indexes, slug="draft", title="Bản nháp")
    draft.unpublish()
    assert "Bản nháp" not in client.get(indexes["site"].url).content.decode()
    assert client.get("/vi/di-tich/draft/").status_code == 404


@pytest.mark.parametrize("kind", ["site", "artefact", "intangible", "documentary"])
def test_record_pages_render_accessibly_and_weigh_under_60_kb(client, indexes, tmp_path, kind):
    images = [factories.make_image(tmp_path, f"img{n}.jpg", title=f"Ảnh {n}") for n in range(6)]
    page = getattr(factories, kind)(
        indexes,
        summary="Tóm tắt " * 40,
        body=[("paragraph", "<p>" + "Mô tả chi tiết di sản. " * 200 + "</p>")],
    )
    page.record_images = [
        RecordImage(image=image, caption=f"Chú thích {n}") for n, image in enumerate(images)
    ]
    if kind == "documentary":
        from catalogue.models import DocumentPageImage

        page.pages = [
            DocumentPageImage(
                image=image,
                label=f"Trang {n}",
                transcription="敕旨" * 50,
                transliteration="Sắc chỉ " * 50,
                translation="Dịch " * 50,
            )
            for n, image in enumerate(images, start=1)
        ]
    page.save_revision().publish()
    response = client.get(page.url)
    html = response.content.decode()
    assert response.status_code == 200
    weight = len(response.content) + CSS.stat().st_size
    assert weight < 60 * 1024, f"{kind} page weighs {weight} bytes"
    doc = outline(html)
    assert doc.h1 == 1 and doc.images_without_alt == 0
    assert {"main", "header", "footer", "nav"} <= doc.landmarks
    assert page.identifier in html and 'name="viewport"' in html
    assert not re.search(
        r'<script[^>]+src="(https?:)?//|<link[^>]+rel="stylesheet"[^>]+href="(https?:)?//', html
    ), "no CDN assets"


def test_record_page_lists_related_records(client, indexes):
    site = factories.site(indexes)
    treasure = factories.artefact(indexes, findspot=site)
    html = client.get(treasure.url).content.decode()
    assert f'href="{site.url}"' in html


def test_demo_sources_and_unverified_facts_are_shown(client, indexes):
    site = factories.site(
        indexes, sources="https://whc.unesco.org/en/list/949", unverified_facts="coordinates"
    )
    html = client.get(site.url).content.decode()
    assert 'href="https://whc.unesco.org/en/list/949"' in html and "coordinates" in html


def test_home_page_links_the_sections(client, indexes):
    factories.site(indexes)
    html = client.get("/vi/").content.decode()
    for index in indexes.values():
        assert f'href="{index.url}"' in html
    assert "Khu đền tháp Mỹ Sơn" in html


def test_intangible_page_plays_recordings_with_transcripts(client, indexes, tmp_path):
    import math
    import struct
    import wave

    from django.core.files import File
    from wagtail.documents.models import Document

    from catalogue.models import Practitioner, Recording

    path = tmp_path / "bai-choi.wav"
    with wave.open(str(path), "wb") as audio:  # one second of a 440 Hz tone
        audio.setnchannels(1)
        audio.setsampwidth(2)
        audio.setframerate(8000)
        audio.writeframes(
            b"".join(
                struct.pack("<h", int(8000 * math.sin(i / 8000 * 2 * math.pi * 440))) for i in range(8000)
            )
        )
    with path.open("rb") as handle:
        document = Document.objects.create(title="Hô Bài Chòi", file=File(handle, name=path.name))
    page = factories.intangible(indexes)
    page.recordings = [
        Recording(kind="audio", title="Hô thai", file=document, transcript="Chiều chiều ra đứng")
    ]
    page.practitioners = [Practitioner(name="Nguyễn Văn A", title="nghe_nhan_uu_tu")]
    page.save_revision().publish()
    html = client.get(page.url).content.decode()
    assert f'<audio controls preload="none" src="{document.url}"' in html
    assert "Chiều chiều ra đứng" in html and "Nghệ nhân Ưu tú" in html
