"""Aligning a later survey photograph ("after") onto an earlier one ("before") from control points.

A researcher picks the same features (a stone corner, the end of a crack) on both photographs; we fit
the affine transform that best maps AFTER pixel coordinates onto BEFORE pixel coordinates (least
squares) and resample the after image into the before image's pixel frame,
so a swipe slider or an overlay shows the same stones in the same place.

Coordinates are continuous image coordinates, as a deep-zoom viewer reports them: (0, 0) is the
top-left corner of the top-left pixel, (width, height) the bottom-right corner of the last pixel,
so pixel (i, j) covers [i, i + 1) × [j, j + 1). They refer to the upright image (EXIF orientation
applied), as it is displayed and tiled.

Pure Python plus pyvips: no Django, no numpy.
"""

import math
from dataclasses import dataclass
from pathlib import Path

import pyvips

# Three pairs determine an affine transform exactly: their residuals are zero whatever the points,
# so nothing would show a mistaken pair. A fourth is the least that can be checked, and each pair is
# checked by leaving it out (leave_one_out).
MIN_PAIRS = 4
# Each axis of the fitted transform may scale by at most this much either way. Photographs of the
# same monument at workable resolutions never differ by more; beyond it the pairing is wrong.
MIN_SCALE, MAX_SCALE = 0.2, 5.0
# Minor-to-major spread of the points (ratio of the standard deviations along the principal axes).
# Below it the points are (nearly) on one line and the transform across that line is a guess.
MIN_SPREAD_RATIO = 0.03
# Two points of one image closer than this fraction of the points' spread count as the same point.
DUPLICATE_FRACTION = 0.002


class RegistrationError(ValueError):
    """The control points (or the transform) cannot align the images; the message is for curators."""


@dataclass(frozen=True)
class Affine:
    """x' = a·x + b·y + c, y' = d·x + e·y + f: maps AFTER pixel coordinates to BEFORE ones."""

    a: float
    b: float
    c: float
    d: float
    e: float
    f: float

    @classmethod
    def identity(cls):
        return cls(1.0, 0.0, 0.0, 0.0, 1.0, 0.0)

    def apply(self, x, y):
        return self.a * x + self.b * y + self.c, self.d * x + self.e * y + self.f

    @property
    def determinant(self):
        return self.a * self.e - self.b * self.d

    def inverse(self):
        det = self.determinant
        if not math.isfinite(det) or abs(det) < 1e-12 * max(
            1.0, self.a**2 + self.b**2 + self.d**2 + self.e**2
        ):
            raise RegistrationError("This alignment collapses the image onto a line and cannot be reversed.")
        a, b, d, e = self.e / det, -self.b / det, -self.d / det, self.a / det
        return Affine(a, b, -(a * self.c + b * self.f), d, e, -(d * self.c + e * self.f))

    def as_list(self):
        return [self.a, self.b, self.c, self.d, self.e, self.f]

    @classmethod
    def from_list(cls, values):
        values = [float(v) for v in values]
        if len(values) != 6 or not all(math.isfinite(v) for v in values):
            raise RegistrationError("A stored alignment must be six finite numbers.")
        return cls(*values)

    @property
    def singular_values(self):
        """(largest, smallest) scale factor of the linear part, in before pixels per after pixel."""
        p, q = (self.a + self.e) / 2, (self.a - self.e) / 2
        r, s = (self.d + self.b) / 2, (self.d - self.b) / 2
        big, small = math.hypot(p, s), math.hypot(q, r)
        return big + small, abs(big - small)

    @property
    def scale(self):
        """Mean scale (square root of the area ratio), in before pixels per after pixel."""
        return math.sqrt(abs(self.determinant))

    @property
    def rotation_degrees(self):
        """Rotation of the closest rotation-plus-scale; positive is clockwise on screen (y points down)."""
        return math.degrees(math.atan2(self.d - self.b, self.a + self.e))


def _check_pairs(pairs, before_size, after_size):
    pairs = [tuple(p) for p in pairs]
    if len(pairs) < MIN_PAIRS:
        raise RegistrationError(
            f"At least {MIN_PAIRS} pairs of control points are needed to align the photographs (three "
            f"always fit exactly, so only a fourth shows whether the points agree); {len(pairs)} given."
        )
    checked = []
    for n, pair in enumerate(pairs, start=1):
        if len(pair) != 4:
            raise RegistrationError(f"Control point pair {n} must have four coordinates.")
        try:
            values = tuple(float(v) for v in pair)
        except (TypeError, ValueError):
            raise RegistrationError(
                f"Control point pair {n} has a coordinate that is not a number."
            ) from None
        if not all(math.isfinite(v) for v in values):
            raise RegistrationError(f"Control point pair {n} has a coordinate that is not a number.")
        for (x, y), size, name in ((values[:2], before_size, "before"), (values[2:], after_size, "after")):
            width, height = size or (math.inf, math.inf)
            if not (0 <= x <= width and 0 <= y <= height):
                raise RegistrationError(f"Control point {n} lies outside the {name} photograph.")
        checked.append(values)
    return checked


def _normalise(points, name):
    """Centre the points and scale them to unit RMS distance; refuse duplicates and collinear sets."""
    n = len(points)
    mx, my = sum(p[0] for p in points) / n, sum(p[1] for p in points) / n
    sxx = sum((p[0] - mx) ** 2 for p in points) / n
    syy = sum((p[1] - my) ** 2 for p in points) / n
    sxy = sum((p[0] - mx) * (p[1] - my) for p in points) / n
    spread = math.sqrt(sxx + syy)
    if spread == 0:
        raise RegistrationError(f"All control points are at the same place in the {name} photograph.")
    for i in range(n):
        for j in range(i + 1, n):
            if math.dist(points[i], points[j]) <= DUPLICATE_FRACTION * spread:
                raise RegistrationError(
                    f"Control points {i + 1} and {j + 1} are at the same place in the {name} photograph; "
                    "remove one of them."
                )
    # Principal variances (eigenvalues of the 2×2 covariance): how far the points reach across.
    half_trace, gap = (sxx + syy) / 2, math.hypot((sxx - syy) / 2, sxy)
    major, minor = half_trace + gap, max(half_trace - gap, 0.0)
    if math.sqrt(minor / major) < MIN_SPREAD_RATIO:
        raise RegistrationError(
            f"The control points lie (almost) on one line in the {name} photograph; pick points spread "
            "over the whole monument, not along a single edge."
        )
    return [((x - mx) / spread, (y - my) / spread) for x, y in points], (mx, my, spread)


def residuals(affine, pairs):
    """Distance in BEFORE pixels between each before point and its after point mapped by ``affine``."""
    return [math.dist((bx, by), affine.apply(ax, ay)) for bx, by, ax, ay in pairs]


def fit_affine(pairs, *, before_size=None, after_size=None):
    """Least-squares affine from ``[(before_x, before_y, after_x, after_y), ...]``.

    Returns ``(affine, rms_px, max_px)``, the residuals measured in BEFORE pixels. Raises
    RegistrationError for fewer than MIN_PAIRS pairs, non-numbers, points outside an image (sizes are
    optional ``(width, height)``), duplicate or collinear points, and transforms that mirror the image
    or scale it absurdly (pairs matched wrongly). Pairs that are merely inconsistent (e.g. two swapped
    in a larger set) are NOT refused: they show up as a large ``max_px``; the caller shows the
    per-pair ``residuals()`` so the researcher can fix or drop the worst pair.
    """
    pairs = _check_pairs(pairs, before_size, after_size)
    affine = _solve(pairs)
    if affine.determinant < 0:
        raise RegistrationError(
            "These control points would mirror the photograph; the points are probably paired wrongly "
            "(check that each before point is matched with the same feature in the after photograph)."
        )
    largest, smallest = affine.singular_values
    if smallest < MIN_SCALE or largest > MAX_SCALE:
        raise RegistrationError(
            f"These control points would stretch the photograph by {smallest:.2f}× to {largest:.2f}×; the "
            "points are probably paired wrongly."
        )
    errors = residuals(affine, pairs)
    rms = math.sqrt(sum(r * r for r in errors) / len(errors))
    return affine, rms, max(errors)


def leave_one_out(pairs):
    """For each pair, how far (BEFORE pixels) the transform fitted to all the other pairs puts it.

    The honest measure of a registration: a least-squares fit bends towards every point it is given,
    so its own residuals flatter it (and are zero for three pairs); a pair the others do not predict
    is a mistaken pick or a place that moved. ``None`` for a pair whose removal leaves points that
    cannot determine a transform (collinear, or fewer than three).
    """
    pairs = [tuple(float(v) for v in pair) for pair in pairs]
    errors = []
    for n, (bx, by, ax, ay) in enumerate(pairs):
        others = pairs[:n] + pairs[n + 1 :]
        if len(others) < 3:
            errors.append(None)
            continue
        try:
            affine = _solve(others)
        except RegistrationError:
            errors.append(None)
            continue
        errors.append(math.dist((bx, by), affine.apply(ax, ay)))
    return errors


def _solve(pairs):
    """The least-squares affine of checked pairs (no plausibility checks)."""
    before, (bmx, bmy, bs) = _normalise([p[:2] for p in pairs], "before")
    after, (amx, amy, as_) = _normalise([p[2:] for p in pairs], "after")
    # Both point sets are centred, so the translation decouples and the normal equations reduce to
    # M · (Σ p pᵀ) = Σ q pᵀ, p = normalised after point, q = normalised before point: a 2×2 system,
    # solved in closed form. The spread check keeps Σ p pᵀ well conditioned (eigenvalue ratio
    # ≥ MIN_SPREAD_RATIO²).
    suu = sum(u * u for u, _ in after)
    svv = sum(v * v for _, v in after)
    suv = sum(u * v for u, v in after)
    det = suu * svv - suv * suv
    inv = (svv / det, -suv / det, suu / det)  # symmetric inverse: [[inv0, inv1], [inv1, inv2]]
    rows = []
    for k in range(2):
        gx = sum(b[k] * u for b, (u, _) in zip(before, after, strict=True))
        gy = sum(b[k] * v for b, (_, v) in zip(before, after, strict=True))
        rows.append((gx * inv[0] + gy * inv[1], gx * inv[1] + gy * inv[2]))
    # Undo the normalisation: before = bm + bs · M · (after − am) / as.
    k = bs / as_
    (m00, m01), (m10, m11) = ((k * r[0], k * r[1]) for r in rows)
    return Affine(m00, m01, bmx - m00 * amx - m01 * amy, m10, m11, bmy - m10 * amx - m11 * amy)


def _max_alpha(image):
    return 65535 if image.interpretation in ("rgb16", "grey16") else 255


def warp_after_to_before(after, affine, before_width, before_height):
    """The after image resampled into the before frame: exactly before_width × before_height.

    An alpha band is added (or kept); areas the after photograph does not cover are transparent.
    Interpolation is bicubic on premultiplied colour, so edges do not bleed black; a strong
    reduction (scale < ½) is box-shrunk first to avoid aliasing. Lazy: nothing is computed until the
    result is written. ``affine`` resamples in arbitrary order, so ``after`` must be opened with random
    access (pyvips' default ``access="random"``), never ``access="sequential"`` (unlike whole-image
    passes such as tiling, which stream sequentially).
    """
    fmt = after.format
    max_alpha = _max_alpha(after)
    image = after if after.hasalpha() else after.addalpha()
    image = image.premultiply(max_alpha=max_alpha)
    shrink = int(1 / affine.singular_values[0]) if affine.singular_values[0] < 0.5 else 1
    if shrink > 1:
        # Pixel i of the shrunk image covers after pixels [shrink·i, shrink·(i + 1)).
        image = image.shrink(shrink, shrink)
        affine = Affine(
            affine.a * shrink, affine.b * shrink, affine.c, affine.d * shrink, affine.e * shrink, affine.f
        )
    # libvips maps pixel *indices* (pixel centres at integers): X = a·(x + idx) + b·(y + idy) + odx.
    # Our coordinates put pixel centres at +½, so shift in by ½ and back out by ½.
    warped = image.affine(
        [affine.a, affine.b, affine.d, affine.e],
        interpolate=pyvips.Interpolate.new("bicubic"),
        oarea=[0, 0, int(before_width), int(before_height)],
        idx=0.5,
        idy=0.5,
        odx=affine.c - 0.5,
        ody=affine.f - 0.5,
        extend="background",
        background=[0] * image.bands,
    )
    warped = warped.unpremultiply(max_alpha=max_alpha)
    return warped.cast(fmt) if fmt in ("float", "double") else warped.rint().cast(fmt)


UNCOVERED_GREY = 128  # where the after photograph does not reach: a neutral grey, not a bright white


def write_aligned(after_path, affine, before_width, before_height, out_path, flatten=True):
    """Warp the after photograph file into the before frame and save it; returns ``out_path``.

    The master is opened with random access (see ``warp_after_to_before``) and turned upright from
    its EXIF orientation, as control points were picked on the displayed image. ``.tif``/``.tiff``
    paths get a tiled, deflate-compressed TIFF (BigTIFF past 2 GB of pixels); other suffixes are
    saved by libvips from the suffix (e.g. ``.png``). The colour profile is kept; with ``flatten``
    the uncovered area is flattened onto neutral grey (deep-zoom tiles are JPEG, which would turn
    it white and make a swipe or an overlay flash), otherwise alpha is kept.
    """
    after = pyvips.Image.new_from_file(str(after_path), access="random", fail_on="truncated").autorot()
    aligned = warp_after_to_before(after, affine, before_width, before_height)
    if flatten and aligned.hasalpha():
        grey = UNCOVERED_GREY * (257 if aligned.format == "ushort" else 1)
        aligned = aligned.flatten(background=[grey] * (aligned.bands - 1)).cast(aligned.format)
    out_path = Path(out_path)
    if out_path.suffix.lower() in (".tif", ".tiff"):
        size = aligned.width * aligned.height * aligned.bands * (2 if aligned.format == "ushort" else 1)
        aligned.tiffsave(
            str(out_path),
            compression="deflate",
            predictor="horizontal",
            tile=True,
            tile_width=512,
            tile_height=512,
            bigtiff=size > 2**31,
        )
    else:
        aligned.write_to_file(str(out_path))
    return out_path
