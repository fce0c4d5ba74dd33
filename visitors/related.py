"""Records related both ways, gathered for a record page: what a site holds and what holds it."""

from django.utils.translation import get_language

from catalogue.models import ArtefactPage, DocumentaryPage, IntangiblePage, SitePage

from .geo import visit_location
from .models import Tour, TourStop


def _localized_live(pages):
    seen, result = set(), []
    for page in pages:
        if page.translation_key in seen:
            continue
        seen.add(page.translation_key)
        localized = page.localized
        if localized.live:
            result.append(localized)
    return result


def _tours_stopping_at(page):
    stops = TourStop.objects.filter(
        record__translation_key=page.translation_key, tour__published=True
    ).select_related("tour")
    tours = {stop.tour_id: stop.tour for stop in stops}
    language = get_language()
    return [{"tour": tour, "picked": tour.text(language)} for tour in tours.values()]


def related_for_record(page):
    """Sections of related records for ``page``; empty lists are left out by the template."""
    if page is None or not getattr(page, "translation_key", None):
        return {}
    result = {"tours": _tours_stopping_at(page)}
    # Records answer for themselves: a site is what can contain other sites (part_of).
    if hasattr(page, "part_of_id"):
        versions = SitePage.objects.filter(translation_key=page.translation_key)
        artefacts = _localized_live(
            ArtefactPage.objects.published()
            .filter(findspot__in=versions)
            .select_related("holding_institution")
        )
        result["artefacts"] = [
            {"page": a, "institution": a.holding_institution, "held_at": visit_location(a)} for a in artefacts
        ]
        result["intangible"] = _localized_live(
            IntangiblePage.objects.published().filter(related_sites__in=versions)
        )
        result["documents"] = _localized_live(
            DocumentaryPage.objects.published().filter(about_sites__in=versions).order_by("identifier")
        )
        result["inside"] = sorted(
            _localized_live(SitePage.objects.published().filter(part_of__in=versions)), key=lambda p: p.title
        )
        if page.part_of_id and page.part_of.live:
            result["part_of"] = page.part_of.localized
    elif page.held_at is not None:
        result["held_by"] = page.held_at
        result["held_at"] = visit_location(page)
        result["institution_tours"] = [
            {"tour": tour, "picked": tour.text(get_language())}
            for tour in Tour.objects.published().filter(institution=page.held_at)
        ]
    return result
