"""Cutting any IIIF image request from a published pyramid with pyvips.

Requests that are not exactly a pyramid tile are assembled from the tiles of the coarsest level
that still has enough pixels, so a thumbnail of a 300-megapixel scan reads a handful of small
JPEGs instead of decoding the master.
"""

import math

import pyvips

from .params import ImageRequest, Region, Rotation, Size, tile_file_path

SAVE_OPTIONS = {
    "jpg": ("jpegsave_buffer", {"Q": 85, "optimize_coding": True, "keep": "none"}),
    "png": ("pngsave_buffer", {"compression": 6, "keep": "none"}),
    "webp": ("webpsave_buffer", {"Q": 80, "keep": "none"}),
}


def choose_scale(region, size, scale_factors):
    """The largest pyramid scale factor whose level still has at least the requested pixels."""
    usable = [s for s in scale_factors if region.w / s >= size.w and region.h / s >= size.h]
    return max(usable, default=1)


def read_level_region(pyramid_dir, width, height, tile_size, scale, region):
    """The region at pyramid scale ``scale`` (about region / scale pixels), joined from tiles."""
    span = tile_size * scale
    columns = range(region.x // span, (region.x + region.w - 1) // span + 1)
    rows = range(region.y // span, (region.y + region.h - 1) // span + 1)
    tiles = []
    for row in rows:
        for column in columns:
            x, y = column * span, row * span
            w, h = min(span, width - x), min(span, height - y)
            tile = ImageRequest(
                Region(x, y, w, h),
                Size(math.ceil(w / scale), math.ceil(h / scale), False),
                Rotation(0.0, False),
                "default",
                "jpg",
            )
            relative = tile_file_path(tile, width, height, tile_size)
            tiles.append(pyvips.Image.new_from_file(str(pyramid_dir / relative), fail_on="error"))
    mosaic = tiles[0] if len(tiles) == 1 else pyvips.Image.arrayjoin(tiles, across=len(columns))
    origin_x, origin_y = columns.start * span, rows.start * span
    left = (region.x - origin_x) / scale
    top = (region.y - origin_y) / scale
    right = min((region.x + region.w - origin_x) / scale, mosaic.width)
    bottom = min((region.y + region.h - origin_y) / scale, mosaic.height)
    x0, y0 = math.floor(left), math.floor(top)
    return mosaic.crop(x0, y0, max(1, math.ceil(right) - x0), max(1, math.ceil(bottom) - y0))


def _exact_size(image, width, height):
    """Resize to exactly width × height (resize rounds each axis on its own)."""
    image = image.resize(width / image.width, vscale=height / image.height, kernel="lanczos3")
    if (image.width, image.height) != (width, height):
        image = image.gravity("north-west", width, height, extend="copy")
    return image


def apply_rotation(image, rotation):
    if rotation.mirror:
        image = image.fliphor()
    degrees = rotation.degrees % 360
    if degrees % 90 == 0:
        return image.rot(f"d{int(degrees)}") if degrees else image
    # Arbitrary angles enlarge the canvas; the corners are white, like the page around a scan.
    return image.rotate(degrees, background=[255, 255, 255])


def apply_quality(image, quality):
    if quality == "gray":
        return image.colourspace("b-w")
    if quality == "bitonal":
        return (image.colourspace("b-w") > 127).ifthenelse(255, 0).cast("uchar")
    return image


def render(pyramid_dir, info, request):
    """Encode ``request`` (a parsed ImageRequest) from the pyramid described by ``info``; return bytes."""
    tiles = info["tiles"][0]
    width, height = info["width"], info["height"]
    scale = choose_scale(request.region, request.size, tiles["scaleFactors"])
    image = read_level_region(pyramid_dir, width, height, tiles["width"], scale, request.region)
    image = _exact_size(image, request.size.w, request.size.h)
    image = apply_quality(apply_rotation(image, request.rotation), request.quality)
    saver, options = SAVE_OPTIONS[request.format]
    return getattr(image, saver)(**options)
