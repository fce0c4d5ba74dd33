"""Admin views: upload and check, preview, apply in the background with progress, templates, export."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .columns import RECORD_TYPES
from .exporting import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE, export_bytes
from .forms import ImportForm
from .models import ImportRun
from .planning import import_parent
from .runs import create_run, queue
from .template import template_xlsx


def _language(request):
    return (get_language() or "vi")[:2]


def _may(user, rt, action):
    parent = import_parent(rt)
    if parent is None:
        return False
    perms = parent.permissions_for_user(user)
    return perms.can_publish_subpage() if action == "publish" else perms.can_add_subpage()


def _may_import_any(user):
    return any(_may(user, rt, "add") for rt in RECORD_TYPES.values())


def _run_for(request, run_id):
    run = get_object_or_404(ImportRun, pk=run_id)
    if run.user_id != request.user.pk and not request.user.is_superuser:
        raise Http404
    return run


def import_index(request):
    if not _may_import_any(request.user):
        raise PermissionDenied
    may_publish = any(_may(request.user, rt, "publish") for rt in RECORD_TYPES.values())
    form = ImportForm(request.POST or None, request.FILES or None, may_publish=may_publish)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        run, _plan = create_run(
            data["file"],
            request.user,
            _language(request),
            record_type=data["record_type"],
            images_dir=data["images_dir"],
            create_terms=data["create_terms"],
            publish=data.get("publish", False),
        )
        return redirect("cataloguing_import_preview", run.pk)
    runs = ImportRun.objects.filter(user=request.user)[:10]
    return TemplateResponse(
        request,
        "cataloguing/import_index.html",
        {
            "form": form,
            "runs": runs,
            "record_types": [
                (key, rt.vi if _language(request) == "vi" else rt.en) for key, rt in RECORD_TYPES.items()
            ],
            "page_title": _("Import records"),
            "header_title": _("Import records"),
            "header_icon": "upload",
        },
    )


def import_preview(request, run_id):
    run = _run_for(request, run_id)
    errors = [p for p in run.problems if p["level"] == "error"]
    return TemplateResponse(
        request,
        "cataloguing/import_preview.html",
        {
            "run": run,
            "errors": errors,
            "notes": [p for p in run.problems if p["level"] != "error"],
            "plan": run.summary.get("plan", {}),
            "rows": run.summary.get("rows", []),
            "can_apply": not errors and run.status in (ImportRun.Status.CHECKED, ImportRun.Status.FAILED),
            "page_title": _("Check of %(name)s") % {"name": run.original_name},
            "header_title": _("Import records"),
            "header_icon": "upload",
        },
    )


@require_POST
def import_apply(request, run_id):
    run = _run_for(request, run_id)
    if any(p["level"] == "error" for p in run.problems):
        messages.error(request, _("This file has errors; correct them and upload it again."))
        return redirect("cataloguing_import_preview", run.pk)
    if run.status in (ImportRun.Status.CHECKED, ImportRun.Status.FAILED):
        queue(run)
    return redirect("cataloguing_import_progress", run.pk)


def import_progress(request, run_id):
    run = _run_for(request, run_id)
    return TemplateResponse(
        request,
        "cataloguing/import_progress.html",
        {
            "run": run,
            "status_url": reverse("cataloguing_import_status", args=(run.pk,)),
            "applied": run.summary.get("applied"),
            "page_title": _("Importing %(name)s") % {"name": run.original_name},
            "header_title": _("Import records"),
            "header_icon": "upload",
        },
    )


def import_status(request, run_id):
    from .report import applied_summary

    run = _run_for(request, run_id)
    applied = run.summary.get("applied")
    return JsonResponse(
        {
            "status": run.status,
            "status_label": run.get_status_display(),
            "rows_done": run.rows_done,
            "rows_total": run.rows_total,
            "images_done": run.images_done,
            "percent": run.percent,
            "error": run.error,
            "summary": applied_summary(applied) if applied else "",
        }
    )


def template_download(request, record_type):
    rt = RECORD_TYPES.get(record_type)
    if rt is None:
        raise Http404
    language = _language(request)
    response = HttpResponse(template_xlsx(rt, language), content_type=XLSX_CONTENT_TYPE)
    name = f"mau-{rt.key}.xlsx" if language == "vi" else f"template-{rt.key}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def export_records(request, record_type):
    """The records of a listing, with the listing's own filters, in the import format."""
    from catalogue import wagtail_hooks as listings

    rt = RECORD_TYPES.get(record_type)
    if rt is None:
        raise Http404
    listing = {
        "site": listings.SiteListing,
        "artefact": listings.ArtefactListing,
        "intangible": listings.IntangibleListing,
        "documentary": listings.DocumentaryListing,
    }[rt.key]
    query = request.GET.copy()
    fmt = query.pop("format", ["xlsx"])[0]
    queryset = rt.model.objects.filter(locale__language_code="vi")
    from wagtail.permission_policies.pages import PagePermissionPolicy

    queryset = queryset.filter(pk__in=PagePermissionPolicy().explorable_instances(request.user).values("pk"))
    filterset = listing.filterset_class(query, queryset=queryset, request=request)
    if filterset.is_valid():
        queryset = filterset.qs
    if q := query.get("q"):
        queryset = queryset.filter(title__icontains=q) | queryset.filter(identifier__icontains=q)
    data = export_bytes(queryset, rt, "csv" if fmt == "csv" else "xlsx", _language(request))
    response = HttpResponse(data, content_type=CSV_CONTENT_TYPE if fmt == "csv" else XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{rt.key}.{"csv" if fmt == "csv" else "xlsx"}"'
    return response


def export_url(rt_key, request, fmt):
    query = request.GET.copy()
    query["format"] = fmt
    query.pop("p", None)
    return reverse("cataloguing_export", args=(rt_key,)) + "?" + urlencode(list(query.lists()), doseq=True)
