"""Exports of a record's archive (a zipped BagIt bag or OCFL object), built by a task.

Building a bag of a record with scans of hundreds of megabytes takes longer than a request should,
so the view only enqueues ``build_export`` and serves the finished file. Each file is named by the
archive version it was made from, so it is built once per version and never goes stale: a newer
seal or correction makes a new file. Files are written beside the OCFL storage root (never inside
it, which would break the root's validation) and appear by one rename, so a half-written zip is
never served.
"""

import os
import shutil
import tempfile
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django_tasks import task

from ..models import AuditAction, AuditEntry, AuditOutcome
from .sealing import archive_store

KINDS = ("bag", "ocfl")
SOURCE_ORGANIZATION = "Quảng Nam Heritage"


def export_root():
    root = Path(settings.ARCHIVE_ROOT)
    return root.with_name(root.name + "-exports")


def export_path(identifier, kind, version):
    return export_root() / identifier / f"{identifier}-{kind}-{version}.zip"


def queued_marker(identifier, kind, version):
    return export_path(identifier, kind, version).with_suffix(".queued")


def request_export(identifier, kind, user):
    """Enqueue the export of the record's head version unless it is built or already queued.

    Returns the version it will hold, or None when nothing of the record has been sealed.
    """
    version = archive_store().head(identifier)
    if version is None:
        return None
    marker = queued_marker(identifier, kind, version)
    if not export_path(identifier, kind, version).exists() and not marker.exists():
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.touch()
        build_export.enqueue(identifier, kind, version, getattr(user, "pk", None))
    return version


@task()
def build_export(identifier, kind, version, user_id=None):
    """Write ``<identifier>-<kind>-<version>.zip``; every build, done or failed, is in the audit trail."""
    if kind not in KINDS:
        raise ValueError(f"unknown export kind {kind!r}")
    target_zip = export_path(identifier, kind, version)
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    store = archive_store()
    target_zip.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".export-", dir=target_zip.parent))
    try:
        if target_zip.exists():
            return str(target_zip)
        if store.head(identifier) is None:
            return None
        folder = work / f"{identifier}-{kind}"
        if kind == "bag":
            store.export_bag(
                identifier, folder, version=version, info={"Source-Organization": SOURCE_ORGANIZATION}
            )
        else:
            store.export_object(identifier, folder)
        archive = shutil.make_archive(str(work / folder.name), "zip", root_dir=work, base_dir=folder.name)
        os.replace(archive, target_zip)
    except Exception as error:
        AuditEntry.log(
            AuditAction.EXPORT,
            AuditOutcome.FAILURE,
            user=user,
            record_identifier=identifier,
            summary=f"{kind}: {error}",
        )
        raise
    finally:
        shutil.rmtree(work, ignore_errors=True)
        queued_marker(identifier, kind, version).unlink(missing_ok=True)
    AuditEntry.log(
        AuditAction.EXPORT,
        AuditOutcome.SUCCESS,
        user=user,
        record_identifier=identifier,
        summary=f"{kind} of {version}",
        kind=kind,
        version=version,
    )
    return str(target_zip)
