"""What a pack's pages need, and the bytes of each URL as a visitor's phone would receive them.

The pages are rendered in-process (``internal.fetch``) and read for the resources they load
(scripts, styles, pictures, audio, deep-zoom services), so a pack holds exactly what its pages
use. Deep zoom is held only up to a phone-sized level: the tiles OpenSeadragon asks for up to
``PHONE_LEVEL_PX``, at the URLs it asks for them.
"""

import math
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage

from . import internal

#: The longest side of the largest deep-zoom level kept in a pack: about a phone screen at 2-3×,
#: so a visitor can still zoom in about twice on a phone; the full pyramid stays online.
PHONE_LEVEL_PX = 2048

_LINK_RELS = {"stylesheet", "icon", "apple-touch-icon", "manifest", "preload"}


class ResourceError(Exception):
    """A URL a pack needs could not be had (not public, missing)."""


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.urls = []
        self.zoom_services = []
        self.osd_prefixes = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("script", "img", "audio", "source", "video") and a.get("src"):
            self.urls.append(a["src"])
        if tag in ("img", "source") and a.get("srcset"):
            self.urls.extend(part.strip().split(" ")[0] for part in a["srcset"].split(",") if part.strip())
        if tag == "link" and a.get("href") and set((a.get("rel") or "").split()) & _LINK_RELS:
            self.urls.append(a["href"])
            if a.get("imagesrcset"):
                self.urls.extend(p.strip().split(" ")[0] for p in a["imagesrcset"].split(",") if p.strip())
        for name in ("data-zoom-info", "data-iiif-info"):
            if a.get(name):
                self.zoom_services.append(a[name])
        if a.get("data-osd-prefix"):
            self.osd_prefixes.append(a["data-osd-prefix"])


def page_references(html):
    """(urls, info.json URLs, OpenSeadragon image prefixes) that a page's HTML loads, site-relative."""
    collector = _Collector()
    collector.feed(html)
    own = [url for url in collector.urls if _same_site(url)]
    return own, collector.zoom_services, collector.osd_prefixes


def _same_site(url):
    parts = urlsplit(url)
    return not parts.scheme and not parts.netloc and url.startswith("/")


def _static_name(url):
    return url[len(settings.STATIC_URL) :].split("?")[0]


def _static_bytes(url):
    name = _static_name(url)
    if staticfiles_storage.exists(name):
        with staticfiles_storage.open(name) as handle:
            return handle.read()
    found = finders.find(name)
    if not found:
        raise ResourceError(f"no static file {name}")
    return Path(found).read_bytes()


def read(url):
    """The bytes a visitor gets for ``url``; ResourceError when it is not a public 200."""
    if url.startswith(settings.STATIC_URL):
        return _static_bytes(url)
    if url.startswith(f"{settings.MEDIA_URL}images/"):
        # Web renditions only (nginx serves them as files); masters are never in a pack.
        path = Path(settings.MEDIA_ROOT) / url[len(settings.MEDIA_URL) :].split("?")[0]
        if not path.resolve().is_relative_to((Path(settings.MEDIA_ROOT) / "images").resolve()):
            raise ResourceError(f"outside the renditions: {url}")
        if not path.is_file():
            raise ResourceError(f"no rendition {url}")
        return path.read_bytes()
    if url.startswith(settings.MEDIA_URL):
        raise ResourceError(f"not a public file: {url}")
    status, body, _type = internal.fetch(url)
    if status != 200:
        raise ResourceError(f"{url} answered {status}")
    return body


def osd_images(prefix):
    """OpenSeadragon's button images under ``prefix`` (a static folder URL)."""
    folder = finders.find(_static_name(prefix).rstrip("/"))
    if not folder:
        return []
    return sorted(f"{prefix}{path.name}" for path in Path(folder).glob("*.png"))


def tile_urls(info, limit=PHONE_LEVEL_PX):
    """(URL, file path in the pyramid) of every tile OpenSeadragon requests for the levels of
    ``info`` (an Image API 3 info.json) whose longest side is at most ``limit`` pixels.

    Follows OpenSeadragon's IIIFTileSource.getTileUrl for version 3 (size "w,h", "max" for the
    full-size image, region "full" for a level inside one tile), and libvips' dzsave file names
    (region as asked, size always "w,h")."""
    width, height = info["width"], info["height"]
    path = urlsplit(info["id"]).path
    tile = info["tiles"][0]
    tile_w, tile_h = tile["width"], tile.get("height") or tile["width"]
    found = []
    for scale in sorted(tile["scaleFactors"], reverse=True):
        level_w, level_h = math.ceil(width / scale), math.ceil(height / scale)
        if max(level_w, level_h) > limit and found:
            break
        if level_w < tile_w and level_h < tile_h:
            size = "max" if (level_w, level_h) == (width, height) else f"{level_w},{level_h}"
            found.append((f"{path}/full/{size}/0/default.jpg", f"full/{level_w},{level_h}/0/default.jpg"))
            continue
        region_w, region_h = tile_w * scale, tile_h * scale
        for y in range(math.ceil(level_h / tile_h)):
            for x in range(math.ceil(level_w / tile_w)):
                rx, ry = x * region_w, y * region_h
                rw, rh = min(region_w, width - rx), min(region_h, height - ry)
                region = "full" if (rx, ry, rw, rh) == (0, 0, width, height) else f"{rx},{ry},{rw},{rh}"
                sw, sh = min(tile_w, level_w - x * tile_w), min(tile_h, level_h - y * tile_h)
                size = "max" if (sw, sh) == (width, height) else f"{sw},{sh}"
                found.append((f"{path}/{region}/{size}/0/default.jpg", f"{region}/{sw},{sh}/0/default.jpg"))
    return found
