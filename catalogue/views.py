"""Public views of the catalogue that are not Wagtail pages."""

from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import get_language_from_request
from django.views.decorators.http import require_safe

from .models import find_published_record


@require_safe
def resolve_identifier(request, identifier):
    """Redirect ``/id/<identifier>`` (printed on QR labels) to the record page in the visitor's language."""
    page = find_published_record(identifier, get_language_from_request(request))
    if page is None:
        raise Http404("No published record has this identifier.")
    response = redirect(page.get_url(request=request))
    response["Vary"] = "Accept-Language, Cookie"
    return response
