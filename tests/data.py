"""Test records built from the demo's sourced data (catalogue/demo/data), not re-typed per test file.

The demo data names a published source for every value; tests that need a real site take its
coordinates, ranking, category and former district from there, so every test file agrees on where
Mỹ Sơn or Chùa Cầu is.
"""

from decimal import Decimal
from functools import cache

from django.utils import translation

from catalogue.demo.loader import DemoLoader, load_json


@cache
def _sites():
    return {item["identifier"]: item for item in load_json("sites.json")}


def site_fields(demo_identifier, /, **overrides):
    """SitePage field values of the demo site ``demo_identifier`` (e.g. ``QN-DT-0002``, Mỹ Sơn).

    The identifier itself is not included (tests let the catalogue assign it unless they say so);
    ``overrides`` win.
    """
    item = _sites()[demo_identifier]
    values = {
        "title": item["title_vi"],
        "slug": item["slug_vi"],
        "ranking": item["ranking"],
        "category": item["category"],
        "latitude": None if item["latitude"] is None else Decimal(str(item["latitude"])),
        "longitude": None if item["longitude"] is None else Decimal(str(item["longitude"])),
        "former_district": _district(item.get("district_historical_vi")),
        "commune": item.get("commune_vi") or "",
        "sensitive": bool(item.get("sensitive")),
    }
    return {**values, **overrides}


def _district(name):
    # The loader matches the decision's district name against the English labels of the keys.
    with translation.override("en"):
        return DemoLoader.district_key(name)


MY_SON = "QN-DT-0002"
CHUA_CAU = "QN-DT-0003"
KHUONG_MY = "QN-DT-0006"
KY_ANH = "QN-DT-0011"
LAI_NGHI = "QN-DT-0013"


def point(identifier):
    """The demo site's latitude and longitude as SitePage field values."""
    fields = site_fields(identifier)
    return {"latitude": fields["latitude"], "longitude": fields["longitude"]}
