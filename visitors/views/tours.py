"""Public tour pages: the list, one tour with all its stops, and one stop (the audio-guide screen)."""

from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language, override
from django.views.decorators.http import require_safe

from ..geo import walking_minutes
from ..models import Tour
from ..models.languages import VISITOR_LANGUAGES


def _alternates(obj):
    return {code: obj.get_url(code) for code, _name in VISITOR_LANGUAGES}


def _stop_title(stop, language):
    picked = stop.text(language)
    return picked.text.title if picked.text else stop.identifier


def _stop_entries(stops, language):
    entries = []
    for stop in stops:
        picked = stop.text(language)
        entries.append({"stop": stop, "picked": picked, "text": picked.text, "page": stop.record_page()})
    return entries


@require_safe
def tour_list(request):
    language = get_language()
    tours = [
        {"tour": tour, "picked": tour.text(language), "stop_count": tour.stops.count()}
        for tour in Tour.objects.published().prefetch_related("texts")
    ]
    alternates = {}
    for code, _name in VISITOR_LANGUAGES:
        with override(code):
            alternates[code] = reverse("visitors:tours")
    return render(request, "visitors/tour_list.html", {"tours": tours, "language_alternates": alternates})


def _published_tour(slug):
    return get_object_or_404(Tour.objects.published().prefetch_related("texts"), slug=slug)


@require_safe
def tour_page(request, slug):
    tour = _published_tour(slug)
    if "stop" in request.GET:
        return _keypad(request, tour)
    language = get_language()
    stops = tour.ordered_stops()
    points, metres = tour.route(stops)
    context = {
        "tour": tour,
        "picked": tour.text(language),
        "entries": _stop_entries(stops, language),
        "route": [
            {
                "n": stop.number,
                "lat": where[0],
                "lon": where[1],
                "title": _stop_title(stop, language),
                "url": stop.get_url(),
            }
            for stop, where in points
        ],
        "distance_m": round(metres),
        "walking_min": walking_minutes(metres) if tour.walking else None,
        "language_alternates": _alternates(tour),
        "keypad_error": request.GET.get("missing"),
        "tile_url": settings.RELIC_MAP_TILE_URL,
        "tile_attribution": settings.RELIC_MAP_TILE_ATTRIBUTION,
    }
    return render(request, "visitors/tour_page.html", context)


def _keypad(request, tour):
    """``?stop=12`` from the keypad form (works without JavaScript) → the stop's own page."""
    value = request.GET.get("stop", "").strip()
    if value.isdigit() and tour.stops.filter(number=int(value)).exists():
        return redirect(tour.stops.get(number=int(value)).get_url())
    return redirect(f"{tour.get_url()}?missing={value[:6]}#keypad")


def _narration_fallback(stop, language):
    """A stop read in a language without narration may still be heard in English or Vietnamese."""
    rows = {row.language: row for row in stop.texts.all() if row.audio_id}
    return rows.get("en") or rows.get("vi")


@require_safe
def stop_page(request, slug, number):
    tour = _published_tour(slug)
    stops = tour.ordered_stops()
    index = next((i for i, stop in enumerate(stops) if stop.number == number), None)
    if index is None:
        raise Http404("No such stop on this tour.")
    stop = stops[index]
    language = get_language()
    picked = stop.text(language)
    if picked.text is None:
        raise Http404("This stop has no text yet.")
    narration = picked.text if picked.text.audio_id else _narration_fallback(stop, language)
    context = {
        "narration": narration,
        "tour": tour,
        "tour_picked": tour.text(language),
        "stop": stop,
        "picked": picked,
        "text": picked.text,
        "page": stop.record_page(),
        "picture": stop.picture(),
        "previous": stops[index - 1] if index > 0 else None,
        "next": stops[index + 1] if index + 1 < len(stops) else None,
        "position": index + 1,
        "count": len(stops),
        "language_alternates": _alternates(stop),
    }
    return render(request, "visitors/stop_page.html", context)
