"""Template helpers for IIIF on record pages: image URLs cut by the Image API, manifest presence."""

from django import template
from django.conf import settings
from django.urls import reverse

from ..links import image_url

register = template.Library()

WEB_WIDTHS = (480, 960)


@register.simple_tag
def iiif_image_url(image, width):
    """An Image API URL of the whole image at ``width`` pixels (never wider than the image)."""
    return image_url(image, width)


@register.simple_tag
def iiif_srcset(image):
    """A srcset of the web widths the image is large enough for."""
    widths = sorted({min(width, image.iiif_width) for width in WEB_WIDTHS})
    return ", ".join(f"{image_url(image, width)} {width}w" for width in widths)


@register.filter
def iiif_height_for(image, width):
    """The height of the image scaled to ``width`` (for the img height attribute)."""
    width = min(int(width), image.iiif_width)
    return round(image.iiif_height * width / image.iiif_width)


@register.filter
def has_iiif_images(page):
    """Whether a record has at least one image that is not unavailable, i.e. whether it has a manifest."""
    return any(not item.image.is_unavailable for item in page.canvas_items())


@register.simple_tag(takes_context=True)
def manifest_url(context, page):
    """The absolute URL of the record's manifest (the address other IIIF tools should use); in a
    draft preview, the staff-only manifest of that draft (the public one does not show it yet)."""
    request = context.get("request")
    if getattr(request, "is_preview", False):
        return settings.PUBLIC_BASE_URL + reverse("iiif:preview_manifest", args=[page.pk])
    return settings.PUBLIC_BASE_URL + reverse("iiif:manifest", args=[page.identifier])
