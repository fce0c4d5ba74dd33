"""Illustrative images at real scan sizes, generated with pyvips (there is no network at run time).

Each image is a procedural texture in the record type's palette with the record's name and a
clear "illustrative" label, so nobody mistakes it for a photograph of the object.
"""

import unicodedata
import zlib

import pyvips

PALETTES = {
    "site": ((118, 94, 70), (196, 160, 120)),
    "artefact": ((70, 84, 96), (170, 180, 186)),
    "intangible": ((120, 40, 36), (222, 170, 110)),
    "documentary": ((150, 128, 90), (236, 222, 190)),
}
LABEL = "ẢNH MINH HỌA — ILLUSTRATIVE IMAGE"


def _texture(width, height, seed, dark, light):
    noise = pyvips.Image.perlin(width, height, cell_size=max(64, width // 12), seed=seed)
    grain = pyvips.Image.perlin(width, height, cell_size=16, seed=seed + 1)
    mix = ((noise * 0.8 + grain * 0.2) + 1) / 2  # -1..1 → 0..1
    bands = [mix * (hi - lo) + lo for lo, hi in zip(dark, light, strict=True)]
    return bands[0].bandjoin(bands[1:]).cast("uchar")


def _overlay_text(image, markup, dpi, top):
    text = pyvips.Image.text(markup, dpi=dpi, align="centre", width=int(image.width * 0.8), rgba=True)
    left = max(0, (image.width - text.width) // 2)
    return image.composite2(text, "over", x=left, y=top)


def _dpi(width):
    return max(72, width // 4)


def _title_markup(title):
    return "<b>" + title.replace("&", "&amp;").replace("<", "&lt;") + "</b>"


def title_character_boxes(width, height, title):
    """Where ``render`` writes each character of ``title`` on a width × height picture, as boxes
    (x, y, w, h) in its pixels; None unless the title is one line of ideographs (all of the same
    advance, so the line divides evenly among them)."""
    if not title or not all(unicodedata.name(char, "").startswith("CJK") for char in title):
        return None
    dpi = _dpi(width)
    line = pyvips.Image.text(_title_markup(title), dpi=dpi, align="centre", width=int(width * 0.8))
    one = pyvips.Image.text(_title_markup(title[0]), dpi=dpi)
    if line.height > one.height * 1.5:  # wrapped
        return None
    left, top, advance = max(0, (width - line.width) // 2), height // 3, line.width / len(title)
    return [(left + round(n * advance), top, round(advance), line.height) for n in range(len(title))]


def render(path, width, height, title, identifier, kind, page_label=""):
    """Write an illustrative JPEG or TIFF (by ``path``'s suffix) of width × height pixels."""
    seed = zlib.crc32(f"{identifier}/{page_label}".encode()) % 10_000
    dark, light = PALETTES[kind]
    image = _texture(width, height, seed, dark, light).copy(interpretation="srgb")
    dpi = _dpi(width)
    image = _overlay_text(image, _title_markup(title), dpi, height // 3)
    image = _overlay_text(image, f"{identifier} {page_label}".strip(), dpi // 2, int(height * 0.58))
    image = _overlay_text(image, LABEL, dpi // 2, int(height * 0.8))
    image = image.flatten() if image.hasalpha() else image
    if str(path).endswith((".tif", ".tiff")):
        image.tiffsave(str(path), compression="jpeg", Q=88, tile=True, pyramid=False)
    else:
        image.jpegsave(str(path), Q=85, keep="none")
    return path
