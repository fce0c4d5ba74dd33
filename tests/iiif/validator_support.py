"""Support for running the official IIIF Image API validator against our server.

The validator (PyPI ``iiif-validator`` 1.0.5, CLI ``iiif-validate.py``) expects
the server to serve *its* test image under the identifier
``67352ccc-d1b0-11e1-89ae-279075081939``:

* 1000 x 1000 px, sRGB, 8 bit, no alpha;
* a 10 x 10 grid of flat-coloured 100 x 100 px squares, nothing else drawn;
* the colour of the square in column ``x`` (0 = left) and row ``y``
  (0 = top), i.e. pixels ``x*100 .. x*100+99`` / ``y*100 .. y*100+99``, is
  ``ValidationInfo().colorInfo[x][y]`` (``iiif_validator/validator.py``).
  Note the table is indexed **[column][row]**, not [row][column].

How it samples (``ValidationInfo.do_test_square``): it crops a box that lies
well inside one square (e.g. ``x*100+13 .. x*100+87`` at full size, ``12..76``
inside the corner squares after rotation, the whole returned image for
region requests), takes the single most frequent exact RGB value in that box
(``PIL.Image.getcolors``, palettes resolved) and accepts it when every channel
differs from the table value by less than 6 (i.e. by at most 5). Most tests
pick 5 random squares and need 4 (some 3, some all) to match, so the server
must be right for every square, not on average.

We write the master losslessly (PNG by default, TIFF also fine) so the only
colour error comes from our own JPEG derivatives; a JPEG master adds a
second lossy generation for nothing.
"""

from __future__ import annotations

import contextlib
import io
import pathlib
import subprocess
import sys

VALIDATOR_IDENTIFIER = "67352ccc-d1b0-11e1-89ae-279075081939"
VALIDATOR_VERSION = "3.0"
VALIDATOR_LEVEL = 2
#: Image and grid geometry the validator's tests hard-code.
VALIDATOR_IMAGE_SIZE = 1000
VALIDATOR_SQUARE_SIZE = 100
VALIDATOR_GRID = 10
#: A sampled channel passes when ``abs(got - expected) < 6``.
VALIDATOR_COLOUR_TOLERANCE = 5

_REPO_ROOT = pathlib.Path(__file__).resolve().parents[2]


def validator_colour_table() -> list[list[tuple[int, int, int]]]:
    """Return the validator's own colour table, indexed ``[column][row]``.

    Imported from the installed package so the image can never drift from
    what the validator checks. (Importing it prints "Importing 3" from
    ``tests/baseurl_redirect.py``; that noise is swallowed here.)
    """
    with contextlib.redirect_stdout(io.StringIO()):
        from iiif_validator.validator import ValidationInfo

    table = [[tuple(int(c) for c in colour) for colour in column] for column in ValidationInfo().colorInfo]
    if len(table) != VALIDATOR_GRID or any(len(col) != VALIDATOR_GRID for col in table):
        raise RuntimeError("unexpected iiif_validator colour table shape")
    return table


def expected_colour(column: int, row: int) -> tuple[int, int, int]:
    """Colour of the square at ``column`` (x) / ``row`` (y) of the test image."""
    return validator_colour_table()[column][row]


def make_validator_image(path: pathlib.Path) -> pathlib.Path:
    """Write the validator's 1000x1000 test image to ``path`` and return it.

    The format follows the suffix: ``.png`` (recommended, lossless),
    ``.tif``/``.tiff`` (lossless, deflate) or ``.jpg``/``.jpeg`` (Q 95, no
    chroma subsampling; works, but adds a lossy generation). A path without
    a suffix gets ``.png``.
    """
    import pyvips

    path = pathlib.Path(path)
    if not path.suffix:
        path = path.with_suffix(".png")
    path.parent.mkdir(parents=True, exist_ok=True)

    table = validator_colour_table()
    # 10x10 RGB image, pixel (x, y) = table[x][y]; memory is row-major,
    # so iterate rows (y) outside and columns (x) inside.
    pixels = bytes(
        channel for y in range(VALIDATOR_GRID) for x in range(VALIDATOR_GRID) for channel in table[x][y]
    )
    small = pyvips.Image.new_from_memory(pixels, VALIDATOR_GRID, VALIDATOR_GRID, 3, "uchar").copy(
        interpretation="srgb", xres=1, yres=1
    )
    # Nearest-neighbour blow-up: each pixel becomes one flat 100x100 square.
    image = small.zoom(VALIDATOR_SQUARE_SIZE, VALIDATOR_SQUARE_SIZE)
    assert (image.width, image.height, image.bands) == (VALIDATOR_IMAGE_SIZE, VALIDATOR_IMAGE_SIZE, 3)

    suffix = path.suffix.lower()
    if suffix == ".png":
        image.pngsave(str(path), compression=6, strip=True)
    elif suffix in (".tif", ".tiff"):
        image.tiffsave(str(path), compression="deflate", strip=True)
    elif suffix in (".jpg", ".jpeg"):
        image.jpegsave(str(path), Q=95, subsample_mode="off", strip=True)
    else:
        raise ValueError(f"unsupported test image format: {path.suffix!r}")
    return path


# argv: -c SEED SCRIPT ARGS...; seed random, then run SCRIPT as __main__.
_SEEDED_BOOTSTRAP = (
    "import random, runpy, sys; random.seed(int(sys.argv[1])); "
    "sys.argv = sys.argv[2:]; runpy.run_path(sys.argv[0], run_name='__main__')"
)


def _venv_bin() -> pathlib.Path:
    venv_bin = _REPO_ROOT / ".venv" / "bin"
    if (venv_bin / "python").exists():
        return venv_bin
    return pathlib.Path(sys.executable).parent


def validator_command(
    host: str, port: int, prefix: str = "iiif/3", *, seed: int | None = None, verbose: bool = False
) -> list[str]:
    """argv running the validator at level 2 / Image API 3.0 against host:port.

    The validator builds URLs as ``http://{host}:{port}/{prefix}/{id}/...`` and
    requires ``info.json``'s ``id`` to equal
    ``http://{host}:{port}/{prefix}/{id}`` exactly, so ``host`` must be the
    name the server sees in ``Host`` (e.g. the live server's ``localhost``).
    Exit status = number of failed tests (0 = all passed; 99 = no
    identifier). Results go to stderr, one "[n] test NAME PASS|FAIL" line per
    test with url/got/expected details for failures.

    The validator picks squares, sizes and junk parameters with an unseeded
    ``random``; pass ``seed`` to make a run reproducible (the script is then
    started through a two-line ``-c`` bootstrap that seeds ``random`` first).
    ``verbose`` adds the URLs fetched by passing tests.
    """
    venv_bin = _venv_bin()
    python, script = str(venv_bin / "python"), str(venv_bin / "iiif-validate.py")
    argv = [python, script] if seed is None else [python, "-c", _SEEDED_BOOTSTRAP, str(int(seed)), script]
    options = [
        *("--server", f"{host}:{port}"),
        # A leading/trailing "/" would produce "http://host//iiif/3/...".
        *("--prefix", prefix.strip("/")),
        *("--identifier", VALIDATOR_IDENTIFIER),
        *("--scheme", "http"),
        *("--version", VALIDATOR_VERSION),
        *("--level", str(VALIDATOR_LEVEL)),
    ]
    return argv + options + (["--verbose"] if verbose else [])


def run_validator(
    host: str,
    port: int,
    prefix: str = "iiif/3",
    *,
    seed: int | None = None,
    verbose: bool = False,
    timeout: float = 300,
) -> subprocess.CompletedProcess[str]:
    """Run :func:`validator_command`; caller asserts ``returncode == 0``.

    The live server must keep serving while this blocks (Django's
    LiveServerTestCase / pytest-django ``live_server`` serve from a thread,
    which is fine). ``stderr`` holds the per-test report.
    """
    return subprocess.run(
        validator_command(host, port, prefix, seed=seed, verbose=verbose),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
