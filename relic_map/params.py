"""Parsing the filters of a map request. Pure: no Django, tested on its own.

``ranking``, ``category`` and ``district`` each take one or more values, repeated or
comma-separated (values of one filter are alternatives; different filters must all hold);
``bbox=west,south,east,north`` (the GeoJSON order); ``lang`` the language of names and links.
"""

from dataclasses import dataclass

FILTER_NAMES = ("ranking", "category", "district")
MAX_VALUES = 30


class ParameterError(ValueError):
    """A parameter that cannot be understood; ``param`` names it, ``reason`` says why (a code)."""

    def __init__(self, param, reason, allowed=()):
        super().__init__(f"{param}: {reason}")
        self.param = param
        self.reason = reason
        self.allowed = tuple(allowed)


@dataclass(frozen=True)
class MapFilters:
    ranking: frozenset = frozenset()
    category: frozenset = frozenset()
    district: frozenset = frozenset()
    bbox: tuple | None = None  # (west, south, east, north)
    language: str = "vi"

    def cache_key(self):
        """A string naming these filters, the same for the same filters in any order."""
        parts = [",".join(sorted(getattr(self, name))) for name in FILTER_NAMES]
        return "|".join([*parts, ",".join(map(str, self.bbox or ())), self.language])

    def keeps(self, ranking, category, district):
        """Whether a site with these values passes the filters (the bbox is checked elsewhere)."""
        return (
            (not self.ranking or ranking in self.ranking)
            and (not self.category or category in self.category)
            and (not self.district or district in self.district)
        )


def _values(query, name, allowed):
    values = set()
    for raw in query.get(name, []):
        values.update(value.strip() for value in raw.split(",") if value.strip())
    if len(values) > MAX_VALUES:
        raise ParameterError(name, "too_many_values", (str(MAX_VALUES),))
    unknown = values - set(allowed)
    if unknown:
        raise ParameterError(name, "unknown", allowed)
    return frozenset(values)


def _bbox(raw):
    parts = raw.split(",")
    if len(parts) != 4:
        raise ParameterError("bbox", "wrong_count")
    try:
        west, south, east, north = (float(part) for part in parts)
    except ValueError:
        raise ParameterError("bbox", "not_a_number") from None
    if not all(-180 <= lon <= 180 for lon in (west, east)) or not all(
        -90 <= lat <= 90 for lat in (south, north)
    ):
        raise ParameterError("bbox", "out_of_range")
    if west > east or south > north:
        raise ParameterError("bbox", "inverted")
    return west, south, east, north


def parse_map_filters(query, allowed, languages, default_language):
    """MapFilters from ``query`` (a mapping of name → list of strings, like Django's QueryDict.lists()).

    ``allowed`` maps each filter name to its valid values; ``languages`` lists the valid ``lang``
    codes. Raises ParameterError naming the first parameter that cannot be used.
    """
    filters = {name: _values(query, name, allowed[name]) for name in FILTER_NAMES}
    raw_bbox = (query.get("bbox") or [""])[-1].strip()
    language = (query.get("lang") or [default_language])[-1].strip() or default_language
    if language not in languages:
        raise ParameterError("lang", "unknown", languages)
    return MapFilters(**filters, bbox=_bbox(raw_bbox) if raw_bbox else None, language=language)
