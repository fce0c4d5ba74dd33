"""An import process killed with SIGKILL half-way: whole batches only, and the same command run again
finishes the file without a duplicate or a gap in the identifiers."""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from .files import ARTEFACT_HEADERS_VI, artefact_rows, write_csv

ROOT = Path(__file__).resolve().parents[2]
SETUP = (
    "from catalogue.models import HomePage, ArtefactIndexPage, Institution, Material, ObjectType, Culture;"
    "h=HomePage.objects.get(locale__language_code='vi');"
    "i=ArtefactIndexPage(title='Hiện vật', slug='hien-vat'); h.add_child(instance=i);"
    "i.save_revision().publish();"
    "Institution.objects.create(key='btc', label_vi='Bảo tàng Điêu khắc Chăm', label_en='Cham museum');"
    "Material.objects.create(key='dong', label_vi='Đồng', label_en='Bronze');"
    "Material.objects.create(key='sa-thach', label_vi='Sa thạch', label_en='Sandstone');"
    "ObjectType.objects.create(key='tuong', label_vi='Tượng', label_en='Statue');"
    "Culture.objects.create(key='cham', label_vi='Chăm Pa', label_en='Champa')"
)


def manage(env, *args, **kwargs):
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        **kwargs,
    )


def counts(db):
    with sqlite3.connect(db, timeout=30) as connection:
        pages = connection.execute("SELECT COUNT(*) FROM catalogue_artefactpage").fetchone()[0]
        rows = connection.execute("SELECT COUNT(*) FROM cataloguing_importedrow").fetchone()[0]
        identifiers = [r[0] for r in connection.execute("SELECT identifier FROM catalogue_artefactpage")]
    return pages, rows, identifiers


def test_sigkill_half_way_then_rerun(tmp_path):
    db = tmp_path / "db.sqlite3"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "heritage_site.settings.dev",
        "DATABASE_URL": f"sqlite:///{db}",
        "DATA_DIR": str(tmp_path / "var"),
        "MEDIA_ROOT": str(tmp_path / "media"),
    }
    assert manage(env, "migrate", "--noinput", "-v", "0").returncode == 0
    assert manage(env, "shell", "-c", SETUP).returncode == 0
    rows = artefact_rows(60)
    for row in rows:
        row[2] = ""  # no inventory number: only the run's own ledger can find a written row again
    sheet = write_csv(tmp_path / "a.csv", ARTEFACT_HEADERS_VI, rows)
    command = [sys.executable, str(ROOT / "manage.py"), "import_records", str(sheet), "--batch-size", "5"]
    process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and process.poll() is None:
        if counts(db)[1] >= 10:
            process.send_signal(signal.SIGKILL)
            break
        time.sleep(0.02)
    process.wait()
    assert process.returncode == -signal.SIGKILL, "the import finished before it could be killed"
    pages, written, _identifiers = counts(db)
    assert 10 <= pages < 60 and pages == written and pages % 5 == 0  # whole batches only
    again = manage(env, "import_records", str(sheet), "--batch-size", "5")
    assert again.returncode == 0, again.stdout + again.stderr
    pages, written, identifiers = counts(db)
    assert pages == written == 60
    assert sorted(identifiers) == [f"QN-HV-{n:04d}" for n in range(1, 61)]
