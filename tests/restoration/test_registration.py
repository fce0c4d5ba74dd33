"""Control-point registration of an "after" survey photograph onto a "before" one (no database)."""

import math
import random

import pytest
import pyvips

from restoration.condition.registration import (
    Affine,
    RegistrationError,
    fit_affine,
    leave_one_out,
    residuals,
    warp_after_to_before,
    write_aligned,
)

BEFORE_SIZE = (1600, 1200)
AFTER_SIZE = (1500, 1100)
SCALE, ANGLE, SHIFT = 0.95, math.radians(4), (37.0, -22.0)
COS, SIN = math.cos(ANGLE), math.sin(ANGLE)


def before_to_after(x, y):
    """How the after photograph was taken: before rotated by 4°, scaled 0.95 and shifted (37, −22)."""
    return SCALE * (COS * x - SIN * y) + SHIFT[0], SCALE * (SIN * x + COS * y) + SHIFT[1]


def true_after_to_before(x, y):
    """The analytic inverse of before_to_after."""
    u, v = x - SHIFT[0], y - SHIFT[1]
    return (COS * u + SIN * v) / SCALE, (-SIN * u + COS * v) / SCALE


# Control points a researcher would pick, spread over the monument.
PICKED = [(300, 250), (1300, 220), (800, 600), (250, 950), (1350, 1000), (700, 1050)]


def mapped(points):
    """Exact pairs for before points."""
    return [(bx, by, *before_to_after(bx, by)) for bx, by in points]


def noisy_pairs(points, noise=0.7, seed=7):
    rng = random.Random(seed)
    pairs = []
    for bx, by in points:
        ax, ay = before_to_after(bx, by)
        pairs.append((bx, by, ax + rng.uniform(-noise, noise), ay + rng.uniform(-noise, noise)))
    return pairs


@pytest.fixture(scope="module")
def photographs():
    """A textured "before" (weathered stone, mortar joints, cracks) and the re-lit, moved "after"."""
    width, height = BEFORE_SIZE
    coarse = pyvips.Image.perlin(width, height, cell_size=64, seed=3)
    fine = pyvips.Image.perlin(width, height, cell_size=12, seed=5)
    before = (coarse * 60 + fine * 25 + 120).cast("uchar")
    for top in range(0, height, 150):
        offset = 0 if top % 300 == 0 else 110
        for left in range(-offset, width, 220):
            before = before.draw_rect(40, left, top, 220, 150)  # mortar joints (outlines)
    for x1, y1, x2, y2 in [(200, 100, 520, 700), (900, 300, 1400, 420), (1100, 800, 800, 1150)]:
        before = before.draw_line(20, x1, y1, x2, y2)
    # pyvips maps pixel indices (centres at integers); the photographs' coordinates put them at +½.
    a, b, d, e = SCALE * COS, -SCALE * SIN, SCALE * SIN, SCALE * COS
    after = before.affine(
        [a, b, d, e],
        interpolate=pyvips.Interpolate.new("bicubic"),
        oarea=[0, 0, *AFTER_SIZE],
        odx=SHIFT[0] + (a + b) / 2 - 0.5,
        ody=SHIFT[1] + (d + e) / 2 - 0.5,
    )
    after = (after * 1.15 + 8).cast("uchar")
    return before, after


def standardised(image):
    return (image - image.avg()) / image.deviate()


def test_known_transform_is_recovered_within_two_pixels():
    affine, rms, max_px = fit_affine(noisy_pairs(PICKED), before_size=BEFORE_SIZE, after_size=AFTER_SIZE)

    assert rms < 1.5 and max_px < 3
    for bx in range(0, 1601, 200):
        for by in range(0, 1201, 200):
            ax, ay = before_to_after(bx, by)
            assert math.dist(affine.apply(ax, ay), true_after_to_before(ax, ay)) < 2
    assert affine.rotation_degrees == pytest.approx(-4, abs=0.2)
    assert affine.scale == pytest.approx(1 / SCALE, abs=0.01)


def test_warping_the_after_photograph_lines_it_up_with_the_before(photographs):
    before, after = photographs
    affine, _, _ = fit_affine(noisy_pairs(PICKED))

    warped = warp_after_to_before(after, affine, *BEFORE_SIZE)

    assert (warped.width, warped.height, warped.bands, warped.format) == (*BEFORE_SIZE, 2, "uchar")
    centre = (400, 300, 800, 600)
    reference = standardised(before.crop(*centre))
    aligned = (standardised(warped[0].crop(*centre)) - reference).abs().avg()
    unaligned = (standardised(after.crop(*centre)) - reference).abs().avg()
    assert aligned < unaligned / 3 and aligned < 0.2
    assert warped[1].crop(*centre).min() == 255  # the after photograph covers the centre
    assert warped(5, 1195)[1] == 0  # maps left of the after photograph: transparent
    assert warped(1595, 600)[1] == 0  # maps right of it


def test_warp_uses_continuous_pixel_coordinates():
    dot = pyvips.Image.black(40, 40).draw_rect(200, 10, 10, 1, 1)  # covers [10, 11) × [10, 11)

    doubled = warp_after_to_before(dot, Affine(2, 0, 0, 0, 2, 0), 80, 80)
    unchanged = warp_after_to_before(dot, Affine.identity(), 40, 40)

    assert doubled(20, 20)[0] == doubled(21, 21)[0] > doubled(19, 20)[0]  # now covers [20, 22)²
    assert (unchanged[0] - dot).abs().max() == 0 and unchanged[1].min() == 255


def test_a_much_larger_after_photograph_is_reduced_without_losing_alignment():
    small = (pyvips.Image.perlin(400, 300, cell_size=16, seed=9) * 90 + 128).cast("uchar")
    large = small.resize(4, kernel="cubic")  # a 1600 × 1200 survey of the same view

    reduced = warp_after_to_before(large, Affine(0.25, 0, 0, 0, 0.25, 0), 400, 300)

    assert (reduced[0].cast("float") - small).abs().avg() < 1
    assert reduced[1].min() == 255


def test_write_aligned_saves_a_tiff_in_the_before_frame(photographs, tmp_path):
    _, after = photographs
    after.write_to_file(str(tmp_path / "after.png"))
    affine, _, _ = fit_affine(noisy_pairs(PICKED))

    out = write_aligned(tmp_path / "after.png", affine, *BEFORE_SIZE, tmp_path / "aligned.tif")

    saved = pyvips.Image.new_from_file(str(out))
    assert (saved.width, saved.height, saved.bands) == (*BEFORE_SIZE, 1)
    assert saved.get("tile-width") == 512
    # Where the after photograph does not reach: neutral grey (JPEG tiles would make it white).
    assert saved(5, 1195)[0] == 128
    kept = write_aligned(tmp_path / "after.png", affine, *BEFORE_SIZE, tmp_path / "alpha.tif", flatten=False)
    assert pyvips.Image.new_from_file(str(kept)).bands == 2


def test_three_pairs_are_refused_they_would_fit_whatever_was_picked():
    """An affine transform has six unknowns: three pairs fit exactly even when one is picked wrongly,
    so a zero residual would say nothing."""
    wrong = [*mapped(PICKED[:2]), (800, 600, *before_to_after(850, 640))]  # the third 60 px off
    with pytest.raises(RegistrationError, match="At least 4 pairs"):
        fit_affine(wrong)


def test_four_exact_pairs_fit_and_each_is_predicted_by_the_others():
    pairs = mapped([PICKED[0], PICKED[1], PICKED[3], PICKED[4]])  # the four corners

    affine, rms, max_px = fit_affine(pairs)

    assert rms < 1e-9 and max_px < 1e-9
    ax, ay = before_to_after(1000, 1000)
    assert affine.apply(ax, ay) == pytest.approx((1000, 1000))
    assert max(leave_one_out(pairs)) < 1e-6


def test_leave_one_out_finds_the_mistaken_pair_the_fit_hides():
    """A least-squares fit bends towards a wrong pick, so its own residuals understate it; predicted
    by the other pairs, the wrong pick stands out more."""
    pairs = noisy_pairs(PICKED)
    bx, by, ax, ay = pairs[2]
    pairs[2] = (bx, by, ax + 25, ay - 20)  # a neighbouring stone clicked in the after photograph

    affine, _rms, _max_px = fit_affine(pairs)
    fitted = residuals(affine, pairs)
    checks = leave_one_out(pairs)

    assert max(checks) == checks[2] > fitted[2] == max(fitted)
    assert min(checks) > min(fitted)  # every pair is judged more strictly than by its own fit


def test_leave_one_out_says_when_the_others_cannot_decide():
    """Without one of four points the other three lie on a line: that pair cannot be checked."""
    pairs = mapped([(100, 100), (500, 400), (900, 700), (300, 900)])
    checks = leave_one_out(pairs)
    assert checks[3] is None
    assert all(error is not None and error < 1e-6 for error in checks[:3])


def test_small_but_well_spread_points_are_accepted():
    """The degeneracy test is relative to the points' spread, not an absolute distance."""
    pairs = mapped([(500 + bx / 100, 500 + by / 100) for bx, by in PICKED])  # 10 px across

    affine, rms, _ = fit_affine(pairs)

    assert rms < 1e-6 and affine.scale == pytest.approx(1 / SCALE)


@pytest.mark.parametrize(
    ("pairs", "message"),
    [
        (mapped(PICKED[:2]), "At least 4 pairs"),
        (mapped([(100, 100), (500, 400), (900, 700), (1300, 1000)]), "one line"),
        (mapped([(100, 100), (500, 402), (900, 700), (1300, 1000)]), "one line"),  # 2 px off over 1500
        (mapped([*PICKED[:4], PICKED[0]]), "points 1 and 5 are at the same place"),
        ([*mapped(PICKED[:3]), (float("nan"), 5, 5, 5)], "not a number"),
        ([*mapped(PICKED[:3]), ("abc", 5, 5, 5)], "not a number"),
        ([*mapped(PICKED[:3]), (10, 10, -3, 5)], "outside the after photograph"),
        ([(bx, by, 1600 - bx, by) for bx, by in PICKED], "mirror"),
        ([(bx, by, bx * 10, by * 10) for bx, by in PICKED], "stretch"),
        ([(bx, by, bx, by / 8) for bx, by in PICKED], "stretch"),
    ],
    ids=["two-pairs", "collinear", "nearly-collinear", "duplicate", "nan", "text", "negative", "mirror",
         "scale", "squash"],
)  # fmt: skip
def test_bad_control_points_are_refused(pairs, message):
    with pytest.raises(RegistrationError, match=message):
        fit_affine(pairs)


def test_points_outside_a_given_image_size_are_refused():
    with pytest.raises(RegistrationError, match="outside the before photograph"):
        fit_affine([*mapped(PICKED[:3]), (1700, 100, 50, 50)], before_size=BEFORE_SIZE)


def swapped(first, second):
    """The after points of two pairs exchanged, as when a researcher clicks features in the wrong order."""
    pairs = noisy_pairs(PICKED)
    pairs[first], pairs[second] = pairs[first][:2] + pairs[second][2:], pairs[second][:2] + pairs[first][2:]
    return pairs


def test_two_swapped_pairs_are_fitted_but_show_large_residuals():
    """Inconsistent pairs that do not mirror or stretch are fitted; the residuals point at the culprits."""
    pairs = swapped(2, 5)

    affine, rms, max_px = fit_affine(pairs)

    assert max_px > 100 and rms > 50
    errors = residuals(affine, pairs)
    assert max(errors) == max_px
    assert set(sorted(range(len(errors)), key=errors.__getitem__)[-2:]) == {2, 5}


@pytest.mark.parametrize(("first", "second", "message"), [(1, 4, "stretch"), (0, 4, "mirror")])
def test_swaps_that_distort_the_photograph_are_refused(first, second, message):
    with pytest.raises(RegistrationError, match=f"{message}.*paired wrongly"):
        fit_affine(swapped(first, second))


def test_inverse_round_trips():
    rng = random.Random(11)
    for _ in range(50):
        affine = Affine(*(rng.uniform(-3, 3) for _ in range(6)))
        if abs(affine.determinant) < 0.05:
            continue
        inverse = affine.inverse()
        x, y = rng.uniform(-2000, 2000), rng.uniform(-2000, 2000)
        assert inverse.apply(*affine.apply(x, y)) == pytest.approx((x, y), abs=1e-6)
        assert affine.apply(*inverse.apply(x, y)) == pytest.approx((x, y), abs=1e-6)
        assert inverse.inverse().as_list() == pytest.approx(affine.as_list())
    with pytest.raises(RegistrationError):
        Affine(1, 2, 3, 2, 4, 5).inverse()


def test_affine_list_round_trip():
    affine = Affine(0.9, -0.1, 12.5, 0.1, 0.9, -3.0)

    assert Affine.from_list(affine.as_list()) == affine
    with pytest.raises(RegistrationError):
        Affine.from_list([1, 0, 0, 0, 1])
    with pytest.raises(RegistrationError):
        Affine.from_list([1, 0, float("inf"), 0, 1, 0])
