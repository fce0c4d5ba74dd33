"""Building an image's deep-zoom pyramid with libvips' dzsave, in one sequential pass."""

import json
import logging
import uuid

import pyvips
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from images.models import HeritageImage, TilingStatus
from images.verification import Prepared, refused_for
from images.vips import open_for_one_pass, to_srgb8

from . import storage
from .image_api.info import image_info

logger = logging.getLogger(__name__)

# Q85 keeps the validator's colours within 1 level. optimize_coding would make tiles ~5 % smaller
# but costs ~1.9x the tiling time of a plain dzsave (benchmarks/ingest_tiling.py); not worth it.
JPEG_TILE_OPTIONS = "[Q=85,keep=none]"


def open_upright_srgb(path):
    """Open a master for one pass, normalised to upright 8-bit sRGB.

    Truncated or corrupt data fails the pass (``fail_on="error"``) instead of producing grey
    tiles: this pass is also the full decode that verifies a new master (images.verification).
    """
    return to_srgb8(open_for_one_pass(path, fail_on="error"))


def _dzsave(path, target):
    """Write the pyramid of the master at ``path`` into the folder ``target``; libvips' info dict."""
    open_upright_srgb(path).dzsave(
        str(target),
        layout="iiif3",
        tile_size=settings.IIIF_TILE_SIZE,
        overlap=0,
        suffix=".jpg" + JPEG_TILE_OPTIONS,
        keep="none",
    )
    return json.loads((target / storage.INFO_JSON).read_text())


def _info(identifier, produced):
    return image_info(
        identifier=identifier,
        base_url=settings.PUBLIC_BASE_URL,
        width=produced["width"],
        height=produced["height"],
        tile_size=settings.IIIF_TILE_SIZE,
        scale_factors=produced["tiles"][0]["scaleFactors"],
        max_area=settings.IIIF_MAX_AREA,
        max_width=settings.IIIF_MAX_WIDTH,
    )


def build_pyramid(image):
    """Tile ``image``'s master into a staging folder, then publish it; returns the info dict.

    Raises pyvips.Error or OSError on failure, after removing its staging folder.
    """
    staging = storage.new_staging_dir(image.iiif_identifier)
    try:
        produced = _dzsave(image.file.path, staging / "pyramid")
        info = _info(image.iiif_identifier, produced)
        storage.publish(staging / "pyramid", image.iiif_identifier, info)
    finally:
        storage.discard(staging)
    return info


class StagedPyramid(Prepared):
    """The pyramid built while a new master was verified, waiting for the image's identifier."""

    def __init__(self, staging, produced):
        self.staging, self.produced = staging, produced
        self.width, self.height = produced["width"], produced["height"]

    def adopt(self, image):
        image.tiling_status = TilingStatus.READY
        image.tiling_error = ""
        image.tiled_at = timezone.now()
        image.tiled_width, image.tiled_height = self.width, self.height

    def published(self, image):
        try:
            info = _info(image.iiif_identifier, self.produced)
            storage.publish(self.staging / "pyramid", image.iiif_identifier, info)
        finally:
            self.discard()

    def discard(self):
        storage.discard(self.staging)


def verify_by_tiling(path):
    """The verification pass of a new master: it decodes every pixel by building its pyramid.

    A file that does not decode completely is refused (images.verification.refused_for) and leaves
    nothing behind; one that does leaves its pyramid staged, so accepting it costs no second pass.
    """
    staging = storage.new_staging_dir(f"ingest-{uuid.uuid4().hex}")
    try:
        produced = _dzsave(path, staging / "pyramid")
    except pyvips.Error as error:
        storage.discard(staging)
        raise refused_for(error) from None
    except BaseException:
        storage.discard(staging)
        raise
    return StagedPyramid(staging, produced)


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
