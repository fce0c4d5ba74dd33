"""Admin: the curator draws a step's region on its image (static/exhibitions/region_editor.js)."""

import json

from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from wagtail import hooks

from .admin_views import image_data


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("exhibitions/image/<int:pk>.json", image_data, name="exhibitions_image")]


@hooks.register("insert_editor_js")
def region_editor_js():
    labels = {
        "draw": gettext("Draw the region on the image"),
        "whole": gettext("Whole image"),
        "hint": gettext("Drag across the image to draw the region the reader's viewer will show."),
        "choose": gettext("Choose an image first."),
        "failed": gettext("The image could not be loaded."),
    }
    return format_html(
        '<script src="{}" data-image-url="{}" data-labels="{}" defer></script>'
        '<link rel="stylesheet" href="{}">',
        static("exhibitions/region_editor.js"),
        reverse("exhibitions_image", args=[0]),
        json.dumps(labels, ensure_ascii=False),
        static("exhibitions/region_editor.css"),
    )
