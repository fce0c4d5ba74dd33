"""The info.json of an image service (IIIF Image API 3.0, section 5)."""

import math

CONTEXT = "http://iiif.io/api/image/3/context.json"
PROTOCOL = "http://iiif.io/api/image"
PROFILE = "level2"
# Beyond what level 2 already requires (see https://iiif.io/api/image/3.0/compliance/).
EXTRA_FORMATS = ["webp"]
EXTRA_QUALITIES = ["color", "gray", "bitonal"]
EXTRA_FEATURES = ["mirroring", "rotationArbitrary", "sizeUpscaling", "profileLinkHeader"]


def service_id(base_url, identifier):
    return f"{base_url}/iiif/3/{identifier}"


def level_size(width, height, scale):
    """Size of the whole image at a pyramid scale factor, as libvips' dzsave computes it."""
    return math.ceil(width / scale), math.ceil(height / scale)


def image_info(*, identifier, base_url, width, height, tile_size, scale_factors, max_area, max_width):
    """The info.json document: dimensions, tiles of the static pyramid, sizes, limits, features.

    ``sizes`` lists the whole image at each pyramid level that fits within ``max_area``, smallest
    first, so that clients can ask for a thumbnail the server cuts from a single small level.
    """
    sizes = []
    for scale in sorted(scale_factors, reverse=True):
        w, h = level_size(width, height, scale)
        if w * h <= max_area and max(w, h) <= max_width:
            sizes.append({"width": w, "height": h})
    return {
        "@context": CONTEXT,
        "id": service_id(base_url, identifier),
        "type": "ImageService3",
        "protocol": PROTOCOL,
        "profile": PROFILE,
        "width": width,
        "height": height,
        "maxArea": max_area,
        "maxWidth": max_width,
        "maxHeight": max_width,
        "sizes": sizes,
        "tiles": [{"width": tile_size, "height": tile_size, "scaleFactors": sorted(scale_factors)}],
        "extraFormats": EXTRA_FORMATS,
        "extraQualities": EXTRA_QUALITIES,
        "extraFeatures": EXTRA_FEATURES,
    }
