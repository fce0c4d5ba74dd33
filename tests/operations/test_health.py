"""/healthz, /readyz and /metrics inside the app (SQLite; the full stack is test_production_stack)."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from images.models import HeritageImage, TilingStatus
from operations.heartbeat import Heartbeat
from operations.models import WorkerHeartbeat
from restoration.models import AuditAction, AuditEntry, AuditOutcome
from tests import factories

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def queue(settings):
    """Tasks into the database queue, as in production (django_tasks resets on setting_changed)."""
    settings.TASKS = DATABASE_QUEUE


def beat(worker_id="web1-1", seconds_ago=0):
    now = timezone.now() - timedelta(seconds=seconds_ago)
    return WorkerHeartbeat.objects.create(
        worker_id=worker_id, hostname="web1", pid=123, queues="*", started_at=now, seen_at=now
    )


def enqueue(minutes_ago):
    from iiif.tasks import build_tiles

    result = build_tiles.enqueue(1)
    DBTaskResult.objects.filter(pk=result.id).update(
        enqueued_at=timezone.now() - timedelta(minutes=minutes_ago)
    )
    return result


@pytest.mark.django_db
def test_healthz_is_cheap_and_always_ok(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_readyz_ok_with_tasks_run_in_process(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "disk", "search", "queue", "workers", "fixity"}
    assert body["checks"]["search"]["backend"] == "database"
    assert body["checks"]["disk"]["free_bytes"]["media"] > 0


@pytest.mark.django_db
def test_readyz_fails_without_a_live_worker_and_recovers_with_one(client, queue):
    body = client.get("/readyz").json()
    assert body["checks"]["workers"] == {
        "status": "fail",
        "alive": 0,
        "hosts": [],
        "message": "no task worker has reported in the last 30 s",
        "scope": "shared",
    }
    beat(seconds_ago=31)  # a worker killed without a clean stop: its row stays, stale
    assert client.get("/readyz").status_code == 503
    beat("web2-1")
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["checks"]["workers"]["alive"] == 1


@pytest.mark.django_db
def test_readyz_reports_the_oldest_waiting_task(client, queue):
    beat()
    enqueue(minutes_ago=3)
    checks = client.get("/readyz").json()["checks"]
    assert checks["queue"]["status"] == "ok"
    assert checks["queue"]["waiting"] == 1
    assert 170 < checks["queue"]["oldest_age_seconds"] < 200
    enqueue(minutes_ago=20)
    response = client.get("/readyz")
    assert response.status_code == 503
    queue_check = response.json()["checks"]["queue"]
    assert queue_check["status"] == "fail" and queue_check["waiting"] == 2
    assert "limit 900 s" in queue_check["message"]


@pytest.mark.django_db
def test_local_scope_ignores_shared_outages(client, queue):
    assert client.get("/readyz").status_code == 503  # no worker
    response = client.get("/readyz?scope=local")
    assert response.status_code == 200
    assert response.json()["checks"]["workers"]["status"] == "fail"  # still reported
    assert client.get("/readyz?scope=nonsense").status_code == 400


@pytest.mark.django_db
def test_readyz_fails_when_disk_is_low(client, settings):
    settings.HEALTH_MIN_FREE_DISK_MB = 10**12
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["disk"]["message"].endswith("free on archive, media")
    assert client.get("/readyz?scope=local").status_code == 503


@pytest.mark.django_db
def test_readyz_fixity_overdue_and_mismatch(client, tmp_path):
    image = factories.make_image(tmp_path)
    assert client.get("/readyz").json()["checks"]["fixity"]["status"] == "ok"  # a new master: not owed yet
    HeritageImage.objects.filter(pk=image.pk).update(created_at=timezone.now() - timedelta(days=3))
    fixity = client.get("/readyz").json()["checks"]["fixity"]
    assert fixity["status"] == "fail" and "no fixity check in the last 48 hours" in fixity["message"]
    AuditEntry.log(
        AuditAction.FIXITY_CHECK, AuditOutcome.MISMATCH, record_identifier="QN-DT-0001", summary="x"
    )
    AuditEntry.log(
        AuditAction.FIXITY_CHECK, AuditOutcome.SUCCESS, record_identifier="QN-DT-0002", summary="x"
    )
    fixity = client.get("/readyz").json()["checks"]["fixity"]
    assert fixity["problem_records"] == 1 and fixity["last_run"]
    assert fixity["message"] == "1 records with changed, missing or unexpected files"
    # A later clean check of the same record clears it.
    AuditEntry.log(
        AuditAction.FIXITY_CHECK, AuditOutcome.SUCCESS, record_identifier="QN-DT-0001", summary="x"
    )
    assert client.get("/readyz").status_code == 200


@pytest.mark.django_db
def test_readyz_says_when_the_database_is_down(client, monkeypatch):
    from django.db import OperationalError

    from operations import readiness

    def broken():
        raise OperationalError("connection refused")

    monkeypatch.setattr(readiness, "CHECKS", (("database", readiness.LOCAL, broken), *readiness.CHECKS[1:]))
    response = client.get("/readyz")
    assert response.status_code == 503
    checks = response.json()["checks"]
    assert checks["database"]["message"] == "database error: connection refused"
    assert checks["workers"]["message"] == "database unavailable"
    assert checks["disk"]["status"] == "ok"


# --- metrics -----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_metrics_are_off_without_a_token_and_need_it_when_set(client, settings):
    assert client.get("/metrics").status_code == 403
    settings.METRICS_TOKEN = "s3cret-token"
    assert client.get("/metrics").status_code == 401
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 401
    assert client.get("/metrics", HTTP_AUTHORIZATION="Basic s3cret-token").status_code == 401
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer s3cret-token").status_code == 200


@pytest.mark.django_db
def test_metrics_count_the_archive(client, settings, tmp_path, queue):
    settings.METRICS_TOKEN = "t"
    factories.make_image(tmp_path, "a.jpg")
    failed = factories.make_image(tmp_path, "b.jpg")
    HeritageImage.objects.filter(pk=failed.pk).update(tiling_status=TilingStatus.FAILED)
    enqueue(minutes_ago=5)
    beat()
    AuditEntry.log(
        AuditAction.FIXITY_CHECK, AuditOutcome.MISMATCH, record_identifier="QN-HV-0001", summary="x"
    )
    text = client.get("/metrics", HTTP_AUTHORIZATION="Bearer t").content.decode()
    assert 'heritage_images_tiling{status="failed"} 1.0' in text
    assert 'heritage_images_tiling{status="pending"} 1.0' in text
    # Uploads queue their own tasks (tiling) beside the one enqueued here.
    waiting = DBTaskResult.objects.ready().count()
    assert waiting >= 1
    assert f"heritage_task_queue_waiting {waiting}.0" in text
    assert f'heritage_tasks{{status="READY"}} {waiting}.0' in text
    age = float(
        next(line.split()[1] for line in text.splitlines() if line.startswith("heritage_task_queue_oldest"))
    )
    assert 290 < age < 330
    assert "heritage_task_workers_alive 1.0" in text
    assert "heritage_fixity_problem_records 1.0" in text
    assert "heritage_search_degraded 0.0" in text
    assert "heritage_database_up 1.0" in text
    assert 'heritage_disk_free_bytes{volume="media"}' in text
    # django-prometheus' request metrics are there too.
    assert "django_http_requests_total_by_method_total" in text


# --- the worker's heartbeat ----------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_heartbeat_is_written_while_running_and_removed_on_stop(settings):
    settings.WORKER_HEARTBEAT_SECONDS = 1
    heartbeat = Heartbeat("host-1", "default")
    heartbeat.start()
    try:
        row = wait_row("host-1")
        assert row.queues == "default" and row.pid > 0
        first = row.seen_at
        row = wait_row("host-1", after=first)
        assert row.seen_at > first
    finally:
        heartbeat.stop()
    assert not WorkerHeartbeat.objects.exists()


def wait_row(worker_id, after=None, timeout=10):
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        row = WorkerHeartbeat.objects.filter(worker_id=worker_id).first()
        if row and (after is None or row.seen_at > after):
            return row
        time.sleep(0.1)
    raise AssertionError(f"no heartbeat from {worker_id}")


@pytest.mark.django_db(transaction=True)
def test_db_worker_runs_tasks_with_a_heartbeat(queue, tmp_path):
    from django.core.management import call_command, get_commands

    assert get_commands()["db_worker"] == "operations"  # ours wins over django_tasks_db's
    # An earlier transactional test may have flushed what the migrations created (root collection).
    factories.ensure_site_tree()
    image = factories.make_image(tmp_path)  # queues its tiling on commit
    assert DBTaskResult.objects.ready().exists()
    seen = []
    original = Heartbeat.stop

    def stop(self):
        seen.extend(WorkerHeartbeat.objects.values_list("worker_id", flat=True))
        original(self)

    Heartbeat.stop = stop
    try:
        call_command("db_worker", "--batch", "--no-startup-delay", "--worker-id", "test-7")
    finally:
        Heartbeat.stop = original
    assert seen == ["test-7"]
    assert not WorkerHeartbeat.objects.exists()
    assert not DBTaskResult.objects.ready().exists()
    image.refresh_from_db()
    assert image.tiling_status == TilingStatus.READY
