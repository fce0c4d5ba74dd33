"""The reading room: the list, search across documents and within one, the reader, citation, downloads."""

import io

import pytest
from django.test import TestCase
from pypdf import PdfReader
from wagtail.models import PageViewRestriction

from catalogue.models import DocumentPageImage, Script
from images.ingest import ingest_file
from library.citation import citation
from tests import factories
from tests.iiif import samples

pytestmark = [pytest.mark.django_db]

CC_BY = "https://creativecommons.org/licenses/by/4.0/"
IN_COPYRIGHT = "http://rightsstatements.org/vocab/InC/1.0/"


def scan(tmp_path, name, seed, width=1200, height=1600):
    path = samples.write(samples.noise(width, height, seed=seed), tmp_path / f"{name}.png")
    with TestCase.captureOnCommitCallbacks(execute=True):
        return ingest_file(path, identifier=name).image


@pytest.fixture
def plaque(indexes, tmp_path, settings):
    settings.PUBLIC_BASE_URL = "https://heritage.example.org"
    document = factories.documentary(
        indexes,
        title="Biển Lai Viễn Kiều",
        slug="lai-vien-kieu",
        rights=CC_BY,
        issued_by="Nguyễn Phúc Chu",
        dating="1719",
    )
    document.scripts = [Script.objects.create(key="han", label_vi="Chữ Hán", label_en="Han")]
    document.pages = [
        DocumentPageImage(
            image=scan(tmp_path, "plaque-1", 1),
            label="Biển ngạch",
            transcription="來遠橋",
            transliteration="Lai Viễn Kiều",
            translation="Cầu của những người bạn từ phương xa đến",
        ),
        DocumentPageImage(
            image=scan(tmp_path, "plaque-2", 2),
            label="Ghi chú",
            translation="Ghi chú mô tả: mặt sau của biển.",
        ),
    ]
    document.save_revision().publish()
    return document


@pytest.fixture
def ordinance(indexes, tmp_path):
    document = factories.documentary(
        indexes, title="Sắc phong đình Cẩm Phô", slug="sac-phong", rights=IN_COPYRIGHT
    )
    document.pages = [
        DocumentPageImage(
            image=scan(tmp_path, "ordinance-1", 3),
            label="Trang 1",
            transcription="敕廣南省",
            transliteration="Sắc Quảng Nam tỉnh",
            translation="Sắc cho tỉnh Quảng Nam, cầu an",
        )
    ]
    document.save_revision().publish()
    return document


def html(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def test_urls_in_vietnamese_and_english(client, plaque):
    assert "Biển Lai Viễn Kiều" in html(client, "/vi/thu-vien/")
    assert "Biển Lai Viễn Kiều" in html(client, "/en/library/")
    assert client.get("/fr/bibliotheque/").status_code == 200
    page = html(client, "/vi/thu-vien/")
    assert 'href="/vi/thu-vien/"' in page and "Phòng đọc" in page, "the header links the reading room"


def test_list_says_which_documents_have_original_text(client, plaque, indexes, tmp_path):
    notes = factories.documentary(indexes, title="Văn bản Faifo", slug="faifo")
    notes.pages = [
        DocumentPageImage(image=scan(tmp_path, "faifo-1", 9), label="Trang 1", translation="Ghi chú mô tả.")
    ]
    notes.save_revision().publish()
    page = html(client, "/en/library/")
    assert "original text, reading and translation" in page
    assert "descriptive notes only, no transcription yet" in page


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("橋", "來遠<mark>橋</mark>"),
        ("lai vien", "<mark>Lai Viễn</mark> Kiều"),
        ("QUẢNG", "<mark>Quảng</mark> Nam"),
    ],
)
def test_search_across_documents_shows_hits_in_context(client, plaque, ordinance, query, expected):
    page = html(client, "/vi/thu-vien/", q=query)
    assert expected in page
    assert "kết quả" in page or "khớp" in page


def test_search_finds_each_document_by_its_own_text(client, plaque, ordinance):
    page = html(client, "/en/library/", q="kieu")
    assert f"/en/library/{plaque.identifier}/1/?q=kieu#t-transliteration" in page
    assert f"/en/library/{ordinance.identifier}/" not in page.split("Documents</h2>")[0]
    page = html(client, "/en/library/", q="phương xa")
    assert f"/en/library/{plaque.identifier}/1/?q=ph%C6%B0%C6%A1ng%20xa#t-translation" in page
    page = html(client, "/en/library/", q="không có chữ này")
    assert "No document has this text" in page


def test_reader_shows_the_page_image_beside_its_texts(client, plaque):
    page = html(client, f"/vi/thu-vien/{plaque.identifier}/")
    assert 'src="/iiif/3/plaque-1/full/480,/0/default.jpg"' in page
    assert 'data-zoom-info="/iiif/3/plaque-1/info.json"' in page
    assert 'openseadragon.min.js" defer' not in page, "deep zoom is loaded on request only"
    assert '<p class="han" lang="lzh">來遠橋</p>' in page
    assert '<p lang="vi">Lai Viễn Kiều</p>' in page
    for anchor in ("#t-transcription", "#t-transliteration", "#t-translation"):
        assert f'href="{anchor}"' in page
    assert "Trang 1 / 2" in page or "Trang 1 trên 2" in page or "1 / 2" in page


def test_reader_highlights_hits_within_the_document(client, plaque):
    page = html(client, f"/en/library/{plaque.identifier}/1/", q="lai")
    assert '<p lang="vi"><mark>Lai</mark> Viễn Kiều</p>' in page
    assert "1 match for “lai” in this document" in page


def test_note_only_pages_say_so(client, plaque):
    page = html(client, f"/en/library/{plaque.identifier}/2/")
    assert "No transcription of this page is published yet" in page
    assert 'id="t-note"' in page and 'id="t-translation"' not in page


def test_citation_and_stable_page_url(client, plaque):
    page = html(client, f"/en/library/{plaque.identifier}/1/")
    url = f"https://heritage.example.org/en/library/{plaque.identifier}/1/"
    assert f'<link rel="canonical" href="{url}">' in page
    assert "Nguyễn Phúc Chu, “Biển Lai Viễn Kiều”, 1719. Biển ngạch." in page.replace("&ldquo;", "“")
    assert f"{plaque.identifier}, p. 1. {url} (accessed" in page


def test_citation_leaves_out_empty_parts():
    text = citation(
        title="T",
        issued_by="",
        dating="",
        institution="",
        page_label="Tờ 1",
        page_number="tr. 1",
        identifier="QN-TL-0009",
        url="https://x/vi/thu-vien/QN-TL-0009/1/",
        archive="Di sản Quảng Nam",
        accessed="truy cập 5/12/2026",
    )
    assert (
        text == "“T”. Tờ 1. Di sản Quảng Nam, QN-TL-0009, tr. 1. https://x/vi/thu-vien/QN-TL-0009/1/"
        " (truy cập 5/12/2026)."
    )


def test_downloads_where_rights_allow(client, plaque):
    response = client.get(f"/en/library/{plaque.identifier}/1/image.jpg")
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert response.content[:2] == b"\xff\xd8" and "attachment" in response["Content-Disposition"]
    response = client.get(f"/en/library/{plaque.identifier}/document.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 3, "a title page, then one page per document page"
    text = "".join(page.extract_text() for page in reader.pages)
    assert "Lai Viễn Kiều" in text and "Suggested citation" in text
    assert "來遠橋" in text, "the Hán text is embedded with a font that has it"


def test_no_downloads_where_rights_forbid(client, ordinance):
    page = html(client, f"/vi/thu-vien/{ordinance.identifier}/")
    assert "image.jpg" not in page and "document.pdf" not in page
    response = client.get(f"/en/library/{ordinance.identifier}/1/image.jpg")
    assert response.status_code == 403 and b"do not allow downloading" in response.content
    assert client.get(f"/en/library/{ordinance.identifier}/document.pdf").status_code == 403


def test_restricted_unpublished_and_unknown_documents_are_not_found(client, plaque):
    restriction = PageViewRestriction.objects.create(page=plaque, restriction_type="login")
    assert "Biển Lai Viễn Kiều" not in html(client, "/vi/thu-vien/")
    results = html(client, "/vi/thu-vien/", q="lai vien")
    assert "0 kết quả khớp" in results and plaque.identifier not in results
    for url in (f"/vi/thu-vien/{plaque.identifier}/", f"/vi/thu-vien/{plaque.identifier}/1/image.jpg"):
        assert client.get(url).status_code == 404
    restriction.delete()
    plaque.unpublish()
    assert client.get(f"/vi/thu-vien/{plaque.identifier}/").status_code == 404
    assert client.get("/vi/thu-vien/QN-TL-9999/").status_code == 404
    assert client.get(f"/vi/thu-vien/{plaque.identifier}/7/").status_code == 404


def test_a_page_whose_image_is_not_tiled_still_reads(client, indexes, tmp_path):
    document = factories.documentary(indexes, slug="untiled", rights=CC_BY)
    document.pages = [
        DocumentPageImage(image=factories.make_image(tmp_path, "u.jpg"), label="Tờ 1", transcription="欽哉")
    ]
    document.save_revision().publish()
    page = html(client, f"/vi/thu-vien/{document.identifier}/")
    assert "欽哉" in page
    assert client.get(f"/vi/thu-vien/{document.identifier}/1/image.jpg").status_code == 404


def test_record_page_links_its_reader_and_visitor_languages_have_the_room(client, plaque):
    record_page = html(client, plaque.url)
    assert f'href="/vi/thu-vien/{plaque.identifier}/"' in record_page and "Đọc trong phòng đọc" in record_page
    korean = html(client, "/ko/library/")
    assert "<h1>열람실</h1>" in korean and "Biển Lai Viễn Kiều" in korean
    assert 'lang="ko"' in korean
