"""Who may see and change the archive, and the record a URL names: shared by archive/ and condition/."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from catalogue.models import model_for_identifier

from .models import DocumentationEvent

VIEW_PERMISSION = "restoration.view_documentationevent"
CHANGE_PERMISSION = "restoration.change_documentationevent"


def require(request, permission):
    if not request.user.has_perm(permission):
        raise PermissionDenied


def record_page(identifier):
    """The first (source-language) page of the record with this identifier, published or not, or None."""
    model = model_for_identifier(identifier)
    return model.objects.find(identifier) if model else None


def page_or_404(identifier):
    page = record_page(identifier)
    if page is None:
        raise Http404(_("No record with the identifier %s.") % identifier)
    return page


def record_events(page):
    """The record's documentation events (any language version of it), oldest first."""
    pages = page.get_translations(inclusive=True).values_list("pk", flat=True)
    return list(
        DocumentationEvent.objects.filter(record_id__in=list(pages))
        .prefetch_related("images__image", "observations__damage", "observations__event_image")
        .order_by("date", "pk")
    )
