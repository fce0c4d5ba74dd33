"""A consistent backup of the whole archive (database, media, OCFL archive) and its restoration.

Consistency, and why it holds without stopping the site:

1. The database is copied first, as one snapshot: SQLite's online backup API (a consistent copy of
   the file while others read and write), or ``pg_dump`` (one transaction's snapshot).
2. Then the files. Masters and event files are written before the database row that names them
   commits and are never changed afterwards (sealed ones are read-only and guarded); so every file
   the snapshot names already exists when it is copied. A file added after the snapshot is copied
   too and is harmless (no row names it). Each OCFL object is copied while holding its shared
   lock (the archive's writers hold it exclusively while they install a version), so an object is
   copied at one version, never half of a swap; an object may be one version newer than the
   snapshot, which an archive allows (its inventory is the authority, not the database).
3. Everything that can be rebuilt is left out: the render cache, staging folders and the public
   tile links (rebuilt at restore). Deep-zoom pyramids are kept: rebuilding them costs hours.
4. ``MANIFEST.sha256`` lists every file of the backup with its SHA-256; restore checks it before
   touching anything, so a damaged backup is refused rather than half restored.
"""

import contextlib
import fcntl
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.db import connection

MEDIA_SKIPPED = {"iiif-cache", "iiif-public", ".staging"}
MANIFEST = "MANIFEST.sha256"
INFO = "backup.json"


class BackupError(Exception):
    pass


def _sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _database_snapshot(target):
    vendor = connection.vendor
    if vendor == "sqlite":
        connection.ensure_connection()
        destination = sqlite3.connect(target / "database.sqlite3")
        try:
            connection.connection.backup(destination)
        finally:
            destination.close()
        return "sqlite"
    if vendor == "postgresql":
        params = connection.get_connection_params()
        env = dict(os.environ, PGPASSWORD=str(params.get("password") or ""))
        command = ["pg_dump", "--format=custom", "--no-owner", "--file", str(target / "database.pgdump")]
        for flag, key in (("--host", "host"), ("--port", "port"), ("--username", "user")):
            if params.get(key):
                command += [flag, str(params[key])]
        command.append(params["dbname"] if "dbname" in params else params["database"])
        subprocess.run(command, check=True, env=env, capture_output=True)
        return "postgresql"
    raise BackupError(f"Backups of a {vendor} database are not supported.")


def _copy_tree(source, target, skip=()):
    if not source.exists():
        target.mkdir(parents=True, exist_ok=True)
        return
    for root, dirs, files in os.walk(source):
        dirs[:] = sorted(d for d in dirs if d not in skip)
        relative = Path(root).relative_to(source)
        (target / relative).mkdir(parents=True, exist_ok=True)
        for name in sorted(files):
            shutil.copy2(Path(root) / name, target / relative / name)


@contextlib.contextmanager
def _object_lock(workspace, name):
    """The archive's own per-object lock (restoration.archive.ocfl_store), held shared."""
    lock = workspace / f"{name}.lock"
    if not workspace.is_dir():
        yield
        return
    fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_SH)
        yield
    finally:
        os.close(fd)


def _copy_archive(source, target):
    workspace = Path(f"{source}.workspace")
    target.mkdir(parents=True, exist_ok=True)
    if not source.exists():
        return
    for entry in sorted(source.iterdir()):
        if entry.is_dir():
            with _object_lock(workspace, entry.name):
                _copy_tree(entry, target / entry.name)
        else:
            shutil.copy2(entry, target / entry.name)


def _write_manifest(target):
    lines = []
    for path in sorted(p for p in target.rglob("*") if p.is_file() and p.name != MANIFEST):
        lines.append(f"{_sha256(path)}  {path.relative_to(target).as_posix()}")
    (target / MANIFEST).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines)


def make_backup(target):
    """Write a backup into the new folder ``target``; returns its description."""
    target = Path(target)
    if target.exists() and any(target.iterdir()):
        raise BackupError(f"{target} is not empty.")
    target.mkdir(parents=True, exist_ok=True)
    partial = target / ".incomplete"
    partial.touch()
    vendor = _database_snapshot(target)
    _copy_tree(Path(settings.MEDIA_ROOT), target / "media", skip=MEDIA_SKIPPED)
    _copy_archive(Path(settings.ARCHIVE_ROOT), target / "archive")
    info = {"created": datetime.now(UTC).isoformat(), "database": vendor, "format": 1}
    (target / INFO).write_text(json.dumps(info, indent=1))
    partial.unlink()
    info["files"] = _write_manifest(target)
    return info


def verify_backup(source):
    """Check every file of a backup against its manifest; raises BackupError naming the problems."""
    source = Path(source)
    if (source / ".incomplete").exists() or not (source / MANIFEST).is_file():
        raise BackupError(f"{source} is not a complete backup.")
    problems = []
    listed = set()
    for line in (source / MANIFEST).read_text(encoding="utf-8").splitlines():
        digest, name = line.split("  ", 1)
        listed.add(name)
        path = source / name
        if not path.is_file():
            problems.append(f"missing: {name}")
        elif _sha256(path) != digest:
            problems.append(f"changed: {name}")
    present = {p.relative_to(source).as_posix() for p in source.rglob("*") if p.is_file()} - {MANIFEST}
    problems += [f"unexpected: {name}" for name in sorted(present - listed)]
    if problems:
        raise BackupError("The backup is damaged:\n  " + "\n  ".join(problems))
    return json.loads((source / INFO).read_text())


def _empty(path):
    return not path.exists() or not any(path.iterdir())


def restore_backup(source):
    """Restore a verified backup into this installation's (empty) database, MEDIA_ROOT and ARCHIVE_ROOT."""
    source = Path(source)
    info = verify_backup(source)
    media, archive = Path(settings.MEDIA_ROOT), Path(settings.ARCHIVE_ROOT)
    for path in (media, archive):
        if not _empty(path):
            raise BackupError(f"{path} is not empty: restore only into an empty installation.")
    if connection.introspection.table_names():
        raise BackupError("The database is not empty: restore only into an empty database.")
    vendor = connection.vendor
    if vendor != info["database"]:
        raise BackupError(f"The backup holds a {info['database']} database; this installation uses {vendor}.")
    if vendor == "sqlite":
        connection.ensure_connection()
        backup = sqlite3.connect(source / "database.sqlite3")
        try:
            backup.backup(connection.connection)
        finally:
            backup.close()
    else:
        params = connection.get_connection_params()
        env = dict(os.environ, PGPASSWORD=str(params.get("password") or ""))
        command = ["pg_restore", "--no-owner", "--exit-on-error"]
        for flag, key in (("--host", "host"), ("--port", "port"), ("--username", "user")):
            if params.get(key):
                command += [flag, str(params[key])]
        command += ["--dbname", params.get("dbname") or params["database"], str(source / "database.pgdump")]
        connection.close()
        subprocess.run(command, check=True, env=env, capture_output=True)
    _copy_tree(source / "media", media)
    _copy_tree(source / "archive", archive)
    Path(f"{archive}.workspace").mkdir(parents=True, exist_ok=True)
    return info
