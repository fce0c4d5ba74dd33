"""Parsing the parameters of a search request. Pure: no Django, tested on its own.

``q`` the words; one parameter per facet (repeatable: values of one facet are alternatives,
different facets must all hold); ``sort`` relevance | date | -date | title | distance;
``page`` and ``size``; ``bbox=west,south,east,north`` (the GeoJSON order a map gives);
``near=lat,lon`` with ``km`` (default 10).
"""

import math
from dataclasses import dataclass, field

from .text import prepare_query

SORTS = ("relevance", "date", "-date", "title", "distance")
MAX_PAGE_SIZE = 50
DEFAULT_PAGE_SIZE = 20
MAX_PAGE = 500
MAX_VALUES_PER_FACET = 20
DEFAULT_NEAR_KM = 10.0
MAX_NEAR_KM = 500.0


class ParameterError(ValueError):
    """A parameter that cannot be understood; ``param`` names it, ``reason`` says why (a code)."""

    def __init__(self, param, reason, limit=None):
        super().__init__(f"{param}: {reason}")
        self.param = param
        self.reason = reason
        self.limit = limit


@dataclass(frozen=True)
class SearchParams:
    query: object  # text.SearchText
    raw_query: str = ""
    filters: dict = field(default_factory=dict)  # facet name → tuple of values
    sort: str = "relevance"
    page: int = 1
    size: int = DEFAULT_PAGE_SIZE
    bbox: tuple | None = None  # (west, south, east, north)
    near: tuple | None = None  # (latitude, longitude, km)

    @property
    def offset(self):
        return (self.page - 1) * self.size

    def area(self):
        """The (west, south, east, north) box results must fall in: ``bbox``, or the one around ``near``."""
        if self.bbox:
            return self.bbox
        if self.near:
            latitude, longitude, km = self.near
            d_lat = km / 111.32
            d_lon = km / (111.32 * max(math.cos(math.radians(latitude)), 0.01))
            return (longitude - d_lon, latitude - d_lat, longitude + d_lon, latitude + d_lat)
        return None


def _int(params, name, default, low, high):
    raw = params.get(name)
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ParameterError(name, "not_a_number") from None
    if not low <= value <= high:
        raise ParameterError(name, "out_of_range", (low, high))
    return value


def _floats(params, name, count):
    raw = params.get(name)
    if not raw:
        return None
    parts = raw.split(",")
    if len(parts) != count:
        raise ParameterError(name, "wrong_count", count)
    try:
        values = tuple(float(part) for part in parts)
    except ValueError:
        raise ParameterError(name, "not_a_number") from None
    if not all(math.isfinite(value) for value in values):
        raise ParameterError(name, "not_a_number")
    return values


def _check_point(name, latitude, longitude):
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise ParameterError(name, "out_of_range", ((-90, 90), (-180, 180)))


def parse_search_params(params, facet_names):
    """A :class:`SearchParams` from ``params`` (a mapping with ``get`` and ``getlist``).

    Raises :class:`ParameterError` or ``text.QueryError`` for what cannot be searched.
    """
    raw_query = params.get("q") or ""
    query = prepare_query(raw_query)
    filters = {}
    for name in facet_names:
        values = tuple(dict.fromkeys(value.strip() for value in params.getlist(name) if value.strip()))
        if len(values) > MAX_VALUES_PER_FACET:
            raise ParameterError(name, "too_many_values", MAX_VALUES_PER_FACET)
        if any(len(value) > 100 for value in values):
            raise ParameterError(name, "too_long", 100)
        if values:
            filters[name] = values
    near_given = bool(params.get("near"))
    sort = params.get("sort") or ("relevance" if query else "distance" if near_given else "title")
    if sort not in SORTS:
        raise ParameterError("sort", "unknown", SORTS)
    bbox = _floats(params, "bbox", 4)
    if bbox:
        west, south, east, north = bbox
        _check_point("bbox", south, west)
        _check_point("bbox", north, east)
        if south > north or west > east:
            raise ParameterError("bbox", "inverted")
    near = _floats(params, "near", 2)
    if near:
        _check_point("near", *near)
        try:
            km = float(params.get("km") or DEFAULT_NEAR_KM)
        except ValueError:
            raise ParameterError("km", "not_a_number") from None
        if not 0 < km <= MAX_NEAR_KM:
            raise ParameterError("km", "out_of_range", (0, MAX_NEAR_KM))
        near = (near[0], near[1], km)
    if sort == "distance" and not near:
        raise ParameterError("sort", "distance_needs_near")
    return SearchParams(
        query=query,
        raw_query=raw_query,
        filters=filters,
        sort=sort,
        page=_int(params, "page", 1, 1, MAX_PAGE),
        size=_int(params, "size", DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE),
        bbox=bbox,
        near=near,
    )
