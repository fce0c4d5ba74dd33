"""Background tasks of the archive; they take ids and fetch fresh rows."""

from django_tasks import task


@task()
def record_ingest(image_id):
    """Write the ingest of a master to the audit trail, with the checksum it was received with."""
    from images.models import HeritageImage

    from .models import AuditAction, AuditEntry, AuditOutcome

    image = HeritageImage.objects.filter(pk=image_id).select_related("uploaded_by_user").first()
    if image is None:
        return None
    entry = AuditEntry.log(
        AuditAction.INGEST,
        AuditOutcome.SUCCESS,
        user=image.uploaded_by_user,
        summary=f"{image.title} ({image.original_filename or image.file.name})",
        image=image.iiif_identifier,
        sha256=image.sha256,
        size=image.file_size,
    )
    return entry.pk


@task()
def fixity_check_all():
    """The periodic fixity check (see deploy/: run daily by the scheduler, or `manage.py fixity_check`)."""
    from .archive.fixity import check_all

    results = check_all()
    return {"records": len(results), "problems": sum(1 for entry in results.values() if not entry.ok)}


@task()
def fixity_check_record(identifier, user_id=None):
    """ "Check fixity now" on a record's archive page: the periodic check, for this record only."""
    from django.contrib.auth import get_user_model

    from .archive.fixity import check_record

    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    entry = check_record(identifier, user=user)
    return {"record": identifier, "checked": entry.checked, "ok": entry.ok}


@task()
def grant_archive_permissions():
    """Give the curator groups the archive's permissions (queued when such a group is created)."""
    from .roles import grant_archive_permissions as grant

    grant()
