"""Public views of the catalogue that are not Wagtail pages."""

from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import get_language_from_request
from django.views.decorators.http import require_safe

from .models import RECORD_MODELS


def find_published_record(identifier, language):
    """The published record with this identifier, in ``language`` if translated, else its first version.

    Returns None when no published record carries the identifier.
    """
    identifier = identifier.strip().upper()
    for model in RECORD_MODELS:
        # Only well-formed identifiers reach the database (PostgreSQL refuses NUL bytes, for one).
        if not model.identifier_pattern().match(identifier):
            continue
        versions = list(model.objects.published().filter(identifier=identifier).select_related("locale"))
        if not versions:
            return None
        for page in versions:
            if page.locale.language_code == language:
                return page
        return min(versions, key=lambda page: page.pk)
    return None


@require_safe
def resolve_identifier(request, identifier):
    """Redirect ``/id/<identifier>`` (printed on QR labels) to the record page in the visitor's language."""
    page = find_published_record(identifier, get_language_from_request(request))
    if page is None:
        raise Http404("No published record has this identifier.")
    response = redirect(page.get_url(request=request))
    response["Vary"] = "Accept-Language, Cookie"
    return response
