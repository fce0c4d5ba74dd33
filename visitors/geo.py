"""Distances and the place a visitor goes to for a record. Pure apart from reading the record."""

import itertools
from math import asin, cos, radians, sin, sqrt

EARTH_RADIUS_M = 6_371_000
WALKING_M_PER_MIN = 75  # 4.5 km/h, an unhurried walk in the heat with stops to look


def haversine_m(a, b):
    lat1, lon1, lat2, lon2 = map(radians, (*a, *b))
    h = sin((lat2 - lat1) / 2) ** 2 + cos(lat1) * cos(lat2) * sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_M * asin(sqrt(h))


def path_length_m(points):
    return sum(haversine_m(a, b) for a, b in itertools.pairwise(points))


def walking_minutes(metres):
    return max(1, round(metres / WALKING_M_PER_MIN)) if metres else 0


def visit_location(page):
    """(lat, lon) where a visitor can see the record, or None.

    A site: its public point (generalised when sensitive). An artefact or a document: the place of
    the institution that holds it now (``held_at``) — the findspot is where it was found, a
    different fact.
    """
    held = page.held_at
    if held is not None:
        return held.location
    return page.public_point() if page.on_map else None
