"""Admin actions of the imaging pipeline."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.permissions import policy_registry

from images.models import HeritageImage, TilingStatus

from .signal_handlers import queue_tiling


@require_POST
def retry_tiling(request, image_id):
    """Queue the image's pyramid to be built again (after a failure, or to rebuild it)."""
    image = get_object_or_404(HeritageImage, pk=image_id)
    policy = policy_registry.get_by_type(HeritageImage)
    if not policy.user_has_permission_for_instance(request.user, "change", image):
        raise PermissionDenied
    with transaction.atomic():
        HeritageImage.objects.filter(pk=image.pk).update(tiling_status=TilingStatus.PENDING, tiling_error="")
        transaction.on_commit(lambda: queue_tiling(image.pk))
    messages.success(request, _("Deep zoom for “%(title)s” is queued again.") % {"title": image.title})
    return redirect(request.headers.get("referer") or "iiif_tiling:index")
