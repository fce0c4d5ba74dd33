"""What the map page shows besides the sites: legend, filter choices, and the script's settings."""

import json
from functools import cache
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from catalogue.models.places import FORMER_DISTRICTS
from catalogue.models.sites import Ranking, SiteCategory

# Colour and size per ranking: the colours stay apart for the common colour-vision deficiencies
# (Okabe–Ito palette) and the size repeats the order, so the legend reads without colour too.
RANKING_STYLE = {
    Ranking.WORLD_HERITAGE: ("#D55E00", 26),
    Ranking.BIOSPHERE_RESERVE: ("#56B4E9", 24),
    Ranking.SPECIAL_NATIONAL: ("#CC79A7", 22),
    Ranking.NATIONAL: ("#0072B2", 18),
    Ranking.PROVINCIAL: ("#009E73", 15),
    Ranking.INVENTORIED: ("#6b6b6b", 12),
    Ranking.NOT_RANKED: ("#E69F00", 10),
}
OUTLINE_FILE = Path(__file__).parent / "data" / "province_outline.geojson"


@cache
def province_outline():
    """The bundled outline of the former Quảng Nam province (see data/build_outline.py)."""
    return json.loads(OUTLINE_FILE.read_text(encoding="utf-8"))


def legend_entries():
    return [
        {"value": value, "label": label, "colour": RANKING_STYLE[value][0], "size": RANKING_STYLE[value][1]}
        for value, label in Ranking.choices
    ]


def filter_options(filters):
    """(name, label, [(value, label, selected)]) for each filter of the page's form."""
    groups = [
        ("ranking", _("Ranking"), Ranking.choices),
        ("category", _("Category"), SiteCategory.choices),
        ("district", _("Former district"), FORMER_DISTRICTS),
    ]
    return [
        (name, label, [(value, str(text), value in getattr(filters, name)) for value, text in choices])
        for name, label, choices in groups
    ]


def map_config(data_url, zones_url, exact):
    """Settings the map script reads from the page (a json_script block)."""
    return {
        "dataUrl": data_url,
        "zonesUrl": zones_url,
        "exact": exact,
        "tiles": {
            "url": settings.RELIC_MAP_TILE_URL,
            "attribution": settings.RELIC_MAP_TILE_ATTRIBUTION,
            "maxZoom": settings.RELIC_MAP_MAX_ZOOM,
        },
        "zonesMinZoom": 14,
        "outline": province_outline(),
        "styles": {
            str(value): {"colour": colour, "size": size} for value, (colour, size) in RANKING_STYLE.items()
        },
        "text": {
            "open": _("Open the record"),
            "nearMe": _("Near me"),
            "locating": _("Finding where you are…"),
            "located": _("Nearest sites to you"),
            "denied": _("Location is not available: allow it in the browser, or look at the list below."),
            "unavailable": _("Your location could not be found."),
            "noTiles": _("The base map cannot be loaded (no connection?): the province outline is shown."),
            "loadFailed": _("The sites could not be loaded; the list below still works."),
            "approximate": _("Approximate location"),
            "shown": _("%(count)s sites shown"),
            "you": _("You are here"),
            "km": _("%(distance)s km"),
            "m": _("%(distance)s m"),
        },
    }
