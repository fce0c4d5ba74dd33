"""The visitor-guide demo: sourced visiting information, three narrated tours, idempotent."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils.translation import override

from catalogue.models import Recording
from visitors.models import StopText, Tour, VisitingInfo

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]
QUIET = {"stdout": open("/dev/null", "w")}  # noqa: SIM115


@pytest.fixture
def demo(db):
    call_command("load_demo", image_scale=0.05, skip_renditions=True, **QUIET)
    call_command("load_visitors_demo", **QUIET)


def test_visitors_demo(client, demo):
    tours = {tour.identifier: tour for tour in Tour.objects.published()}
    assert set(tours) == {"QN-LT-0001", "QN-LT-0002", "QN-LT-0003"}
    hoi_an = tours["QN-LT-0001"]
    assert hoi_an.stops.count() >= 6
    for stop in hoi_an.stops.all():
        languages = {text.language: text for text in stop.texts.all()}
        assert set(languages) == {"vi", "en", "ko", "zh-hans", "ja", "fr"}
        assert all(languages[code].machine_translated for code in ("ko", "zh-hans", "ja", "fr"))
        assert not languages["vi"].machine_translated and not languages["en"].machine_translated
    narrated = StopText.objects.filter(language__in=("vi", "en"))
    assert narrated.exists() and all(t.audio_id and t.synthetic_speech for t in narrated)
    assert all(t.audio.file.name.endswith(".ogg") and t.audio.file.size > 1000 for t in narrated[:5])
    # The museum tour is indoors: no route, every stop a national treasure held there.
    museum = tours["QN-LT-0003"]
    assert not museum.walking and museum.stops.count() == 8
    # Bài Chòi: a synthetic reading of its published summary, never presented as a recording.
    recordings = Recording.objects.filter(page__identifier="QN-PVT-0001")
    assert recordings.count() == 2
    assert all("espeak-ng" in r.title and r.transcript for r in recordings)
    # Visiting information: values with their sources; a single source is flagged.
    infos = list(VisitingInfo.objects.all())
    assert len(infos) == 3 and all(info.sources for info in infos)
    my_son = next(info for info in infos if info.site_id and info.site.identifier == "QN-DT-0002")
    assert my_son.unverified_facts and my_son.checked_on is None

    for tour in tours.values():
        for code in ("vi", "en", "ko", "zh-hans", "ja", "fr"):
            with override(code):
                assert client.get(reverse("visitors:tour", args=[tour.slug])).status_code == 200
                for stop in tour.stops.all():
                    assert client.get(stop.get_url()).status_code == 200

    call_command("load_visitors_demo", **QUIET)
    assert Tour.objects.count() == 3 and VisitingInfo.objects.count() == 3
    assert Recording.objects.filter(page__identifier="QN-PVT-0001").count() == 2
