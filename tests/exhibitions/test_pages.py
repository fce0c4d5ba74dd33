"""Exhibition pages: every step's words and picture descriptions without script, anchors, content
state links, language paths, and nothing of an image the IIIF access layer would refuse."""

import json
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.exceptions import ValidationError
from wagtail.blocks import StructBlockValidationError

from exhibitions.blocks import ViewBlock
from iiif import content_state

pytestmark = pytest.mark.django_db


def test_index_lists_the_exhibition_at_the_vietnamese_path(client, exhibit):
    page = client.get("/vi/trien-lam/")
    assert page.status_code == 200
    assert "Điêu khắc Chăm" in page.text and "/vi/trien-lam/dieu-khac-cham/" in page.text
    assert 'alt="Toàn cảnh đài thờ"' in page.text  # its first picture, described


def test_site_header_links_the_exhibitions(client, exhibit):
    assert 'href="/vi/trien-lam/"' in client.get("/vi/").text


def test_every_step_is_in_the_page_without_script(client, exhibit):
    text = client.get("/vi/trien-lam/dieu-khac-cham/").text
    for words in (
        "Bước một: toàn cảnh.",
        "Bước hai: góc trái.",
        "Một câu trích.",
        "Tác giả B, 2012",
        "Bước năm: trang bản quét.",
        "Vũ nữ Apsara",
        "Văn bản",
    ):
        assert words in text
    for alt in ("Toàn cảnh đài thờ", "Góc trái của đài thờ", "Một dòng chữ trên bản quét"):
        assert f'alt="{alt}"' in text
    for number in range(1, 7):
        assert f'id="step-{number}"' in text
    assert 'href="/vi/trien-lam/dieu-khac-cham/#step-2"' in text
    # The region of step 2 is cut by the Image API for the picture a reader without script sees.
    assert "/iiif/3/ex-photo/200,300,1200,900/800,600/0/default.jpg" in text
    # The first step's region is the viewer's static picture, fetched first.
    assert re.search(
        r'class="viewer-still" src="/iiif/3/ex-photo/full/800,600/0/default.jpg"[^>]*fetchpriority="high"',
        text,
    )
    assert "<script>" not in text  # CSP: scripts only from files


def test_manifest_is_linked_as_alternate(client, exhibit):
    text = client.get("/vi/trien-lam/dieu-khac-cham/").text
    assert (
        '<link rel="alternate" type="application/ld+json;profile=&quot;http://iiif.io/api/presentation/3/'
        'context.json&quot;" href="http://testserver/iiif/exhibition/vi/dieu-khac-cham.json">'
    ) in text


def test_each_step_opens_its_region_in_mirador_by_content_state(client, exhibit):
    text = client.get("/vi/trien-lam/dieu-khac-cham/").text
    links = re.findall(r'href="(/iiif/viewer/\?iiif-content=[^"]+)" class="step-mirador"', text)
    assert len(links) == 4  # the four public view steps
    query = parse_qs(urlsplit(links[1].replace("&amp;", "&")).query)
    encoded = query["iiif-content"][0]
    assert "=" not in encoded and "+" not in encoded and "/" not in encoded  # base64url, no padding
    state = content_state.decode(encoded)
    assert state["type"] == "Canvas"
    assert (
        state["id"]
        == "http://testserver/iiif/exhibition/vi/dieu-khac-cham/canvas/ex-photo#xywh=200,300,1200,900"
    )
    assert state["partOf"] == [
        {"id": "http://testserver/iiif/exhibition/vi/dieu-khac-cham.json", "type": "Manifest"}
    ]
    viewer = client.get(links[1].replace("&amp;", "&"))
    assert viewer.status_code == 200
    opened = json.loads(
        re.search(r'id="content-state" type="application/json">(.*?)</script>', viewer.text).group(1)
    )
    assert opened == {
        "canvas": "http://testserver/iiif/exhibition/vi/dieu-khac-cham/canvas/ex-photo",
        "region": [200, 300, 1200, 900],
    }
    assert (
        'id="manifest-url" type="application/json">"http://testserver/iiif/exhibition/vi/dieu-khac-cham.json"'
        in viewer.text
    )


def test_a_bad_content_state_is_refused_clearly(client, exhibit):
    response = client.get("/iiif/viewer/?iiif-content=not-a-state!")
    assert response.status_code == 400
    assert "content state" in response.text.lower() or "trạng thái" in response.text.lower()


def test_an_image_no_public_record_shows_is_never_exposed(client, exhibit):
    text = client.get("/vi/trien-lam/dieu-khac-cham/").text
    assert "Bước riêng tư." in text  # the words stay
    assert "ex-private" not in text  # the image, its tiles and its content state do not
    assert "Ảnh không công khai" not in text
    manifest = client.get("/iiif/exhibition/vi/dieu-khac-cham.json").text
    assert "ex-private" not in manifest
    assert client.get("/iiif/3/ex-private/info.json").status_code == 401


def test_unpublishing_the_record_takes_its_images_out_of_the_exhibition(client, exhibit):
    exhibit["record"].unpublish()
    text = client.get("/vi/trien-lam/dieu-khac-cham/").text
    assert "ex-photo" not in text and "ex-scan" not in text
    assert "Bước một: toàn cảnh." in text
    assert client.get("/iiif/exhibition/vi/dieu-khac-cham.json").status_code == 404


def test_a_draft_exhibition_is_not_public(client, exhibit):
    exhibit["exhibition"].unpublish()
    assert client.get("/vi/trien-lam/dieu-khac-cham/").status_code == 404
    assert client.get("/iiif/exhibition/vi/dieu-khac-cham.json").status_code == 404
    assert "Điêu khắc Chăm" not in client.get("/vi/trien-lam/").text


def test_other_visitor_languages_have_their_own_path(client, exhibit):
    french = client.get("/fr/expositions/dieu-khac-cham/")
    assert french.status_code == 200
    assert '<html lang="fr">' in french.text
    assert 'lang="vi"' in french.text and "Bước một: toàn cảnh." in french.text
    assert "Pas encore traduit" in french.text or "Tiếng Việt" in french.text
    assert client.get("/ko/exhibitions/").status_code == 200


def test_region_beyond_the_image_is_refused_in_the_curators_language(exhibit):
    from django.utils import translation

    block = ViewBlock()
    value = block.to_python(
        {
            "text": "<p>x</p>",
            "image": exhibit["photo"].pk,
            "alt": "x",
            "region": {"x": 3500, "y": 0, "w": 1000, "h": 100},
        }
    )
    with translation.override("vi"), pytest.raises(StructBlockValidationError) as error:
        block.clean(value)
    message = str(error.value.block_errors["region"])
    assert "4000" in message and "vượt" in message.lower()
    half = block.to_python({"text": "<p>x</p>", "image": exhibit["photo"].pk, "alt": "x", "region": {"x": 5}})
    with pytest.raises((StructBlockValidationError, ValidationError)):
        block.clean(half)


def test_audio_step_plays_with_its_transcript_and_says_it_is_synthetic(client, exhibit, tmp_path):
    import wave

    from django.core.files import File
    from wagtail.documents import get_document_model

    path = tmp_path / "doc.wav"
    with wave.open(str(path), "wb") as sound:  # half a second of real 16-bit mono audio
        sound.setnchannels(1)
        sound.setsampwidth(2)
        sound.setframerate(16000)
        sound.writeframes(b"\0\0" * 8000)
    document = get_document_model()(title="Giọng đọc")
    with path.open("rb") as handle:
        document.file.save("giong-doc.wav", File(handle), save=False)
    document.save()
    page = exhibit["exhibition"]
    page.body.append(
        (
            "audio",
            {
                "heading": "Nghe",
                "audio": document,
                "transcript": "Lời đọc.",
                "synthetic": True,
                "source": "Tổng hợp",
            },
        )
    )
    page.save_revision().publish()
    text = client.get(page.url).text
    assert re.search(r'<audio controls preload="none" src="/documents/\d+/giong-doc[^"]*\.wav"', text)
    assert "Lời đọc." in text and "Giọng đọc tổng hợp, không phải bản ghi âm người thật." in text


def test_a_deleted_image_or_record_does_not_break_the_exhibition(client, exhibit):
    exhibit["record"].delete()  # its images are protected while a record shows them
    exhibit["scan"].delete()
    exhibit["site"].delete()
    page = client.get("/vi/trien-lam/dieu-khac-cham/")
    assert page.status_code == 200 and "Bước năm: trang bản quét." in page.text
    assert "ex-scan" not in page.text
    # No public image is left: no manifest, and the list still stands.
    assert client.get("/iiif/exhibition/vi/dieu-khac-cham.json").status_code == 404
    assert client.get("/vi/trien-lam/").status_code == 200
