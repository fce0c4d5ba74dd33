"""One command backs up the whole archive, one restores it on an empty machine, and fixity passes there."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from restoration.archive.sealing import seal_event
from tests import factories

ROOT = Path(__file__).resolve().parents[2]

# The database must hold committed rows for the online backup to copy them.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def site_tree(transactional_db):
    """Locales, home page, site and the seeded damage term, which an earlier transactional test's
    flush removes."""
    from restoration.models import DamageType

    factories.ensure_site_tree()
    DamageType.objects.get_or_create(key="cracking", defaults={"label_vi": "Nứt", "label_en": "Cracking"})


def fresh_machine(tmp_path):
    """An installation with nothing in it: its own database file, MEDIA_ROOT and ARCHIVE_ROOT."""
    place = tmp_path / "fresh"
    place.mkdir(parents=True)
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="heritage_site.settings.dev",
        DATA_DIR=str(place / "var"),
        DATABASE_URL=f"sqlite:///{place / 'db.sqlite3'}",
        MEDIA_ROOT=str(place / "media"),
        ARCHIVE_ROOT=str(place / "archive"),
    )
    return place, env


def manage(env, *arguments):
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *arguments],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_backup_restores_into_a_fresh_place_and_fixity_passes_there(tmp_path, baseline, media_root):
    seal_event(baseline.pk)
    backup = tmp_path / "backup"
    call_command("backup", str(backup))
    assert (backup / "MANIFEST.sha256").is_file() and (backup / "database.sqlite3").is_file()
    assert list((backup / "archive").rglob("inventory.json")), "the sealed OCFL object is in the backup"
    assert not (backup / "media" / "iiif-cache").exists()

    place, env = fresh_machine(tmp_path)
    restored = manage(env, "restore", str(backup))
    assert restored.returncode == 0, restored.stderr[-3000:]
    fixity = manage(env, "fixity_check")
    assert fixity.returncode == 0, fixity.stdout[-3000:] + fixity.stderr[-3000:]
    assert "0 with problems" in fixity.stdout
    checked = int(fixity.stdout.split(" files checked")[0].split()[-1])
    assert checked >= 3, fixity.stdout  # the master, the drawing and the sealed object's files
    stored = {p.name for p in (place / "media" / "original_images").iterdir()}
    assert stored == {p.name for p in (media_root / "original_images").iterdir()}
    # The restored site serves the record.
    shell = manage(
        env,
        "shell",
        "-c",
        "from restoration.models import DocumentationEvent as E; print(E.objects.get().sealed_at)",
    )
    assert shell.returncode == 0 and "None" not in shell.stdout

    # Restoring again over the now full installation is refused, and so is a damaged backup.
    again = manage(env, "restore", str(backup))
    assert again.returncode != 0 and "not empty" in again.stderr
    master = next((backup / "media" / "original_images").iterdir())
    master.write_bytes(master.read_bytes()[:-10])
    _place, other_env = fresh_machine(tmp_path / "other")
    damaged = manage(other_env, "restore", str(backup))
    assert damaged.returncode != 0 and "changed: media/original_images/" in damaged.stderr
    assert not (tmp_path / "other" / "fresh" / "media").exists(), "nothing restored from a damaged backup"


def test_backup_refuses_a_folder_that_is_not_empty(tmp_path, db):
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "x").write_text("x")
    with pytest.raises(CommandError):
        call_command("backup", str(tmp_path / "full"))


def test_without_a_folder_backups_go_to_backup_root_and_the_last_ones_are_kept(tmp_path, settings):
    settings.BACKUP_ROOT = tmp_path / "backups"
    for _ in range(3):
        call_command("backup", "--keep-last", "2", stdout=open(os.devnull, "w"))  # noqa: SIM115
        time.sleep(1.1)  # one folder per second (UTC time in the name)
    kept = sorted(p.name for p in settings.BACKUP_ROOT.iterdir())
    assert len(kept) == 2 and all(name.startswith("heritage-") for name in kept)
    assert all((settings.BACKUP_ROOT / name / "MANIFEST.sha256").is_file() for name in kept)
