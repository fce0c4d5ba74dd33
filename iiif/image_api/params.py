"""Parsing of IIIF Image API 3.0 request parameters (region, size, rotation, quality, format).

Pure Python: no Django, no pyvips. Every parse function either returns a resolved, validated value
or raises an ``IIIFError`` (``BadRequest`` → 400, ``NotImplementedFeature`` → 501); no other
exception escapes for any input string.

Numbers (spec §4 and §4.7 "Floating Point Values"): pixel values are ASCII digits only; percentages
and rotation are ASCII digits with at most one "." (``5``, ``5.5``, ``.5``, ``5.``). Signs,
exponents, whitespace, ``nan``/``inf`` and values above 10**9 are rejected with 400.

Rounding rules (the spec leaves them to the implementation):

* ``pct:x,y,w,h`` regions convert each of the four values independently with round-half-even
  (Python's ``round``), computed exactly with fractions; w and h are then at least 1 px. This
  reproduces the spec's examples (``pct:41.6,7.5,40,70`` of 300×200 → ``125,15,120,140``).
* Sizes derived from the aspect ratio (``w,``, ``,h``, ``pct:n``, ``!w,h``, ``max``) use
  round-half-up; ``w,`` and ``,h`` clamp the derived side to at least 1 px, while ``pct:n``
  rejects a result with a 0 px side.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

QUALITIES = ("default", "color", "gray", "bitonal")
FORMATS = {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp"}
# Formats the spec defines but this server does not produce: 501, not 400, so clients can tell a
# missing feature from a typo.
UNSUPPORTED_FORMATS = ("tif", "gif", "jp2", "pdf")

MAX_NUMBER = 10**9
# Long enough for the canonical form of any float rotation (tiny floats print as 0.000…ddd), short
# enough that nobody can make us chew on megabytes of digits.
MAX_PARAM_LENGTH = 1024

_INT_RE = re.compile(r"[0-9]+")
_DEC_RE = re.compile(r"[0-9]+\.?[0-9]*|\.[0-9]+")
_QUALITY_FORMAT_RE = re.compile(r"([a-z]+)\.([a-z0-9]+)")


class IIIFError(Exception):
    """A request the image service must refuse; ``status`` is the HTTP status to answer with."""

    status = 500

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class BadRequest(IIIFError):
    status = 400


class NotImplementedFeature(IIIFError):
    status = 501


@dataclass(frozen=True)
class Region:
    """A region in absolute pixels, always non-empty and inside the image."""

    x: int
    y: int
    w: int
    h: int


@dataclass(frozen=True)
class Size:
    """The output size; ``upscale`` is True when either side exceeds the region's."""

    w: int
    h: int
    upscale: bool


@dataclass(frozen=True)
class Rotation:
    """Clockwise degrees in [0, 360) applied after mirroring (when ``mirror``)."""

    degrees: float
    mirror: bool


def _check_length(text: str, what: str) -> None:
    if not text or len(text) > MAX_PARAM_LENGTH:
        raise BadRequest(f"Invalid {what} parameter.")


def _parse_int(token: str, what: str) -> int:
    """A non-negative integer of ASCII digits, at most MAX_NUMBER."""
    # fullmatch, not match with "$": "$" would also accept a trailing newline.
    if not _INT_RE.fullmatch(token):
        raise BadRequest(f"Invalid {what}: {token!r} is not a non-negative integer.")
    # Check the digit count before int() so huge strings never reach the int parser.
    if len(token.lstrip("0")) > len(str(MAX_NUMBER)) or int(token) > MAX_NUMBER:
        raise BadRequest(f"Invalid {what}: {token!r} is too large.")
    return int(token)


def _parse_decimal(token: str, what: str) -> Fraction:
    """A non-negative decimal number (digits and one optional "."), exact, at most MAX_NUMBER."""
    if not _DEC_RE.fullmatch(token):
        raise BadRequest(f"Invalid {what}: {token!r} is not a non-negative decimal number.")
    if len(token.split(".")[0].lstrip("0")) > len(str(MAX_NUMBER)):
        raise BadRequest(f"Invalid {what}: {token!r} is too large.")
    value = Fraction(token)
    if value > MAX_NUMBER:
        raise BadRequest(f"Invalid {what}: {token!r} is too large.")
    return value


def _round_half_up(value: Fraction) -> int:
    return (2 * value.numerator + value.denominator) // (2 * value.denominator)


def parse_region(text: str, width: int, height: int) -> Region:
    """Resolve a region parameter (spec §4.1) against a ``width``×``height`` image.

    ``full``; ``square`` (the centred square of side min(width, height)); ``x,y,w,h`` in pixels
    (w, h > 0); ``pct:x,y,w,h`` in percent (w, h > 0, round-half-even, at least 1 px). A region
    reaching past the image is cropped to it; one starting outside it (x >= width or
    y >= height after conversion) is a 400.
    """
    _check_length(text, "region")
    if text == "full":
        return Region(0, 0, width, height)
    if text == "square":
        side = min(width, height)
        return Region((width - side) // 2, (height - side) // 2, side, side)
    if text.startswith("pct:"):
        parts = text[4:].split(",")
        if len(parts) != 4:
            raise BadRequest("Invalid region: expected pct:x,y,w,h.")
        px, py, pw, ph = (_parse_decimal(p, "region") for p in parts)
        if pw == 0 or ph == 0:
            raise BadRequest("Invalid region: width and height must be greater than zero.")
        x, y = round(px * width / 100), round(py * height / 100)
        w, h = max(1, round(pw * width / 100)), max(1, round(ph * height / 100))
    else:
        parts = text.split(",")
        if len(parts) != 4:
            raise BadRequest("Invalid region: expected full, square, x,y,w,h or pct:x,y,w,h.")
        x, y, w, h = (_parse_int(p, "region") for p in parts)
        if w == 0 or h == 0:
            raise BadRequest("Invalid region: width and height must be greater than zero.")
    if x >= width or y >= height:
        raise BadRequest("Invalid region: it lies entirely outside the image.")
    return Region(x, y, min(w, width - x), min(h, height - y))


def _best_fit(rw: int, rh: int, cap_w: int, cap_h: int, cap_area: int) -> tuple[int, int]:
    """The largest size with the region's aspect ratio within cap_w × cap_h and cap_area.

    The longer side is chosen and the shorter one derived from it (round-half-up, at least 1), so
    feasibility is monotonic in the longer side and a binary search finds the exact maximum without
    any floating point. All caps must be at least 1, which makes 1 px always feasible.
    """
    if rw < rh:
        h, w = _best_fit(rh, rw, cap_h, cap_w, cap_area)
        return w, h

    def derived(w: int) -> int:
        return max(1, _round_half_up(Fraction(w * rh, rw)))

    lo, hi = 1, cap_w
    while lo < hi:
        mid = (lo + hi + 1) // 2
        h = derived(mid)
        if h <= cap_h and mid * h <= cap_area:
            lo = mid
        else:
            hi = mid - 1
    return lo, derived(lo)


def max_size(
    region: Region, max_width: int, max_height: int, max_area: int, upscale: bool = False
) -> tuple[int, int]:
    """The size ``max`` (or ``^max`` when ``upscale``) resolves to for ``region``."""
    if upscale:
        return _best_fit(region.w, region.h, max_width, max_height, max_area)
    return _best_fit(region.w, region.h, min(max_width, region.w), min(max_height, region.h), max_area)


def parse_size(text: str, region: Region, max_width: int, max_height: int, max_area: int) -> Size:
    """Resolve a size parameter (spec §4.2) for an already resolved ``region``.

    ``max``/``^max`` and ``!w,h``/``^!w,h`` fit inside the server limits by construction; every
    other form that ends up above max_width, max_height or max_area is a 400, as is any form
    without ``^`` whose result is larger than the region in either dimension, ``pct:n`` with
    n > 100 without ``^``, and any explicit or percentage-derived side of 0 px.
    """
    _check_length(text, "size")
    caret = text.startswith("^")
    body = text[1:] if caret else text
    rw, rh = region.w, region.h
    if body == "max":
        w, h = max_size(region, max_width, max_height, max_area, upscale=caret)
    elif body.startswith("pct:"):
        n = _parse_decimal(body[4:], "size")
        if n == 0:
            raise BadRequest("Invalid size: the percentage must be greater than zero.")
        if n > 100 and not caret:
            raise BadRequest("Invalid size: percentages above 100 need the ^ prefix.")
        w, h = _round_half_up(rw * n / 100), _round_half_up(rh * n / 100)
        if w == 0 or h == 0:
            raise BadRequest("Invalid size: the scaled image would be less than 1 pixel.")
    else:
        confined = body.startswith("!")
        parts = body[1:].split(",") if confined else body.split(",")
        if len(parts) != 2 or not any(parts) or (confined and not all(parts)):
            raise BadRequest("Invalid size: expected max, w,, ,h, pct:n, w,h or !w,h.")
        w = _parse_int(parts[0], "size") if parts[0] else None
        h = _parse_int(parts[1], "size") if parts[1] else None
        if w == 0 or h == 0:
            raise BadRequest("Invalid size: width and height must be greater than zero.")
        if confined:
            cap_w, cap_h = min(w, max_width), min(h, max_height)
            if not caret:
                # A box wider and taller than the region asks for an enlargement: 400 without ^.
                # (The 3.0 text would cap it at the region; the official validator's size_noup
                # test, like Image API 2, requires the error, and clients never rely on the cap.)
                if w > rw and h > rh:
                    raise BadRequest("Invalid size: !w,h larger than the region; use ^ to upscale.")
                cap_w, cap_h = min(cap_w, rw), min(cap_h, rh)
            w, h = _best_fit(rw, rh, cap_w, cap_h, max_area)
        elif h is None:
            h = max(1, _round_half_up(Fraction(w * rh, rw)))
        elif w is None:
            w = max(1, _round_half_up(Fraction(h * rw, rh)))
    upscale = w > rw or h > rh
    if upscale and not caret:
        raise BadRequest("Invalid size: larger than the region; use the ^ prefix to upscale.")
    if w > max_width or h > max_height or w * h > max_area:
        raise BadRequest("Invalid size: larger than the server allows (maxWidth/maxHeight/maxArea).")
    return Size(w, h, upscale)


def parse_rotation(text: str) -> Rotation:
    """Resolve ``n`` or ``!n`` (spec §4.3), 0 <= n <= 360; 360 is normalised to 0."""
    _check_length(text, "rotation")
    mirror = text.startswith("!")
    value = _parse_decimal(text[1:] if mirror else text, "rotation")
    if value > 360:
        raise BadRequest("Invalid rotation: must be between 0 and 360.")
    degrees = float(value)
    # float() can round 359.9999999999999999 up to 360.0; both mean "no rotation".
    return Rotation(0.0 if degrees >= 360 else degrees, mirror)


def parse_quality_format(text: str) -> tuple[str, str]:
    """Split ``{quality}.{format}`` (spec §4.4, §4.5).

    Unknown quality or malformed text → 400; a spec format this server does not produce
    (``UNSUPPORTED_FORMATS``) → 501; any other format → 400.
    """
    match = _QUALITY_FORMAT_RE.fullmatch(text) if len(text) <= MAX_PARAM_LENGTH else None
    if match is None:
        raise BadRequest("Invalid quality and format: expected {quality}.{format}.")
    quality, fmt = match.groups()
    if quality not in QUALITIES:
        raise BadRequest(f"Invalid quality: {quality!r}.")
    if fmt in FORMATS:
        return quality, fmt
    if fmt in UNSUPPORTED_FORMATS:
        raise NotImplementedFeature(f"The format {fmt!r} is not supported.")
    raise BadRequest(f"Invalid format: {fmt!r}.")


def _format_degrees(degrees: float) -> str:
    if degrees.is_integer():
        return str(int(degrees))
    # repr gives the shortest round-tripping digits; Decimal prints them without an exponent.
    return format(Decimal(repr(degrees)), "f")


@dataclass(frozen=True)
class ImageRequest:
    """A fully resolved image request."""

    region: Region
    size: Size
    rotation: Rotation
    quality: str
    format: str

    def canonical_path(
        self,
        width: int,
        height: int,
        *,
        max_width: int | None = None,
        max_height: int | None = None,
        max_area: int | None = None,
    ) -> str:
        """``{region}/{size}/{rotation}/{quality}.{format}`` in canonical form (spec §4.8).

        ``max``/``^max`` depend on the server limits; without them the limits are taken as
        unbounded, so ``max`` means "the region's own size" and ``^max`` is never produced.
        The result parses (with the same limits) back to an equal ``ImageRequest``.
        """
        r, s = self.region, self.size
        region = "full" if r == Region(0, 0, width, height) else f"{r.x},{r.y},{r.w},{r.h}"
        limited = None not in (max_width, max_height, max_area)
        largest = max_size(r, max_width, max_height, max_area) if limited else (r.w, r.h)
        if not s.upscale and (s.w, s.h) == largest:
            size = "max"
        elif s.upscale and limited and (s.w, s.h) == max_size(r, max_width, max_height, max_area, True):
            size = "^max"
        else:
            size = f"{'^' if s.upscale else ''}{s.w},{s.h}"
        rotation = ("!" if self.rotation.mirror else "") + _format_degrees(self.rotation.degrees)
        return f"{region}/{size}/{rotation}/{self.quality}.{self.format}"


def parse_request(
    region: str,
    size: str,
    rotation: str,
    quality_format: str,
    *,
    width: int,
    height: int,
    max_width: int,
    max_height: int,
    max_area: int,
) -> ImageRequest:
    """Parse the four path segments of an image request; the first invalid one raises."""
    parsed_region = parse_region(region, width, height)
    parsed_size = parse_size(size, parsed_region, max_width, max_height, max_area)
    parsed_rotation = parse_rotation(rotation)
    quality, fmt = parse_quality_format(quality_format)
    return ImageRequest(parsed_region, parsed_size, parsed_rotation, quality, fmt)


def pyramid_scale_factors(width: int, height: int, tile_size: int) -> list[int]:
    """The scale factors of a libvips ``dzsave(layout="iiif3")`` pyramid.

    libvips halves the image (rounding up) until it fits in a single tile, so the factors are
    1, 2, 4, … up to the first s with ceil(width/s) <= tile_size and ceil(height/s) <= tile_size.
    """
    factors = [1]
    while -(-width // factors[-1]) > tile_size or -(-height // factors[-1]) > tile_size:
        factors.append(factors[-1] * 2)
    return factors


def is_tile_request(req: ImageRequest, width: int, height: int, tile_size: int) -> int | None:
    """The scale factor of the libvips iiif3 tile ``req`` asks for, or None if it is not one.

    A tile at scale s covers the full-resolution grid cell of side T = tile_size*s at (x, y),
    x and y multiples of T, cropped to the image, and is scaled to (ceil(w/s), ceil(h/s)) — the
    ceiling matches how libvips rounds each halving. Only rotation 0 without mirroring, quality
    default/color and format jpg qualify. When a 1 px wide/high edge cell is identical at two
    scales (libvips writes both to one file), the smallest s is returned.
    """
    r, s = req.region, req.size
    if req.rotation != Rotation(0.0, False) or req.quality not in ("default", "color"):
        return None
    if req.format != "jpg":
        return None
    for scale in pyramid_scale_factors(width, height, tile_size):
        cell = tile_size * scale
        if r.x % cell or r.y % cell:
            continue
        if (r.w, r.h) != (min(cell, width - r.x), min(cell, height - r.y)):
            continue
        if (s.w, s.h) == (-(-r.w // scale), -(-r.h // scale)):
            return scale
    return None


def tile_file_path(req: ImageRequest, width: int, height: int, tile_size: int) -> str | None:
    """The path, relative to the pyramid directory, of the libvips iiif3 tile file for ``req``.

    Differs from ``canonical_path``: libvips always names the size ``w,h`` (never ``max``, even
    for full-resolution tiles) and always writes ``default.jpg``. None when ``req`` is no tile.
    """
    if is_tile_request(req, width, height, tile_size) is None:
        return None
    r = req.region
    region = "full" if r == Region(0, 0, width, height) else f"{r.x},{r.y},{r.w},{r.h}"
    return f"{region}/{req.size.w},{req.size.h}/0/default.jpg"
