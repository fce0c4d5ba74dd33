"""An admin import run: checked when uploaded, applied by a background task with its progress saved."""

import hashlib

from django.db import transaction
from django.utils import timezone, translation

from .applying import ImportFailed, apply_plan
from .models import ImportRun
from .planning import check_file
from .report import problems_as_json

PREVIEW_ROWS = 500


def plan_for(run, user=None):
    return check_file(
        run.file.path,
        name=run.original_name,
        record_type=run.record_type or None,
        images_dir=run.images_dir or None,
        create_terms=run.create_terms,
        file_sha256=run.file_sha256,
        user=user or run.user,
    )


def create_run(upload, user, language, **options):
    data = upload.read()
    upload.seek(0)
    run = ImportRun(
        user=user,
        original_name=upload.name[:255],
        file_sha256=hashlib.sha256(data).hexdigest(),
        language=language,
        **options,
    )
    run.file.save(upload.name, upload, save=False)
    run.save()
    with translation.override(language):
        plan = plan_for(run)
    run.record_type = plan.record_type.key if plan.record_type else run.record_type
    run.problems = problems_as_json(plan)
    run.rows_total = sum(1 for row in plan.rows if row.action in ("create", "update"))
    run.summary = {
        "plan": plan.counts(),
        "encoding": plan.encoding,
        "rows": [
            {
                "number": row.number,
                "action": row.action,
                "identifier": (row.match.identifier if row.match else row.values.get("identifier")) or "",
                "title": str(row.values.get("title") or ""),
                "changes": [plan.headers.get(key, key) for key in row.changes],
                "images": len(row.image_refs),
            }
            for row in plan.rows[:PREVIEW_ROWS]
        ],
    }
    run.save()
    return run, plan


def queue(run):
    from .tasks import run_import

    ImportRun.objects.filter(pk=run.pk).update(status=ImportRun.Status.QUEUED, rows_done=0, error="")
    transaction.on_commit(lambda: run_import.enqueue(run.pk))


def execute(run_id):
    run = ImportRun.objects.get(pk=run_id)
    user = run.user if run.user_id else None
    ImportRun.objects.filter(pk=run.pk).update(status=ImportRun.Status.RUNNING)
    with translation.override(run.language):
        plan = plan_for(run, user)
        if plan.errors:
            return _finish(
                run,
                ImportRun.Status.FAILED,
                problems=problems_as_json(plan),
                error=translation.gettext("The file no longer passes the check; nothing was written."),
            )

        def progress(done, total, summary):
            ImportRun.objects.filter(pk=run.pk).update(
                rows_done=done, rows_total=total, images_done=summary.images_stored + summary.images_reused
            )

        try:
            summary = apply_plan(
                plan, user=user, publish=run.publish and _may_publish(plan, user), progress=progress
            )
        except ImportFailed as failure:
            message = translation.gettext("Row %(row)s") % {"row": failure.row} + ": " + failure.message
            return _finish(run, ImportRun.Status.FAILED, error=message)
    run.refresh_from_db()
    return _finish(run, ImportRun.Status.DONE, summary={**run.summary, "applied": summary.as_dict()})


def _may_publish(plan, user):
    from .planning import import_parent

    if user is None:
        return True
    return import_parent(plan.record_type).permissions_for_user(user).can_publish_subpage()


def _finish(run, status, **fields):
    ImportRun.objects.filter(pk=run.pk).update(status=status, finished_at=timezone.now(), **fields)
    return status
