"""QR labels: one code per record, tour and stop, for the short URL /id/<identifier>, and the
persistent-identifier resolver extended to tours and their stops."""

import io

import segno
from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import get_language_from_request, override
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from catalogue.views import find_published_record
from catalogue.views import resolve_identifier as resolve_record

from ..models import Tour
from ..models.tours import STOP_IDENTIFIER, TOUR_IDENTIFIER


def short_url(identifier):
    return f"{settings.PUBLIC_BASE_URL}/id/{identifier}"


def find_target(identifier, language):
    """The tour, stop or published record an identifier names (its page in ``language``), or None."""
    identifier = identifier.strip().upper()
    if match := STOP_IDENTIFIER.match(identifier):
        tour = Tour.objects.published().filter(identifier=match.group(1)).first()
        stop = tour and tour.stops.filter(number=int(match.group(2))).first()
        return stop.get_url(language) if stop else None
    if TOUR_IDENTIFIER.match(identifier):
        tour = Tour.objects.published().filter(identifier=identifier).first()
        return tour.get_url(language) if tour else None
    page = find_published_record(identifier, language)
    if page is None:
        return None
    with override(language):
        return page.get_url()


def qr_code(identifier):
    return segno.make(short_url(identifier), error="m", micro=False)


@require_safe
def resolve_identifier(request, identifier):
    """/id/<identifier>: a tour or stop here; every other identifier goes to the catalogue's resolver."""
    identifier_upper = identifier.strip().upper()
    if TOUR_IDENTIFIER.match(identifier_upper) or STOP_IDENTIFIER.match(identifier_upper):
        url = find_target(identifier_upper, _visitor_language(request))
        if url is None:
            raise Http404("No published tour has this identifier.")
        response = redirect(url)
        response["Vary"] = "Accept-Language, Cookie"
        return response
    return resolve_record(request, identifier)


def _visitor_language(request):
    language = get_language_from_request(request)
    codes = {code for code, _name in settings.LANGUAGES}
    return language if language in codes else settings.LANGUAGE_CODE


def _label_or_404(identifier):
    identifier = identifier.strip().upper()
    if find_target(identifier, settings.LANGUAGE_CODE) is None:
        raise Http404("Nothing published has this identifier.")
    return identifier


@require_safe
@cache_control(public=True, max_age=86400)
def qr_svg(request, identifier):
    identifier = _label_or_404(identifier)
    buffer = io.BytesIO()
    qr_code(identifier).save(
        buffer, kind="svg", scale=4, border=4, title=short_url(identifier), svgclass=None, lineclass=None
    )
    return HttpResponse(buffer.getvalue(), content_type="image/svg+xml")


@require_safe
@cache_control(public=True, max_age=86400)
def qr_png(request, identifier):
    identifier = _label_or_404(identifier)
    buffer = io.BytesIO()
    qr_code(identifier).save(buffer, kind="png", scale=8, border=4)
    return HttpResponse(buffer.getvalue(), content_type="image/png")
