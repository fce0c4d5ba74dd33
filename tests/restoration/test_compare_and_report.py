"""Registration, the comparison manifest, the change report and the visitors' before/after."""

import json
from datetime import date

import pytest
import pyvips
from django.test import TestCase

from images.ingest import ingest_file
from restoration.condition.compare import register
from restoration.condition.registration import Affine
from restoration.condition.report import ABSENT, NEW, RESOLVED, UNCHANGED, EventColumn, Seen, change_report
from restoration.models import AuditEntry, ConditionObservation, DamageType, EventImage, Registration
from tests.iiif import samples
from tests.iiif.test_presentation import assert_valid

from .conftest import make_event

pytestmark = pytest.mark.django_db
TRUE = Affine(0.97, -0.05, 30.0, 0.05, 0.97, -12.0)  # before → after: rotated, scaled, moved


def shifted_copy(tmp_path, event, source):
    """An "after" photograph: the before one rotated, scaled and moved, as if taken from elsewhere."""
    before = pyvips.Image.new_from_file(source.file.path)
    after = before.affine([TRUE.a, TRUE.b, TRUE.d, TRUE.e], odx=TRUE.c, ody=TRUE.f, oarea=[0, 0, 900, 600])
    path = samples.write((after * 1.1).cast("uchar"), tmp_path / "after.png")
    with TestCase.captureOnCommitCallbacks(execute=True):
        image = ingest_file(path, identifier="after-2024").image
    return EventImage.objects.create(event=event, image=image, view="Mặt đông")


@pytest.fixture
def two_events(site, baseline, tmp_path):
    survey, _own = make_event(
        site,
        tmp_path,
        date(2024, 6, 20),
        kind="post_restoration_survey",
        public=True,
        public_summary="Gia cố vết nứt.",
    )
    _own.delete()
    after = shifted_copy(tmp_path, survey, baseline.images.get().image)
    ConditionObservation.objects.create(
        event=survey,
        damage=DamageType.objects.get(key="salt-efflorescence"),
        event_image=after,
        x=10,
        y=10,
        width=50,
        height=40,
    )
    return baseline, survey, after


def test_registration_recovers_the_transform_and_tiles_the_aligned_image(two_events):
    baseline, _survey, after = two_events
    before = baseline.images.get()
    spots = [(100, 80), (800, 90), (450, 300), (120, 520), (780, 500)]
    pairs = [(x, y, *TRUE.apply(x, y)) for x, y in spots]
    with TestCase.captureOnCommitCallbacks(execute=True):
        registration = register(before.pk, after.pk, pairs)
    fitted = Affine.from_list(registration.matrix)
    for x, y in [(0, 0), (899, 0), (0, 599), (899, 599), (450, 300)]:
        ax, ay = TRUE.apply(x, y)
        bx, by = fitted.apply(ax, ay)
        assert abs(bx - x) < 2 and abs(by - y) < 2
    assert registration.rms_px < 0.5
    registration.aligned_image.refresh_from_db()
    aligned = registration.aligned_image
    assert (aligned.width, aligned.height) == (900, 600) and aligned.tiling_status == "ready"


def test_bad_control_points_get_a_clear_refusal(client, admin_client, two_events):
    baseline, _survey, after = two_events
    before = baseline.images.get()
    body = {"before": before.pk, "after": after.pk, "points": [[1, 1, 2, 2], [3, 3, 4, 4]]}
    response = admin_client.post(
        "/admin/restoration/register/", json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 400 and "4" in response.json()["error"]
    response = admin_client.post("/admin/restoration/register/", "{not json", content_type="application/json")
    assert response.status_code == 400
    assert not Registration.objects.exists()


def test_the_comparison_manifest_orders_events_and_offers_the_aligned_image_as_a_choice(
    admin_client, two_events
):
    baseline, _survey, after = two_events
    before = baseline.images.get()
    pairs = [(x, y, *TRUE.apply(x, y)) for x, y in [(100, 80), (800, 90), (450, 300), (120, 520)]]
    with TestCase.captureOnCommitCallbacks(execute=True):
        register(before.pk, after.pk, pairs)
    response = admin_client.get("/admin/restoration/record/QN-DT-0002/comparison.json")
    manifest = json.loads(response.content)
    assert_valid(manifest)
    first, second = manifest["items"]
    assert first["navDate"].startswith("2005-03-15") and second["navDate"].startswith("2024-06-20")
    body = first["items"][0]["items"][0]["body"]
    assert body["type"] == "Choice" and len(body["items"]) == 2
    assert body["items"][1]["service"][0]["id"].endswith(
        Registration.objects.get().aligned_image.iiif_identifier
    )
    tags = first["annotations"][0]["items"]
    assert {tag["body"]["language"] for tag in tags} == {"vi", "en"}
    assert tags[0]["target"].endswith("#xywh=100,120,200,300") and tags[0]["motivation"] == "tagging"
    assert second["items"][0]["items"][0]["body"]["type"] == "Image"


def test_the_change_report_says_what_is_new_unchanged_and_resolved(admin_client, two_events):
    html = admin_client.get("/admin/restoration/record/QN-DT-0002/report/").content.decode()
    assert "Cracking" in html and "Salt efflorescence" in html
    assert 'class="status-resolved"' in html and 'class="status-new"' in html
    assert "window.print()" in html


def test_change_report_statuses():
    crack, salt = Seen("cracking", "Nứt", "severe"), Seen("salt", "Muối", "minor")
    rows = change_report(
        [
            EventColumn(1, "2005", [crack]),
            EventColumn(2, "2015", [crack, salt]),
            EventColumn(3, "2024", [salt]),
            EventColumn(4, "2025", []),
        ]
    )
    statuses = {row.damage: [cell.status for cell in row.cells] for row in rows}
    assert statuses == {
        "cracking": [NEW, UNCHANGED, RESOLVED, ABSENT],
        "salt": [ABSENT, NEW, UNCHANGED, RESOLVED],
    }
    assert change_report([]) == []


def test_visitors_see_a_before_after_slider_for_a_public_event_only(client, two_events):
    baseline, survey, _after = two_events
    html = client.get(baseline.record.url).content.decode()
    assert 'class="before-after"' in html and "Gia cố vết nứt." in html
    assert "/iiif/3/ev-2005/full/" in html and "/iiif/3/after-2024/full/" in html
    assert "before_after.js" in html
    survey.public = False
    survey.save()
    assert 'class="before-after"' not in client.get(baseline.record.url).content.decode()


def test_each_ingest_is_in_the_audit_trail(tmp_path):
    path = samples.write(samples.noise(300, 200, seed=5), tmp_path / "new.png")
    with TestCase.captureOnCommitCallbacks(execute=True):
        image = ingest_file(path, identifier="new-master").image
    entry = AuditEntry.objects.get(action="ingest")
    assert entry.detail["sha256"] == image.sha256 and entry.outcome == "success"


def test_the_compare_page_carries_both_events_and_its_view(admin_client, two_events):
    baseline, survey, after = two_events
    query = f"a={baseline.pk}&b={survey.pk}&mode=swipe&swipe=0.3&view=1,2,300,200"
    url = f"/admin/restoration/record/QN-DT-0002/compare/?{query}"
    response = admin_client.get(url)
    html = response.content.decode()
    config = json.loads(
        html.split('<script id="compare-config" type="application/json">')[1].split("</script>")[0]
    )
    assert config["chosen"]["mode"] == "swipe" and config["chosen"]["swipe"] == 0.3
    assert config["chosen"]["view"] == [1, 2, 300, 200] and config["chosen"]["b_image"] == after.pk
    assert [e["id"] for e in config["events"]] == [baseline.pk, survey.pk]
    assert config["events"][0]["images"][0]["regions"][0]["w"] == 200
    bad = admin_client.get("/admin/restoration/record/QN-DT-0002/compare/?a=x&mode=evil&opacity=9")
    config = json.loads(bad.content.decode().split('type="application/json">')[1].split("</script>")[0])
    assert config["chosen"]["mode"] == "side" and config["chosen"]["opacity"] == 1.0


def test_a_region_drawn_on_an_image_becomes_an_observation_until_the_event_is_sealed(
    admin_client, two_events
):
    from restoration.archive.sealing import seal_event

    _baseline, survey, after = two_events
    url = "/admin/restoration/observation/"
    body = {
        "event_image": after.pk,
        "damage": "biological-growth",
        "severity": "minor",
        "x": 20.4,
        "y": 30,
        "width": 100,
        "height": 80,
        "note": "Rêu",
    }
    response = admin_client.post(url, json.dumps(body), content_type="application/json")
    assert response.status_code == 201, response.content
    observation = ConditionObservation.objects.get(pk=response.json()["id"])
    assert (observation.x, observation.y, observation.width, observation.height) == (20, 30, 100, 80)
    for bad in (
        {**body, "x": 880},
        {**body, "width": 0},
        {**body, "damage": "nope"},
        {**body, "x": "nan"},
        {**body, "x": "1e999"},
        {"event_image": after.pk},
    ):
        response = admin_client.post(url, json.dumps(bad), content_type="application/json")
        assert response.status_code == 400, bad
        assert response.json()["error"]
    seal_event(survey.pk)
    response = admin_client.post(url, json.dumps(body), content_type="application/json")
    assert response.status_code == 409 and ConditionObservation.objects.filter(event=survey).count() == 2
