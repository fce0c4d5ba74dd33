"""Tests for iiif.image_api.params: IIIF Image API 3.0 parameter parsing (no database needed)."""

import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iiif.image_api.params import (
    FORMATS,
    QUALITIES,
    BadRequest,
    IIIFError,
    ImageRequest,
    NotImplementedFeature,
    Region,
    Rotation,
    Size,
    is_tile_request,
    max_size,
    parse_quality_format,
    parse_region,
    parse_request,
    parse_rotation,
    parse_size,
    pyramid_scale_factors,
    tile_file_path,
)

# The project's conftest has an autouse function-scoped fixture (MEDIA_ROOT); it is harmless here.
# database=None: keep failing examples out of the repository's working tree.
PROPERTY = settings(deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
BIG = 10**12  # "no limit" for max_width/max_height/max_area


def request(path: str, width: int = 300, height: int = 200, mw: int = BIG, mh: int = BIG, ma: int = BIG):
    return parse_request(
        *path.split("/"), width=width, height=height, max_width=mw, max_height=mh, max_area=ma
    )


# --- errors ---------------------------------------------------------------------------------------


def test_error_classes():
    assert issubclass(BadRequest, IIIFError) and issubclass(NotImplementedFeature, IIIFError)
    assert BadRequest("nope").status == 400
    assert NotImplementedFeature("later").status == 501
    assert BadRequest("nope").message == "nope" == str(BadRequest("nope"))


# --- region (spec §4.1; the spec's example image is 300×200) -------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("full", Region(0, 0, 300, 200)),
        ("square", Region(50, 0, 200, 200)),
        ("125,15,120,140", Region(125, 15, 120, 140)),
        ("pct:41.6,7.5,40,70", Region(125, 15, 120, 140)),
        ("125,15,200,200", Region(125, 15, 175, 185)),  # cropped at the image edge
        ("pct:41.6,7.5,66.6,100", Region(125, 15, 175, 185)),
        ("0,0,300,200", Region(0, 0, 300, 200)),
        ("299,199,1,1", Region(299, 199, 1, 1)),
        ("0,0,1000000000,1000000000", Region(0, 0, 300, 200)),
        ("007,0,1,1", Region(7, 0, 1, 1)),
        ("pct:0,0,100,100", Region(0, 0, 300, 200)),
        ("pct:0,0,0.01,0.01", Region(0, 0, 1, 1)),  # at least 1 px
        ("pct:.5,5.,50,50", Region(2, 10, 150, 100)),  # 1.5 → 2, round-half-even
        ("pct:0.5,0,50,50", Region(2, 0, 150, 100)),
        ("pct:0.1666666666666666666666,0,1,1", Region(0, 0, 3, 2)),  # 0.4999… → 0
    ],
)
def test_parse_region(text, expected):
    assert parse_region(text, 300, 200) == expected


def test_square_of_portrait_and_square_images():
    assert parse_region("square", 200, 301) == Region(0, 50, 200, 200)
    assert parse_region("square", 7, 7) == Region(0, 0, 7, 7)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Full",
        "full ",
        " full",
        "max",
        "0,0,0,10",
        "0,0,10,0",
        "-1,0,10,10",
        "0,-1,10,10",
        "0,0,10",
        "0,0,10,10,10",
        ",0,10,10",
        "0,,10,10",
        "0,0,10,",
        "1e3,0,10,10",
        "1.5,0,10,10",
        " 0,0,10,10",
        "0, 0,10,10",
        "0,0,10,10\n",
        "+1,0,10,10",
        "0x10,0,10,10",
        "١,0,10,10",  # a non-ASCII digit
        "nan,0,1,1",
        "inf,0,1,1",
        "1000000001,0,1,1",
        "0,0,1000000001,1",
        "99999999999999999999999999,0,1,1",
        "9" * 5000 + ",0,1,1",  # beyond Python's int-from-str digit limit
        "300,0,10,10",  # entirely outside
        "0,200,10,10",
        "pct:",
        "pct:0,0,10",
        "pct:0,0,0,10",
        "pct:0,0,10,0",
        "pct:nan,0,10,10",
        "pct:inf,0,10,10",
        "pct:-1,0,10,10",
        "pct:+1,0,10,10",
        "pct:1e1,0,10,10",
        "pct:.,0,10,10",
        "pct:1..2,0,10,10",
        "pct:1.2.3,0,10,10",
        "pct:100,0,10,10",  # x = width: outside
        "pct:99.9,0,10,10",  # 299.7 rounds to 300: outside
        "pct:0,0,1000000001,10",
        "PCT:0,0,10,10",
        "pct: 0,0,10,10",
    ],
)
def test_parse_region_rejects(text):
    with pytest.raises(BadRequest):
        parse_region(text, 300, 200)


# --- size (spec §4.2) ----------------------------------------------------------------------------

R = Region(0, 0, 300, 200)


@pytest.mark.parametrize(
    ("text", "limits", "expected"),
    [
        ("max", (BIG, BIG, BIG), Size(300, 200, False)),
        ("max", (200, BIG, BIG), Size(200, 133, False)),  # spec example: maxWidth 200
        ("max", (BIG, 100, BIG), Size(150, 100, False)),
        ("max", (BIG, BIG, 6000), Size(95, 63, False)),  # 95*63 = 5985 ≤ 6000 < 96*64
        ("^max", (360, BIG, BIG), Size(360, 240, True)),  # spec example: maxWidth 360
        ("^max", (200, BIG, BIG), Size(200, 133, False)),
        ("150,", (BIG, BIG, BIG), Size(150, 100, False)),
        ("^360,", (BIG, BIG, BIG), Size(360, 240, True)),
        ("^150,", (BIG, BIG, BIG), Size(150, 100, False)),
        (",150", (BIG, BIG, BIG), Size(225, 150, False)),
        ("^,240", (BIG, BIG, BIG), Size(360, 240, True)),
        ("pct:50", (BIG, BIG, BIG), Size(150, 100, False)),
        ("pct:100", (BIG, BIG, BIG), Size(300, 200, False)),
        ("pct:0.25", (BIG, BIG, BIG), Size(1, 1, False)),  # 0.75, 0.5 round half up
        ("^pct:120", (BIG, BIG, BIG), Size(360, 240, True)),
        ("^pct:50", (BIG, BIG, BIG), Size(150, 100, False)),
        ("225,100", (BIG, BIG, BIG), Size(225, 100, False)),
        ("^360,360", (BIG, BIG, BIG), Size(360, 360, True)),
        ("^300,201", (BIG, BIG, BIG), Size(300, 201, True)),
        ("!225,100", (BIG, BIG, BIG), Size(150, 100, False)),
        ("!100,100", (BIG, BIG, BIG), Size(100, 67, False)),
        ("!600,150", (BIG, BIG, BIG), Size(225, 150, False)),  # never larger than the region
        ("!600,190", (120, BIG, BIG), Size(120, 80, False)),  # nor than the server limits
        ("^!360,360", (BIG, BIG, BIG), Size(360, 240, True)),
        ("^!360,360", (BIG, BIG, 6000), Size(95, 63, False)),
        ("1,", (BIG, BIG, BIG), Size(1, 1, False)),
    ],
)
def test_parse_size(text, limits, expected):
    assert parse_size(text, R, *limits) == expected


def test_confined_box_larger_than_the_region_needs_the_caret():
    # As the official validator (size_noup) requires; the 3.0 text would cap at the region.
    with pytest.raises(BadRequest):
        parse_size("!600,600", R, BIG, BIG, BIG)
    assert parse_size("^!600,600", R, BIG, BIG, BIG) == Size(600, 400, True)


def test_derived_side_is_at_least_one_pixel():
    assert parse_size("1,", Region(0, 0, 1000, 1), BIG, BIG, BIG) == Size(1, 1, False)
    assert parse_size(",1", Region(0, 0, 1, 1000), BIG, BIG, BIG) == Size(1, 1, False)
    with pytest.raises(BadRequest):  # pct:1 of 1000×10 would be 10×0
        parse_size("pct:1", Region(0, 0, 1000, 10), BIG, BIG, BIG)


def test_max_is_the_largest_size_within_max_area():
    region = Region(0, 0, 3000, 2000)
    size = parse_size("max", region, BIG, BIG, 10**6)
    assert size.w * size.h <= 10**6
    assert (size.w + 1) * round((size.w + 1) * 2 / 3) > 10**6
    assert max_size(region, BIG, BIG, 10**6) == (size.w, size.h)


@pytest.mark.parametrize(
    ("text", "limits"),
    [
        ("", (BIG, BIG, BIG)),
        ("full", (BIG, BIG, BIG)),  # Image API 2 syntax
        ("Max", (BIG, BIG, BIG)),
        ("max ", (BIG, BIG, BIG)),
        ("^", (BIG, BIG, BIG)),
        ("^^max", (BIG, BIG, BIG)),
        ("!^100,100", (BIG, BIG, BIG)),
        (",", (BIG, BIG, BIG)),
        ("^,", (BIG, BIG, BIG)),
        ("!,", (BIG, BIG, BIG)),
        ("!100,", (BIG, BIG, BIG)),
        ("!,100", (BIG, BIG, BIG)),
        ("!0,100", (BIG, BIG, BIG)),
        ("0,", (BIG, BIG, BIG)),
        (",0", (BIG, BIG, BIG)),
        ("0,0", (BIG, BIG, BIG)),
        ("100,0", (BIG, BIG, BIG)),
        ("100,100,100", (BIG, BIG, BIG)),
        ("1.5,", (BIG, BIG, BIG)),
        ("-5,", (BIG, BIG, BIG)),
        ("+5,", (BIG, BIG, BIG)),
        ("1e2,", (BIG, BIG, BIG)),
        ("w,", (BIG, BIG, BIG)),
        ("1000000001,", (BIG, BIG, BIG)),
        ("pct:", (BIG, BIG, BIG)),
        ("pct:0", (BIG, BIG, BIG)),
        ("pct:0.1", (BIG, BIG, BIG)),  # 0.3 × 0.2 px
        ("pct:-5", (BIG, BIG, BIG)),
        ("pct:1e2", (BIG, BIG, BIG)),
        ("pct:nan", (BIG, BIG, BIG)),
        ("pct:120", (BIG, BIG, BIG)),  # > 100 without ^
        ("pct:100.01", (BIG, BIG, BIG)),
        ("301,", (BIG, BIG, BIG)),  # larger than the region without ^
        ("360,", (BIG, BIG, BIG)),
        (",201", (BIG, BIG, BIG)),
        ("301,200", (BIG, BIG, BIG)),
        ("300,201", (BIG, BIG, BIG)),
        ("150,", (149, BIG, BIG)),  # server limits
        ("150,", (BIG, 99, BIG)),
        ("150,", (BIG, BIG, 14999)),
        ("^pct:1000", (2000, BIG, BIG)),
        ("^360,360", (BIG, BIG, 360 * 360 - 1)),
        ("max", (BIG, BIG, 0)),  # nothing fits
    ],
)
def test_parse_size_rejects(text, limits):
    with pytest.raises(BadRequest):
        parse_size(text, R, *limits)


# --- rotation (spec §4.3) ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0", Rotation(0, False)),
        ("90", Rotation(90, False)),
        ("180", Rotation(180, False)),
        ("22.5", Rotation(22.5, False)),
        ("!0", Rotation(0, True)),
        ("!180", Rotation(180, True)),
        ("359.9", Rotation(359.9, False)),
        ("360", Rotation(0, False)),
        ("!360", Rotation(0, True)),
        ("360.000", Rotation(0, False)),
        ("359.99999999999999999999", Rotation(0, False)),  # rounds to 360.0 as a float
        ("0.5", Rotation(0.5, False)),
        (".5", Rotation(0.5, False)),
        ("5.", Rotation(5, False)),
        ("090", Rotation(90, False)),
    ],
)
def test_parse_rotation(text, expected):
    assert parse_rotation(text) == expected


@pytest.mark.parametrize(
    "text",
    ["", "!", "!!90", "-90", "+90", "361", "360.0001", "1e2", "nan", "inf", "90 ", " 90", "9O", "１２",
     "90deg", "1000000000000", "90,0", "."],
)  # fmt: skip
def test_parse_rotation_rejects(text):
    with pytest.raises(BadRequest):
        parse_rotation(text)


# --- quality and format (spec §4.4, §4.5) --------------------------------------------------------


@pytest.mark.parametrize("quality", QUALITIES)
@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_parse_quality_format(quality, fmt):
    assert parse_quality_format(f"{quality}.{fmt}") == (quality, fmt)


@pytest.mark.parametrize("fmt", ["tif", "gif", "jp2", "pdf"])
def test_spec_formats_not_produced_are_501(fmt):
    with pytest.raises(NotImplementedFeature) as excinfo:
        parse_quality_format(f"default.{fmt}")
    assert excinfo.value.status == 501


@pytest.mark.parametrize(
    "text",
    ["", "default", ".jpg", "default.", "best.jpg", "native.jpg", "native.tif", "Default.jpg",
     "default.JPG", "default.jpg.jpg", "default..jpg", "default.bmp", "default.jp g", " default.jpg",
     "default.jpg\n", "default/jpg", "gray-jpg"],
)  # fmt: skip
def test_parse_quality_format_rejects(text):
    with pytest.raises(BadRequest):
        parse_quality_format(text)


# --- canonical URI syntax (spec §4.8) ------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "limits", "canonical"),
    [
        ("full/max/0/default.jpg", None, "full/max/0/default.jpg"),
        ("square/max/0/default.jpg", None, "50,0,200,200/max/0/default.jpg"),
        ("0,0,300,200/300,200/0/default.jpg", None, "full/max/0/default.jpg"),
        ("0,0,400,400/150,/360/color.png", None, "full/150,100/0/color.png"),
        ("pct:41.6,7.5,40,70/pct:50/!22.50/gray.jpg", None, "125,15,120,140/60,70/!22.5/gray.jpg"),
        ("125,15,200,200/max/90.0/bitonal.webp", None, "125,15,175,185/max/90/bitonal.webp"),
        ("full/!225,100/0/default.jpg", None, "full/150,100/0/default.jpg"),
        ("full/^150,100/0/default.jpg", None, "full/150,100/0/default.jpg"),
        ("full/^pct:120/0/default.jpg", None, "full/^360,240/0/default.jpg"),
        ("full/^pct:120/0/default.jpg", (360, BIG, BIG), "full/^max/0/default.jpg"),
        ("full/^max/0/default.jpg", (200, BIG, BIG), "full/max/0/default.jpg"),
        ("full/200,/0/default.jpg", (200, BIG, BIG), "full/max/0/default.jpg"),
        ("full/200,/0/default.jpg", None, "full/200,133/0/default.jpg"),
        ("full/max/0.00001/default.jpg", None, "full/max/0.00001/default.jpg"),
        ("full/max/!0/default.jpg", None, "full/max/!0/default.jpg"),
    ],
)
def test_canonical_path(path, limits, canonical):
    mw, mh, ma = limits or (BIG, BIG, BIG)
    req = request(path, mw=mw, mh=mh, ma=ma)
    kwargs = dict(zip(("max_width", "max_height", "max_area"), limits, strict=True)) if limits else {}
    assert req.canonical_path(300, 200, **kwargs) == canonical
    assert request(canonical, mw=mw, mh=mh, ma=ma) == req


def test_square_of_square_image_is_canonically_full():
    assert request("square/max/0/default.jpg", 64, 64).canonical_path(64, 64) == "full/max/0/default.jpg"


def test_request_is_frozen():
    req = request("full/max/0/default.jpg")
    with pytest.raises(AttributeError):
        req.quality = "gray"


# --- libvips iiif3 tiles -------------------------------------------------------------------------


def expected_tile_files(width, height, tile_size):
    """Every tile path the tiling rule in params.py predicts libvips will write."""
    paths = set()
    for scale in pyramid_scale_factors(width, height, tile_size):
        cell = tile_size * scale
        for y in range(0, height, cell):
            for x in range(0, width, cell):
                w, h = min(cell, width - x), min(cell, height - y)
                full = (x, y, w, h) == (0, 0, width, height)
                region = "full" if full else f"{x},{y},{w},{h}"
                paths.add(f"{region}/{-(-w // scale)},{-(-h // scale)}/0/default.jpg")
    return paths


@pytest.mark.parametrize(
    ("width", "height", "tile_size"),
    [(3000, 2000, 512), (1025, 771, 256), (5000, 10, 256), (513, 1, 256), (300, 200, 512),
     (512, 512, 512), (1, 1, 256), (777, 1555, 100)],
)  # fmt: skip
def test_every_libvips_tile_is_recognised(tmp_path: Path, width, height, tile_size):
    pyvips = pytest.importorskip("pyvips")
    pyvips.Image.black(width, height).dzsave(str(tmp_path / "p"), layout="iiif3", tile_size=tile_size)
    root = tmp_path / "p"
    files = {p.relative_to(root).as_posix() for p in root.rglob("*.jpg")}
    info = json.loads((root / "info.json").read_text())
    assert info["tiles"][0]["scaleFactors"] == pyramid_scale_factors(width, height, tile_size)
    assert files == expected_tile_files(width, height, tile_size)
    limits = {"max_width": width, "max_height": height, "max_area": width * height}
    for path in files:
        req = parse_request(*path.split("/"), width=width, height=height, **limits)
        scale = is_tile_request(req, width, height, tile_size)
        assert scale is not None, path
        assert tile_file_path(req, width, height, tile_size) == path
        # libvips names full-resolution tiles "w,h"; the canonical form of that size is "max".
        region, size, rest = path.split("/", 2)
        if (req.size.w, req.size.h) == (req.region.w, req.region.h):
            assert scale == 1
            size = "max"
        assert req.canonical_path(width, height, **limits) == f"{region}/{size}/{rest}"


@pytest.mark.parametrize(
    ("path", "scale"),
    [
        ("0,0,512,512/512,512/0/default.jpg", 1),
        ("0,0,512,512/max/0/default.jpg", 1),
        ("0,0,512,512/512,512/0/color.jpg", 1),
        ("2560,0,440,512/440,512/0/default.jpg", 1),
        ("2560,0,512,512/440,512/0/default.jpg", 1),  # same request: the region is cropped
        ("0,0,1024,1024/512,512/0/default.jpg", 2),
        ("2048,0,952,2000/238,500/0/default.jpg", 4),
        ("full/375,250/0/default.jpg", 8),
        ("0,0,512,512/256,256/0/default.jpg", None),
        ("1,0,512,512/512,512/0/default.jpg", None),
        ("0,0,511,512/511,512/0/default.jpg", None),
        ("512,0,1024,1024/512,512/0/default.jpg", None),  # not on the scale-2 grid
        ("0,0,512,512/512,512/90/default.jpg", None),
        ("0,0,512,512/512,512/!0/default.jpg", None),
        ("0,0,512,512/512,512/0/default.png", None),
        ("0,0,512,512/512,512/0/gray.jpg", None),
        ("full/max/0/default.jpg", None),
        ("full/188,125/0/default.jpg", None),  # scale 16: beyond the pyramid's top
        ("0,0,1024,1024/max/0/default.jpg", None),
        ("2048,0,952,2000/239,500/0/default.jpg", None),
    ],
)
def test_is_tile_request(path, scale):
    req = request(path, 3000, 2000)
    assert is_tile_request(req, 3000, 2000, 512) == scale
    assert (tile_file_path(req, 3000, 2000, 512) is None) == (scale is None)


def test_pyramid_scale_factors():
    assert pyramid_scale_factors(3000, 2000, 512) == [1, 2, 4, 8]
    assert pyramid_scale_factors(1025, 771, 256) == [1, 2, 4, 8]  # 1025/4 rounds up to 257
    assert pyramid_scale_factors(512, 512, 512) == [1]


# --- properties ----------------------------------------------------------------------------------

decimals = st.decimals(min_value=0, max_value=150, places=3).map(lambda d: format(d, "f"))
caret = st.sampled_from(["", "^"])


@st.composite
def valid_ish_requests(draw):
    """An image, server limits and plausible (often, not always, valid) request parameters."""
    width, height = draw(st.integers(1, 20000)), draw(st.integers(1, 20000))
    limits = {
        "max_width": draw(st.integers(1, 30000) | st.just(BIG)),
        "max_height": draw(st.integers(1, 30000) | st.just(BIG)),
        "max_area": draw(st.integers(1, 30000 * 30000) | st.just(BIG)),
    }
    side = st.integers(0, 2 * max(width, height))
    pos_x, pos_y = st.integers(0, width + 5), st.integers(0, height + 5)
    region = draw(
        st.one_of(
            st.sampled_from(["full", "square"]),
            st.tuples(pos_x, pos_y, side, side).map(lambda t: ",".join(map(str, t))),
            st.tuples(decimals, decimals, decimals, decimals).map(lambda t: "pct:" + ",".join(t)),
        )
    )
    size = draw(
        st.one_of(
            st.tuples(caret, st.just("max")),
            st.tuples(caret, side.map(lambda n: f"{n},")),
            st.tuples(caret, side.map(lambda n: f",{n}")),
            st.tuples(caret, decimals.map(lambda n: f"pct:{n}")),
            st.tuples(caret, st.tuples(side, side).map(lambda t: f"{t[0]},{t[1]}")),
            st.tuples(caret, st.tuples(side, side).map(lambda t: f"!{t[0]},{t[1]}")),
        ).map("".join)
    )
    degrees = st.one_of(
        st.integers(0, 360).map(str), st.decimals(0, 360, places=4).map(lambda d: format(d, "f"))
    )
    rotation = draw(st.tuples(st.sampled_from(["", "!"]), degrees).map("".join))
    quality = draw(st.sampled_from([*QUALITIES, "native"]))
    fmt = draw(st.sampled_from([*FORMATS, "tif", "bmp"]))
    return width, height, limits, (region, size, rotation, f"{quality}.{fmt}")


@settings(PROPERTY, max_examples=500)
@given(valid_ish_requests())
def test_parse_stays_in_bounds_and_canonical_round_trips(case):
    width, height, limits, params = case
    try:
        req = parse_request(*params, width=width, height=height, **limits)
    except IIIFError as exc:
        assert exc.status in (400, 501)
        return
    r, s = req.region, req.size
    assert 0 <= r.x < width and 0 <= r.y < height
    assert 1 <= r.w <= width - r.x and 1 <= r.h <= height - r.y
    assert 1 <= s.w <= limits["max_width"] and 1 <= s.h <= limits["max_height"]
    assert s.w * s.h <= limits["max_area"]
    assert s.upscale == (s.w > r.w or s.h > r.h)
    if not params[1].startswith("^"):
        assert not s.upscale
    for kwargs in (limits, {}):
        canonical = req.canonical_path(width, height, **kwargs)
        again = parse_request(*canonical.split("/"), width=width, height=height, **limits)
        assert again == req, canonical
        assert again.canonical_path(width, height, **kwargs) == canonical


@PROPERTY
@given(st.floats(min_value=0, max_value=360, exclude_max=True), st.booleans())
def test_rotation_canonical_round_trips(degrees, mirror):
    req = ImageRequest(Region(0, 0, 10, 10), Size(10, 10, False), Rotation(degrees, mirror), "default", "jpg")
    text = req.canonical_path(10, 10).split("/")[2]
    assert "e" not in text.lower()
    assert parse_rotation(text) == Rotation(degrees, mirror)
    assert Decimal(text.lstrip("!")) == Decimal(repr(degrees))


junk = st.one_of(st.text(), st.text(alphabet="0123456789.,:!^-+e pctmaxfulsqr/\n", max_size=30))


@PROPERTY
@given(junk, junk, junk, junk, st.integers(1, 5000), st.integers(1, 5000))
def test_junk_only_raises_iiif_errors(region, size, rotation, quality_format, width, height):
    for parse in (
        lambda: parse_region(region, width, height),
        lambda: parse_size(size, Region(0, 0, width, height), 4000, 4000, 10**7),
        lambda: parse_rotation(rotation),
        lambda: parse_quality_format(quality_format),
        lambda: parse_request(
            region, size, rotation, quality_format,
            width=width, height=height, max_width=4000, max_height=4000, max_area=10**7,
        ),
    ):  # fmt: skip
        try:
            parse()
        except IIIFError as exc:
            assert exc.status in (400, 501)
