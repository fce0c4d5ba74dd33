"""libvips hardening and header inspection of incoming image files.

libvips can load SVG (with scripts and external references), CSV, matrix, PDF and more. The
archive accepts only raster photographs and scans, so every other loader is blocked in the whole
process, and each file's header is checked before anything is decoded.
"""

from dataclasses import dataclass

import pyvips
from django.conf import settings
from django.utils.translation import gettext as _

# Loader classes left usable (their file, buffer and source variants inherit from these).
ALLOWED_LOADER_CLASSES = (
    "VipsForeignLoadJpeg",
    "VipsForeignLoadPng",
    "VipsForeignLoadTiff",
    "VipsForeignLoadWebp",
    "VipsForeignLoadJp2k",
)
# Accepted formats by the loader a header reports ('jpegload', 'jpegload_source', 'jpegload_buffer', …).
LOADER_FORMATS = {
    "jpegload": "JPEG",
    "pngload": "PNG",
    "tiffload": "TIFF",
    "webpload": "WebP",
    "jp2kload": "JPEG 2000",
}


def harden():
    """Block every libvips loader but the raster formats the archive accepts, and untrusted operations."""
    pyvips.block_untrusted_set(True)
    pyvips.operation_block_set("VipsForeignLoad", True)
    for name in ALLOWED_LOADER_CLASSES:
        pyvips.operation_block_set(name, False)


class RefusedImage(ValueError):
    """An incoming file that the archive does not accept; the message says why, for curators."""


@dataclass(frozen=True)
class Header:
    width: int
    height: int
    pages: int
    format: str
    bands: int
    interpretation: str


def _open_header(source):
    if isinstance(source, bytes | bytearray | memoryview):
        return pyvips.Image.new_from_buffer(source, "")
    return pyvips.Image.new_from_file(str(source))


def read_header(source, max_pixels=None):
    """Read a file's (or buffer's) header only, and refuse what the archive does not accept.

    Raises RefusedImage for: a format libvips cannot read or that is not an accepted raster
    format (SVG, PDF, CSV, HTML renamed .jpg, …), and a declared pixel count above the limit —
    decided from the header, before any pixel is decoded.
    """
    max_pixels = max_pixels or settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS
    try:
        image = _open_header(source)
        loader = image.get("vips-loader")
    except pyvips.Error:
        raise RefusedImage(
            _(
                "Not an accepted image file: its content is not TIFF, JPEG, PNG, WebP or JPEG 2000 "
                "(whatever its name says)."
            )
        ) from None
    image_format = LOADER_FORMATS.get(loader.removesuffix("_source").removesuffix("_buffer"))
    if image_format is None:
        raise RefusedImage(_("Files read by %(loader)s are not accepted.") % {"loader": loader})
    pages = image.get("n-pages") if "n-pages" in image.get_fields() else 1
    # Only the first page is tiled, but every page of a multi-page file must be decodable within limits.
    pixels = image.width * image.height * max(1, pages)
    if pixels > max_pixels:
        raise RefusedImage(
            _("The image declares %(pixels)s pixels, above the limit of %(limit)s.")
            % {"pixels": f"{pixels:,}", "limit": f"{max_pixels:,}"}
        )
    return Header(image.width, image.height, pages, image_format, image.bands, image.interpretation)


def to_srgb8(image):
    """Normalise a loaded image to upright 8-bit sRGB without alpha.

    Orientation comes from EXIF; colour from the embedded ICC profile (CMYK without one uses
    libvips' built-in CMYK profile), relative colorimetric so in-gamut colours are kept exactly;
    16-bit data is reduced to 8 bits; transparency is flattened on white. Works on sequential
    images: every step streams.
    """
    image = image.autorot()
    if image.get_typeof("icc-profile-data"):
        image = image.icc_transform("srgb", embedded=True, intent="relative")
    elif image.interpretation == "cmyk":
        image = image.icc_transform("srgb", input_profile="cmyk", intent="relative")
    elif image.interpretation != "srgb" or image.format != "uchar":
        image = image.colourspace("srgb")
    if image.hasalpha():
        image = image.flatten(background=[255, 255, 255])
    if image.format != "uchar":
        image = image.cast("uchar")
    return image


def orientation(image):
    """The EXIF orientation (1–8) of a loaded image; 1 when it has none or a nonsensical one."""
    if not image.get_typeof("orientation"):
        return 1
    value = image.get("orientation")
    return value if 1 <= value <= 8 else 1


def swaps_axes(value):
    """Orientations 5–8 turn the picture a quarter: the upright width is the stored height."""
    return value >= 5


def header_size(source):
    """Upright (width, height) from the header of an image file (path) or buffer (bytes).

    Upright, as every view shows the picture (tiles, renditions, IIIF canvases): a phone photo
    stored 4000 × 3000 with EXIF orientation 6 is 3000 × 4000.
    """
    image = _open_header(source)
    if swaps_axes(orientation(image)):
        return image.height, image.width
    return image.width, image.height


def open_for_one_pass(path, **options):
    """Open a master to be read once from top to bottom, as sequentially as its orientation allows.

    Sequential access streams even a gigapixel scan, but a rotation or vertical flip (EXIF
    orientations 3–8) reads the last stored line first: libvips then fails with "out of order
    read" once the image is larger than its line cache (any real phone photo). Those masters are
    opened for random access instead: JPEG and PNG are decoded once into memory (or a temporary
    file above libvips' disc threshold); tiled and striped TIFFs are read where needed.
    """
    header = pyvips.Image.new_from_file(str(path))
    access = "sequential" if orientation(header) <= 2 else "random"
    if options.get("fail_on") == "error" and header.get("vips-loader").startswith("jpegload"):
        # libjpeg reports corrupt entropy-coded data only as a warning and fills the rest with
        # grey. libtiff and libpng warn about harmless things (unknown tags, sRGB profile quirks)
        # that scanners write every day, so only JPEG is held to its warnings.
        options = {**options, "fail_on": "warning"}
    return pyvips.Image.new_from_file(str(path), access=access, **options)


def web_copy(path, max_side):
    """An upright 8-bit sRGB PNG (bytes) of the image, at most ``max_side`` pixels a side.

    libvips shrinks JPEGs on load and reads TIFFs strip by strip, so even a gigapixel master never
    sits whole in memory; thumbnail applies the EXIF orientation itself, after shrinking, so a
    rotated phone photo is never read out of order.
    """
    image = pyvips.Image.thumbnail(str(path), max_side, height=max_side, size="down")
    return to_srgb8(image).pngsave_buffer(compression=1, keep="none")
