"""Shared helpers of the imaging benchmarks (not a benchmark itself; imported by the scripts).

- ``textured_image``: a lazily evaluated, scan-like test image (colour clouds, fine grain, lines of
  text) that libvips computes region by region, so even a gigapixel one is saved in bounded memory.
- ``run_measured``: run a command in a fresh process and return its wall time and peak RSS
  (``ru_maxrss`` from ``os.wait4`` of that very child, so nothing else on the machine counts).
- ``app_env``: environment variables that point the Django project at a throw-away database,
  DATA_DIR and MEDIA_ROOT, so a benchmark never touches the developer's ``var/`` and ``media/``.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "benchmarks"
PYTHON = (
    str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv" / "bin" / "python").exists() else sys.executable
)
DRIVER = BENCH_DIR / "_ingest_tile_driver.py"
GIB = 1024**3

# The bare reference: what `vips dzsave FILE out --layout iiif3 --tile-size 512 --suffix .jpg[Q=85]`
# does, through pyvips (the same libvips build as the app), in its own fresh Python process.
BARE_DZSAVE = """
import json, sys, time
import pyvips
source, out, suffix = sys.argv[1:4]
start, cpu = time.perf_counter(), time.process_time()
pyvips.Image.new_from_file(source, access="sequential").dzsave(
    out, layout="iiif3", tile_size=512, suffix=suffix
)
print(json.dumps({"dzsave_s": time.perf_counter() - start, "dzsave_cpu_s": time.process_time() - cpu}))
"""


# --- test images -------------------------------------------------------------------------------

LINES = (
    "Sắc phong — Hội An — Mỹ Sơn — Quảng Nam 1820",
    "Heritage archive benchmark scan 0123456789",
    "Tư liệu Hán Nôm · bản khắc gỗ · địa bạ",
)


def textured_image(width, height, seed=1):
    """A ``width``×``height`` 8-bit sRGB image that compresses like a photographed document.

    Low-frequency colour clouds (Perlin noise computed small and enlarged), two octaves of fine
    Perlin grain for texture, and lines of dark text repeated over the page. Nothing is computed
    until the image is saved, region by region.
    """
    import pyvips

    small_w, small_h = max(2, width // 64), max(2, height // 64)
    clouds = [
        pyvips.Image.perlin(small_w, small_h, cell_size=24, seed=seed + band).resize(
            width / small_w, vscale=height / small_h, kernel="linear"
        )
        for band in range(3)
    ]
    # perlin() gives floats in about [-1, 1].
    grain = (
        pyvips.Image.perlin(width, height, cell_size=23, seed=seed + 10) * 22
        + pyvips.Image.perlin(width, height, cell_size=3, seed=seed + 11) * 14
    )
    base = [160 + 60 * (cloud * 1.5) + grain for cloud in clouds]
    page = base[0].bandjoin(base[1:])
    page = page.crop(0, 0, width, height)
    # A block of text lines, repeated over the whole page as a mask: dark ink where it is set.
    lines = [pyvips.Image.text(line, dpi=220) for line in LINES]
    block_w = max(line.width for line in lines) + 300
    block = None
    for line in lines:
        row = line.gravity("west", block_w, line.height + 90)
        block = row if block is None else block.join(row, "vertical")
    block = block.gravity("centre", block.width, block.height + 400)
    mask = block.replicate(width // block.width + 1, height // block.height + 1).crop(0, 0, width, height)
    ink = page * 0.25
    page = (mask > 100).ifthenelse(ink, page)
    return page.cast("uchar").copy(interpretation="srgb")


def generate_jpeg(path, width, height, quality=90, seed=1):
    textured_image(width, height, seed).jpegsave(str(path), Q=quality, keep="none")
    return Path(path)


def generate_tiled_tiff(path, width, height, quality=90, seed=1):
    """A tiled (256×256), JPEG-compressed, single-resolution TIFF: a typical large scan master."""
    textured_image(width, height, seed).tiffsave(
        str(path),
        tile=True,
        tile_width=256,
        tile_height=256,
        compression="jpeg",
        Q=quality,
        bigtiff=True,
        keep="none",
    )
    return Path(path)


# --- processes ---------------------------------------------------------------------------------


@dataclass
class Measured:
    wall: float  # seconds
    peak_rss: int  # bytes
    cpu: float  # user + system seconds of the process (and its waited-for children)
    returncode: int
    stdout: str
    stderr: str


def run_measured(cmd, *, env=None, cwd=None, timeout=600.0):
    """Run ``cmd`` in a fresh process (own process group); wall time and peak RSS of that process.

    Peak RSS is the child's ``ru_maxrss`` as reported by ``os.wait4`` for its pid. The whole
    process group is killed if it runs longer than ``timeout`` seconds.
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=out, stderr=err, start_new_session=True)
        timer = threading.Timer(timeout, _kill_group, (process.pid,))
        timer.start()
        try:
            _, status, usage = os.wait4(process.pid, 0)
        finally:
            timer.cancel()
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Measured(
            wall,
            usage.ru_maxrss * 1024,
            usage.ru_utime + usage.ru_stime,
            process.returncode,
            out.read().decode(errors="replace"),
            err.read().decode(errors="replace"),
        )


def _kill_group(pid):
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGKILL)


def check(measured, what):
    if measured.returncode != 0:
        sys.exit(
            f"{what} failed (exit {measured.returncode}):\n"
            f"{measured.stdout[-3000:]}\n{measured.stderr[-3000:]}"
        )
    return measured


def drop_from_page_cache_hint(path):
    """Read a file once so that every contender starts with it in the page cache."""
    with open(path, "rb") as handle:
        while handle.read(8 * 1024 * 1024):
            pass


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port, timeout=30.0, process=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"process {process.args[0]} exited with {process.returncode} before listening")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port} after {timeout} s")


# --- the Django project in a throw-away place --------------------------------------------------


def app_env(workdir, *, settings="heritage_site.settings.dev", extra=None):
    """Environment for manage.py / the driver / gunicorn with everything under ``workdir``."""
    workdir = Path(workdir)
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": settings,
            "DATA_DIR": str(workdir / "var"),
            "MEDIA_ROOT": str(workdir / "media"),
            "STATIC_ROOT": str(workdir / "static"),
            "DATABASE_URL": f"sqlite:///{workdir / 'var' / 'db.sqlite3'}",
            # Required by the production settings; the restoration archive's OCFL root.
            "ARCHIVE_ROOT": str(workdir / "var" / "archive"),
            "PYTHONPATH": str(ROOT),
            "PYTHONUNBUFFERED": "1",
        }
    )
    env.update(extra or {})
    for name in ("var", "media", "static"):
        (workdir / name).mkdir(parents=True, exist_ok=True)
    return env


def migrate(env, timeout=300.0):
    measured = run_measured(
        [PYTHON, str(ROOT / "manage.py"), "migrate", "--noinput", "-v", "0"],
        env=env,
        cwd=ROOT,
        timeout=timeout,
    )
    check(measured, "manage.py migrate")
    return measured


def ingest_and_tile(env, source, identifier, timeout=600.0, jpeg_options=None, public=False):
    """Run the driver (ingest_file then tile_image) in a fresh process; (Measured, phases dict)."""
    cmd = [PYTHON, str(DRIVER), str(source), "--identifier", identifier]
    if public:
        cmd.append("--public")
    if jpeg_options is not None:
        cmd += ["--jpeg-options", jpeg_options]
    measured = run_measured(cmd, env=env, cwd=ROOT, timeout=timeout)
    check(measured, "ingest + tiling driver")
    phases = json.loads(measured.stdout.strip().splitlines()[-1])
    return measured, phases


def bare_dzsave(source, out_dir, suffix=".jpg[Q=85]", timeout=600.0):
    measured = run_measured([PYTHON, "-c", BARE_DZSAVE, str(source), str(out_dir), suffix], timeout=timeout)
    return check(measured, "bare dzsave")


def vips_cli():
    """(path, version) of a `vips` command on PATH, or (None, None)."""
    path = shutil.which("vips")
    if not path:
        return None, None
    try:
        version = subprocess.run(
            [path, "--version"], capture_output=True, text=True, timeout=10
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None, None
    return path, version


def libvips_version():
    import pyvips

    return f"libvips {pyvips.version(0)}.{pyvips.version(1)}.{pyvips.version(2)} (pyvips-binary)"


def use_bytecode_cache(workdir, enabled=True):
    """Let the Python subprocesses cache compiled bytecode under ``workdir`` (not in the venv).

    This machine sets PYTHONDONTWRITEBYTECODE=1 and the venv holds no .pyc files, so without a
    cache every fresh process compiles Django and Wagtail from source (about 3 s instead of 1.4 s
    of start-up). A deployed app has its bytecode compiled; ``enabled=False`` measures as is.
    """
    if enabled:
        os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
        os.environ["PYTHONPYCACHEPREFIX"] = str(Path(workdir) / "pycache")


def load_average():
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


def make_workdir(prefix):
    """A temporary folder on the same filesystem as /tmp, readable by other users (nginx workers)."""
    path = Path(tempfile.mkdtemp(prefix=prefix))
    path.chmod(0o755)
    return path


def remove(path):
    shutil.rmtree(path, ignore_errors=True)


def median(values):
    return statistics.median(values)


def mib(nbytes):
    return f"{nbytes / 1024**2:,.0f} MiB"


def free_disk(path):
    return shutil.disk_usage(path).free


def dir_size(path):
    return sum(p.stat().st_size for p in Path(path).rglob("*") if p.is_file())


def table(rows, headers):
    widths = [max(len(str(x)) for x in column) for column in zip(headers, *rows, strict=True)]
    lines = ["  ".join(str(h).ljust(w) for h, w in zip(headers, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    for row in rows:
        lines.append("  ".join(str(x).ljust(w) for x, w in zip(row, widths, strict=True)))
    return "\n".join(lines)


def app_jpeg_options():
    """The app's tile JPEG options (``JPEG_TILE_OPTIONS`` in iiif/tiling.py), read without Django."""
    source = (ROOT / "iiif" / "tiling.py").read_text()
    match = re.search(r'^JPEG_TILE_OPTIONS = "([^"]+)"', source, re.MULTILINE)
    if not match:
        sys.exit("JPEG_TILE_OPTIONS not found in iiif/tiling.py")
    return match.group(1)


def run_in_workdir(prefix, args, run):
    """Call ``run(args, workdir)`` in a fresh temporary folder, removed afterwards unless ``--keep``."""
    workdir = make_workdir(prefix)
    use_bytecode_cache(workdir, not args.no_bytecode_cache)
    try:
        run(args, workdir)
    finally:
        if args.keep:
            print(f"\nkept {workdir}")
        else:
            remove(workdir)


def image_benchmark_parser(description, *, width, height, repeat, timeout):
    """The options both tiling benchmarks take; each script adds its own."""
    import argparse

    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--width", type=int, default=width)
    parser.add_argument("--height", type=int, default=height)
    parser.add_argument("--repeat", type=int, default=repeat)
    parser.add_argument("--source", type=Path, help="an existing image file instead of a generated one")
    parser.add_argument("--timeout", type=float, default=timeout, help="seconds allowed to each process")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--smoke", action="store_true", help="tiny sizes, one round: checks the script runs")
    parser.add_argument(
        "--no-bytecode-cache",
        action="store_true",
        help="let every process compile Django/Wagtail from source (this machine's default)",
    )
    return parser
