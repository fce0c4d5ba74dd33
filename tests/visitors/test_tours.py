"""Tour pages: URLs per language, stops in order with <audio>, keypad, next/previous, fallbacks."""

import re

import pytest
from django.test import TestCase
from django.urls import reverse
from django.utils.translation import override

from images.ingest import ingest_file
from visitors.geo import haversine_m, walking_minutes
from visitors.models import Tour

from ..factories import write_image

pytestmark = pytest.mark.django_db


def test_tour_list_urls_in_each_language(client, walk):
    assert client.get("/vi/lo-trinh/").status_code == 200
    page = client.get("/en/tours/")
    assert page.status_code == 200 and "Hoi An old-town walk" in page.text
    for code in ("ko", "zh-hans", "ja", "fr"):
        with override(code):
            url = reverse("visitors:tours")
        assert url.startswith(f"/{code}/")
        response = client.get(url)
        assert response.status_code == 200
        assert f'<html lang="{code}">' in response.text


def test_unpublished_tours_are_hidden(client, walk):
    walk.published = False
    walk.save()
    assert "Hoi An old-town walk" not in client.get("/en/tours/").text
    assert client.get("/en/tours/hoi-an-walk/").status_code == 404


def test_tour_page_lists_stops_in_order_with_audio_and_synthetic_label(client, walk):
    page = client.get("/en/tours/hoi-an-walk/").text
    numbers = [int(n) for n in re.findall(r'<li value="(\d+)" id="stop-', page)]
    assert numbers == [1, 2, 12]
    assert page.count("<audio ") == 3
    assert "Synthetic speech" in page
    assert page.index("Japanese Bridge") < page.index("Tan Ky House") < page.index("Fujian Assembly Hall")


def test_route_distance_and_walking_time(client, walk):
    points, metres = walk.route()
    assert [stop.number for stop, _where in points] == [1, 2, 12]
    expected = haversine_m(points[0][1], points[1][1]) + haversine_m(points[1][1], points[2][1])
    assert metres == pytest.approx(expected)
    assert 400 < metres < 1000
    page = client.get("/en/tours/hoi-an-walk/").text
    assert f"about {walking_minutes(metres)} min on foot" in page
    assert 'id="tour-route"' in page and "leaflet.js" in page


def test_keypad_goes_to_the_stop_and_reports_a_missing_number(client, walk):
    response = client.get("/en/tours/hoi-an-walk/", {"stop": "12"})
    assert response.status_code == 302 and response["Location"] == "/en/tours/hoi-an-walk/12/"
    missing = client.get("/en/tours/hoi-an-walk/", {"stop": "7"}, follow=True)
    assert "This tour has no stop 7." in missing.text
    vi = client.get("/vi/lo-trinh/hoi-an-walk/", {"stop": "7"}, follow=True)
    assert "Lộ trình này không có điểm dừng 7." in vi.text


def test_stop_page_has_audio_transcript_and_next_previous(client, walk):
    page = client.get("/en/tours/hoi-an-walk/2/").text
    assert 'rel="prev" href="/en/tours/hoi-an-walk/1/"' in page
    assert 'rel="next" href="/en/tours/hoi-an-walk/12/"' in page
    assert re.search(r'<audio controls preload="metadata" src="[^"]+\.ogg" lang="en">', page)
    assert "Transcript" in page and "Tan Ky House: test text." in page
    assert client.get("/en/tours/hoi-an-walk/3/").status_code == 404


def test_machine_translation_and_fallback_notes(client, walk):
    fr = client.get("/fr/parcours/hoi-an-walk/1/").text
    assert "FR Japanese Bridge" in fr
    assert "Traduction automatique, pas encore relue par un traducteur." in fr
    # The French text has no narration of its own: the English one plays, and the page says so.
    assert 'lang="en"></audio>' in fr and "La narration est en English" in fr
    ko = client.get("/ko/tours/hoi-an-walk/1/").text
    assert "Japanese Bridge" in ko
    assert "아직 한국어로 번역되지 않아 English(으)로 표시합니다." in ko
    assert 'lang="en">Japanese Bridge</span>' in ko


def test_language_links_lead_to_the_same_stop(client, walk):
    page = client.get("/en/tours/hoi-an-walk/12/").text
    assert 'href="/vi/lo-trinh/hoi-an-walk/12/" hreflang="vi"' in page
    assert 'href="/ja/tours/hoi-an-walk/12/" hreflang="ja"' in page


def test_stop_of_an_unpublished_record_keeps_its_own_text(client, walk, places):
    places["tan_ky"].unpublish()
    page = client.get("/en/tours/hoi-an-walk/2/")
    assert page.status_code == 200 and "More about" not in page.text
    points, _metres = Tour.objects.get(pk=walk.pk).route()
    assert [stop.number for stop, _where in points] == [1, 12]


def test_a_stop_picture_is_public_only_while_its_tour_is_published(client, walk, tmp_path):
    path = write_image(tmp_path / "stop.jpg", 800, 600)
    with TestCase.captureOnCommitCallbacks(execute=True):
        image = ingest_file(path).image
        stop = walk.stops.get(number=12)
        stop.image = image
        stop.save()
    info = f"/iiif/3/{image.iiif_identifier}/info.json"
    assert client.get(info).status_code == 200
    with TestCase.captureOnCommitCallbacks(execute=True):
        walk.published = False
        walk.save()
    assert client.get(info).status_code == 401
