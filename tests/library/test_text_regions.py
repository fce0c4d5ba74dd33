"""Where a page's text is written on its image: regions typed by the curator, checked in the admin,
and search hits drawn there by Content Search and the reading room."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from catalogue import text_regions
from catalogue.models import DocumentPageImage
from tests import factories

REGIONS = "100,40,60,60 來\n160,40,60,60 遠\n220,40,60,60 橋"


def test_regions_cover_stretches_of_the_transcription_in_order():
    regions = text_regions.parse(REGIONS + "\n\n", "來遠橋", 640, 480)
    assert [(r.text, r.start, r.end, r.xywh) for r in regions] == [
        ("來", 0, 1, "100,40,60,60"),
        ("遠", 1, 2, "160,40,60,60"),
        ("橋", 2, 3, "220,40,60,60"),
    ]
    # A line may hold several characters; a repeated character is found after the previous line's.
    two = text_regions.parse("0,0,10,10 天地\n0,20,10,10 天", "天地天", 640, 480)
    assert [(r.start, r.end) for r in two] == [(0, 2), (2, 3)]
    assert text_regions.union(text_regions.boxes_for(regions, 1, 3)) == (160, 40, 120, 60)
    assert text_regions.boxes_for(regions, 3, 3) == [] and text_regions.union([]) is None


@pytest.mark.parametrize(
    ("source", "code", "line"),
    [
        ("100,40,60 來", "format", 1),
        ("來 100,40,60,60", "format", 1),
        ("100,40,0,60 來", "empty", 1),
        ("100,40,60,60 來\n600,40,60,60 遠", "outside", 2),
        ("100,40,60,60 橋\n160,40,60,60 來", "not_in_text", 2),  # out of order
        ("100,40,60,60 山", "not_in_text", 1),
    ],
)
def test_bad_lines_are_named_with_their_reason(source, code, line):
    with pytest.raises(text_regions.RegionError) as caught:
        text_regions.parse(source, "來遠橋", 640, 480)
    assert (caught.value.code, caught.value.line) == (code, line)


def test_a_reading_points_at_the_characters_it_reads():
    reading = "Lai Viễn Kiều"
    assert text_regions.reading_to_text("來遠橋", reading, 4, 13) == (1, 3)  # "Viễn Kiều"
    assert text_regions.reading_to_text("來遠橋。", reading, 0, 3) == (0, 1)  # punctuation is no syllable
    # When syllables and characters do not pair (a Nôm gloss, a note), nothing is claimed.
    assert text_regions.reading_to_text("來遠", reading, 0, 3) is None


@pytest.fixture
def plaque(indexes, tmp_path, settings):
    settings.PUBLIC_BASE_URL = "https://heritage.example.org"
    document = factories.documentary(indexes, title="Biển Lai Viễn Kiều", slug="lai-vien-kieu")
    document.pages = [
        DocumentPageImage(
            image=factories.make_image(tmp_path, "p1.jpg"),
            label="Biển",
            transcription="來遠橋",
            transliteration="Lai Viễn Kiều",
            translation="Cầu của những người bạn từ phương xa đến",
            text_regions=REGIONS,
        )
    ]
    document.save_revision().publish()
    return document


@pytest.mark.django_db
def test_the_admin_refuses_bad_regions_in_vietnamese(plaque):
    page = plaque.pages.first()
    page.text_regions = "100,40,60,60 來\n700,40,60,60 遠"
    with translation.override("vi"), pytest.raises(ValidationError) as caught:
        page.full_clean()
    assert "Dòng 2 vượt ra ngoài ảnh (640 × 480 điểm ảnh)" in caught.value.message_dict["text_regions"][0]
    page.text_regions = REGIONS
    page.full_clean()
    # What is stored is never an error on a page: unparsable regions are simply none.
    page.text_regions = "nonsense"
    assert page.regions() == []


@pytest.mark.django_db
def test_content_search_marks_the_hit_on_the_image(client, plaque):
    canvas = f"https://heritage.example.org/iiif/manifest/{plaque.identifier}/canvas/1"
    found = client.get(f"/iiif/search/2/{plaque.identifier}", {"q": "橋"}).json()
    targets = [a["target"] for a in found["annotations"][0]["items"]]
    assert f"{canvas}#xywh=220,40,60,60" in targets
    # A toneless reading is drawn over the characters its syllables read.
    found = client.get(f"/iiif/search/2/{plaque.identifier}", {"q": "vien kieu"}).json()
    assert f"{canvas}#xywh=160,40,120,60" in [a["target"] for a in found["annotations"][0]["items"]]
    # Search 1.0 (Mirador 4.0) draws each hit on its region instead of the whole page.
    found = client.get(f"/iiif/search/1/{plaque.identifier}", {"q": "橋"}).json()
    assert [r["on"] for r in found["resources"]] == [f"{canvas}#xywh=220,40,60,60"]
    # The translation has no place on the image: the whole page, as before.
    found = client.get(f"/iiif/search/1/{plaque.identifier}", {"q": "phương xa"}).json()
    assert [r["on"] for r in found["resources"]] == [f"{canvas}#xywh=0,0,640,480"]


@pytest.mark.django_db
def test_the_reader_outlines_the_hit_on_the_page_image(client, indexes, tmp_path):
    from .test_reading_room import scan

    document = factories.documentary(indexes, title="Biển", slug="bien")
    document.pages = [
        DocumentPageImage(
            image=scan(tmp_path, "plaque-regions", seed=3, width=640, height=480),
            label="Biển",
            transcription="來遠橋",
            transliteration="Lai Viễn Kiều",
            text_regions=REGIONS,
        )
    ]
    document.save_revision().publish()
    plaque = document
    html = client.get(f"/vi/thu-vien/{plaque.identifier}/1/", {"q": "橋"}).content.decode()
    assert '<svg class="hit-boxes" viewBox="0 0 640 480"' in html
    assert '<rect x="220" y="40" width="60" height="60"/>' in html
    assert "hit-boxes" not in client.get(f"/vi/thu-vien/{plaque.identifier}/1/").content.decode()
