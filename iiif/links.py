"""Addresses of IIIF Image API renderings, for every layer that shows an image."""

from django.urls import reverse


def image_url(image, width):
    """The Image API URL (site-relative) of the whole image ``width`` pixels wide, never wider
    than the image (the server refuses to enlarge)."""
    path = reverse("iiif:image_info", args=[image.iiif_identifier]).removesuffix("info.json")
    return f"{path}full/{min(width, image.iiif_width)},/0/default.jpg"
