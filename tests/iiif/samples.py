"""Real image files for the imaging tests, written with pyvips (and by hand where pyvips cannot)."""

import struct
import zlib

import pyvips


def solid(width, height, rgb):
    return (pyvips.Image.black(width, height) + list(rgb)).cast("uchar").copy(interpretation="srgb")


def noise(width, height, seed=1):
    """A textured sRGB image that compresses like a photograph (tiles differ from each other)."""
    base = pyvips.Image.perlin(width, height, cell_size=64, seed=seed)
    grey = ((base + 1) * 127).cast("uchar")
    return grey.bandjoin([grey.rot180(), grey.fliphor()]).copy(interpretation="srgb")


def sixteen_bit(image):
    """The same picture as 16-bit RGB, as a high-end scanner writes it."""
    return (image.cast("ushort") * 257).cast("ushort").copy(interpretation="rgb16")


def _s15(value):
    return struct.pack(">i", round(value * 65536))


def adobe_rgb_profile():
    """An ICC v2 matrix/TRC profile with the Adobe RGB (1998) primaries (D50-adapted) and gamma 563/256."""

    def xyz(x, y, z):
        return b"XYZ " + b"\0" * 4 + _s15(x) + _s15(y) + _s15(z)

    description = b"Adobe RGB (1998) compatible, test"
    tags = [
        (
            b"desc",
            b"desc"
            + b"\0" * 4
            + struct.pack(">I", len(description) + 1)
            + description
            + b"\0"
            + b"\0" * 8
            + b"\0" * 3
            + b"\0" * 67,
        ),
        (b"cprt", b"text" + b"\0" * 4 + b"No copyright, test data\0"),
        (b"wtpt", xyz(0.9642, 1.0, 0.82491)),
        (b"rXYZ", xyz(0.60974, 0.31111, 0.01947)),
        (b"gXYZ", xyz(0.20528, 0.62567, 0.06087)),
        (b"bXYZ", xyz(0.14919, 0.06322, 0.74457)),
    ]
    curve = b"curv" + b"\0" * 4 + struct.pack(">IH", 1, 563) + b"\0\0"
    tags += [(b"rTRC", curve), (b"gTRC", curve), (b"bTRC", curve)]
    offset = 128 + 4 + 12 * len(tags)
    table, data = b"", b""
    for signature, body in tags:
        body += b"\0" * (-len(body) % 4)
        table += signature + struct.pack(">II", offset + len(data), len(body))
        data += body
    size = offset + len(data)
    header = (
        struct.pack(">I", size)
        + b"lcms"
        + struct.pack(">I", 0x02100000)
        + b"mntrRGB XYZ "
        + struct.pack(">6H", 2024, 1, 1, 0, 0, 0)
        + b"acsp"
        + b"APPL"
        + b"\0" * 4
        + b"\0" * 8
        + b"\0" * 8
        + struct.pack(">I", 0)
        + _s15(0.9642)
        + _s15(1.0)
        + _s15(0.82491)
        + b"lcms"
        + b"\0" * 44
    )
    assert len(header) == 128
    return header + struct.pack(">I", len(tags)) + table + data


def png_bomb(path, width=40_000, height=40_000):
    """A tiny PNG whose header declares width × height pixels (1.6 gigapixels by default)."""

    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\0" * 1024)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b""))
    return path


def write(image, path, **options):
    image.write_to_file(str(path), **options)
    return path
