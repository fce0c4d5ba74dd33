"""Illustrative images at real scan sizes, generated with pyvips (there is no network at run time).

Each image is a procedural texture in the record type's palette with the record's name and a
clear "illustrative" label, so nobody mistakes it for a photograph of the object.
"""

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


def render(path, width, height, title, identifier, kind, page_label=""):
    """Write an illustrative JPEG or TIFF (by ``path``'s suffix) of width × height pixels."""
    seed = zlib.crc32(f"{identifier}/{page_label}".encode()) % 10_000
    dark, light = PALETTES[kind]
    image = _texture(width, height, seed, dark, light).copy(interpretation="srgb")
    dpi = max(72, width // 4)
    safe_title = title.replace("&", "&amp;").replace("<", "&lt;")
    image = _overlay_text(image, f"<b>{safe_title}</b>", dpi, height // 3)
    image = _overlay_text(image, f"{identifier} {page_label}".strip(), dpi // 2, int(height * 0.58))
    image = _overlay_text(image, LABEL, dpi // 2, int(height * 0.8))
    image = image.flatten() if image.hasalpha() else image
    if str(path).endswith((".tif", ".tiff")):
        image.tiffsave(str(path), compression="jpeg", Q=88, tile=True, pyramid=False)
    else:
        image.jpegsave(str(path), Q=85, keep="none")
    return path
