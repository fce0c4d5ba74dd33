"""Building an image's deep-zoom pyramid with libvips' dzsave, in one sequential pass."""

import json
import logging

import pyvips
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from images.models import HeritageImage, TilingStatus
from images.vips import to_srgb8

from . import storage
from .image_api.info import image_info

logger = logging.getLogger(__name__)

# Q85 keeps the validator's colours within 1 level. optimize_coding would make tiles ~5 % smaller
# but costs ~1.9x the tiling time of a plain dzsave (benchmarks/ingest_tiling.py); not worth it.
JPEG_TILE_OPTIONS = "[Q=85,keep=none]"


def open_upright_srgb(path):
    """Open a master for one sequential pass, normalised to upright 8-bit sRGB.

    Truncated or corrupt data fails the pass (``fail_on="truncated"``) instead of producing grey
    tiles.
    """
    return to_srgb8(pyvips.Image.new_from_file(str(path), access="sequential", fail_on="truncated"))


def build_pyramid(image):
    """Tile ``image``'s master into a staging folder, then publish it; returns the info dict.

    Raises pyvips.Error or OSError on failure, after removing its staging folder.
    """
    staging = storage.new_staging_dir(image.iiif_identifier)
    try:
        upright = open_upright_srgb(image.file.path)
        upright.dzsave(
            str(staging / "pyramid"),
            layout="iiif3",
            tile_size=settings.IIIF_TILE_SIZE,
            overlap=0,
            suffix=".jpg" + JPEG_TILE_OPTIONS,
            keep="none",
        )
        produced = json.loads((staging / "pyramid" / storage.INFO_JSON).read_text())
        info = image_info(
            identifier=image.iiif_identifier,
            base_url=settings.PUBLIC_BASE_URL,
            width=produced["width"],
            height=produced["height"],
            tile_size=settings.IIIF_TILE_SIZE,
            scale_factors=produced["tiles"][0]["scaleFactors"],
            max_area=settings.IIIF_MAX_AREA,
            max_width=settings.IIIF_MAX_WIDTH,
        )
        storage.publish(staging / "pyramid", image.iiif_identifier, info)
    finally:
        storage.discard(staging)
    return info


def tile_image(image_id):
    """Build and publish the pyramid of one image, recording pending → processing → ready | failed.

    Idempotent: running it again rebuilds and atomically replaces the pyramid. An image deleted in
    the meantime is ignored.
    """
    updated = HeritageImage.objects.filter(pk=image_id).update(
        tiling_status=TilingStatus.PROCESSING, tiling_error=""
    )
    if not updated:
        return None
    image = HeritageImage.objects.get(pk=image_id)
    try:
        info = build_pyramid(image)
    except (pyvips.Error, OSError, ValueError) as error:
        message = str(error).strip() or error.__class__.__name__
        logger.warning("Tiling image %s (%s) failed: %s", image_id, image.iiif_identifier, message)
        HeritageImage.objects.filter(pk=image_id).update(
            tiling_status=TilingStatus.FAILED, tiling_error=message[:2000]
        )
        return TilingStatus.FAILED
    with transaction.atomic():
        HeritageImage.objects.filter(pk=image_id).update(
            tiling_status=TilingStatus.READY,
            tiled_at=timezone.now(),
            tiled_width=info["width"],
            tiled_height=info["height"],
        )
    return TilingStatus.READY
