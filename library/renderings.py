"""Page images for downloads and PDFs, cut from the published IIIF pyramid (never the master)."""

from iiif import storage
from iiif.image_api import bounds, params, processing

PDF_WIDTH = 1600  # enough to read a character of a sắc phong on A4, small enough to mail


class NotReady(Exception):
    """The page's deep-zoom pyramid is not published (still tiling, or failed)."""


def page_jpeg(image, width=None):
    """JPEG bytes of the whole page, ``width`` pixels wide (at most the server's largest size;
    None for that largest size). Raises NotReady or bounds.Busy."""
    info = storage.published_info(image.iiif_identifier)
    if info is None:
        raise NotReady(image.iiif_identifier)
    limits = {"max_width": info["maxWidth"], "max_height": info["maxHeight"], "max_area": info["maxArea"]}
    size = "max" if width is None else f"{min(width, info['width'])},"
    parsed = params.parse_request(
        "full", size, "0", "default.jpg", width=info["width"], height=info["height"], **limits
    )
    with bounds.render_slot(parsed.size.w * parsed.size.h):
        return processing.render(storage.pyramid_dir(image.iiif_identifier), info, parsed)
