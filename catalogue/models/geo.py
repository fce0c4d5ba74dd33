"""Validation of coordinates and GeoJSON polygons (RFC 7946: positions are [longitude, latitude])."""

import hashlib
import math
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def validate_point(latitude, longitude):
    """Return a dict of field errors for a site's point; empty when valid.

    Both coordinates or neither; each in range; inside the heritage region (a point outside it is
    nearly always a slip such as swapped latitude and longitude, and the message says so).
    """
    if latitude is None and longitude is None:
        return {}
    if latitude is None or longitude is None:
        missing = "latitude" if latitude is None else "longitude"
        return {missing: _("Give both latitude and longitude, or neither.")}
    errors = {}
    south, west, north, east = settings.HERITAGE_REGION_BBOX
    swapped = south <= float(longitude) <= north and west <= float(latitude) <= east
    hint = " " + _("Latitude and longitude look swapped.") if swapped else ""
    if not Decimal(-90) <= Decimal(latitude) <= Decimal(90):
        # 108.3 as a latitude is Quảng Nam's longitude typed in the wrong box: say so.
        errors["latitude"] = _("Latitude must be between -90 and 90 degrees.") + hint
    if not Decimal(-180) <= Decimal(longitude) <= Decimal(180):
        errors["longitude"] = _("Longitude must be between -180 and 180 degrees.")
    if errors:
        return errors
    if not (south <= float(latitude) <= north and west <= float(longitude) <= east):
        errors["latitude"] = _(
            "The point %(lat)s, %(lon)s lies outside the heritage region (latitude %(south)s–%(north)s, "
            "longitude %(west)s–%(east)s).%(hint)s"
        ) % {
            "lat": latitude,
            "lon": longitude,
            "south": south,
            "north": north,
            "west": west,
            "east": east,
            "hint": hint,
        }
    return errors


def _check_ring(ring):
    if not isinstance(ring, list) or len(ring) < 4:
        raise ValidationError(_("Each polygon ring needs at least four positions."))
    for position in ring:
        if (
            not isinstance(position, list | tuple)
            or len(position) < 2
            or not all(isinstance(c, int | float) and not isinstance(c, bool) for c in position[:2])
        ):
            raise ValidationError(_("Each position must be [longitude, latitude] in numbers."))
        lon, lat = position[0], position[1]
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            raise ValidationError(
                _("Position [%(lon)s, %(lat)s] is out of range; GeoJSON puts longitude first.")
                % {"lon": lon, "lat": lat}
            )
    if list(ring[0][:2]) != list(ring[-1][:2]):
        raise ValidationError(_("A polygon ring must end where it starts."))


def validate_polygon_geojson(value):
    """Accept a GeoJSON Polygon or MultiPolygon geometry (or a Feature holding one); raise otherwise."""
    if value in (None, "", {}):
        return
    if not isinstance(value, dict):
        raise ValidationError(_("Enter a GeoJSON object."))
    geometry = value.get("geometry") if value.get("type") == "Feature" else value
    if not isinstance(geometry, dict) or geometry.get("type") not in ("Polygon", "MultiPolygon"):
        raise ValidationError(_("Enter a GeoJSON Polygon or MultiPolygon."))
    coordinates = geometry.get("coordinates")
    polygons = [coordinates] if geometry["type"] == "Polygon" else coordinates
    if not isinstance(polygons, list) or not polygons:
        raise ValidationError(_("The polygon has no coordinates."))
    for polygon in polygons:
        if not isinstance(polygon, list) or not polygon:
            raise ValidationError(_("The polygon has no coordinates."))
        for ring in polygon:
            _check_ring(ring)


GENERALISED_MIN_KM, GENERALISED_MAX_KM = 2.5, 4.5
# The offset's direction keeps 15° away from north, south, east and west, so that neither
# coordinate stays close to the truth: each moves by at least 2.5 km × sin 15° ≈ 650 m (0.006°),
# and the exact latitude or longitude never shows even to three decimals.
GENERALISED_AXIS_MARGIN_DEGREES = 15
_KM_PER_DEGREE = 111.32


def generalised_point(latitude, longitude, seed):
    """A stand-in for a sensitive site's location: 2.5–4.5 km away from the truth, in a direction
    and at a distance derived from ``seed`` (the identifier), rounded to 0.001°.

    Deterministic, so a looter cannot average many answers back to the true point; far enough
    that the true point is not within walking search of the published one; off both axes, so
    that neither coordinate alone gives the truth away.
    """
    digest = hashlib.sha256(f"generalise:{seed}".encode()).digest()
    quadrant = digest[0] % 4
    margin = GENERALISED_AXIS_MARGIN_DEGREES
    within = margin + (90 - 2 * margin) * int.from_bytes(digest[1:5], "big") / 2**32
    bearing = math.radians(quadrant * 90 + within)
    fraction = int.from_bytes(digest[5:9], "big") / 2**32
    distance_km = GENERALISED_MIN_KM + (GENERALISED_MAX_KM - GENERALISED_MIN_KM) * fraction
    latitude, longitude = float(latitude), float(longitude)
    d_lat = distance_km * math.cos(bearing) / _KM_PER_DEGREE
    d_lon = distance_km * math.sin(bearing) / (_KM_PER_DEGREE * math.cos(math.radians(latitude)))
    return round(latitude + d_lat, 3), round(longitude + d_lon, 3)
