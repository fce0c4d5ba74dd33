"""Peak memory (and time) of tiling a 1-gigapixel master: our path against bare libvips dzsave.

    .venv/bin/python benchmarks/tiling_gigapixel.py                     # 40000×25000, 1 round
    .venv/bin/python benchmarks/tiling_gigapixel.py --width 30000 --height 20000 --repeat 2
    .venv/bin/python benchmarks/tiling_gigapixel.py --source big.tif    # an existing master

A tiled (256×256), JPEG-compressed (Q90) BigTIFF master -- the usual shape of a large scan -- is
generated in a temporary folder by libvips region by region (its own peak RSS is printed, to show
generation is memory-bounded; about 200 MB on disk at the default size). Free disk is checked
first (``--min-free-gib``). The temporary folder is removed at the end (``--keep`` keeps it).

Contenders, each a fresh process, ``--repeat`` rounds (medians):

- reference: bare pyvips ``new_from_file(access="sequential").dzsave(layout="iiif3",
  tile_size=512, suffix=".jpg[Q=85]")`` in a new Python process (same libvips as the app);
- ours: ``benchmarks/_ingest_tile_driver.py`` -- ``images.ingest.ingest_file`` (header check,
  SHA-256, store) then ``iiif.tiling.tile_image`` (sRGB normalisation, dzsave into staging,
  atomic publish) in one Django process; its VmHWM after the ingest phase is reported apart;
- decomposition (``--no-decompose`` skips it): the bare dzsave with the app's JPEG options
  (``Q=85,optimize_coding,keep=none``), to tell the encoder options' cost from the pipeline's.

Target: our peak RSS <= 1 GiB. Figures are printed, never asserted.
"""

from __future__ import annotations

import json
import shutil
import signal
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _common as c

TARGET_RSS = c.GIB
APP_SUFFIX = ".jpg" + c.app_jpeg_options()

GENERATE = """
import sys
sys.path.insert(0, sys.argv[1])
import _common
_common.generate_tiled_tiff(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
"""


def main():
    parser = c.image_benchmark_parser(
        __doc__.split("\n")[0], width=40000, height=25000, repeat=1, timeout=400
    )
    parser.add_argument("--min-free-gib", type=float, default=4.0, help="refuse to start with less free disk")
    parser.add_argument("--no-decompose", action="store_true", help="skip the bare+app options run")
    args = parser.parse_args()
    if args.smoke:
        args.width, args.height, args.repeat, args.min_free_gib = 2000, 1500, 1, 0.1
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    free = c.free_disk("/tmp") / c.GIB
    if free < args.min_free_gib:
        sys.exit(f"only {free:.1f} GiB free under /tmp; need {args.min_free_gib} GiB (--min-free-gib)")
    print(f"{free:.1f} GiB free under /tmp")
    c.run_in_workdir("heritage-bench-gigapixel-", args, run)


def run(args, workdir):
    print(c.libvips_version(), f"| load average at start {c.load_average()}\n")
    if args.source:
        source = args.source.resolve()
    else:
        source = workdir / f"master-{args.width}x{args.height}.tif"
        generated = c.check(
            c.run_measured(
                [c.PYTHON, "-c", GENERATE, str(c.BENCH_DIR), str(source), str(args.width), str(args.height)],
                timeout=args.timeout,
            ),
            "generating the master",
        )
        print(
            f"generated {source.name}: {source.stat().st_size / 1e6:,.0f} MB, "
            f"{args.width * args.height / 1e9:.2f} gigapixels, in {generated.wall:.0f} s "
            f"with a peak RSS of {c.mib(generated.peak_rss)}"
        )
    template = workdir / "template"
    env = c.app_env(template)
    c.migrate(env, timeout=args.timeout)

    runs = {"reference": [], "ours": [], "bare+app options": []}
    phases = []
    for round_number in range(args.repeat):
        order = ["reference", "ours"] if round_number % 2 == 0 else ["ours", "reference"]
        if not args.no_decompose:
            order.append("bare+app options")
        for name in order:
            out = workdir / f"round{round_number}-{name.replace(' ', '_').replace('+', '_')}"
            out.mkdir()
            c.drop_from_page_cache_hint(source)
            if name == "reference":
                measured = c.bare_dzsave(source, out / "pyramid", timeout=args.timeout)
                size = c.dir_size(out / "pyramid")
            elif name == "bare+app options":
                measured = c.bare_dzsave(source, out / "pyramid", suffix=APP_SUFFIX, timeout=args.timeout)
                size = c.dir_size(out / "pyramid")
            else:
                round_env = c.app_env(out)
                for database in (template / "var").glob("db.sqlite3*"):
                    shutil.copy2(database, out / "var" / database.name)
                measured, phase = c.ingest_and_tile(round_env, source, f"giga-{round_number}", args.timeout)
                phases.append(phase)
                size = c.dir_size(out / "media" / "iiif")
            runs[name].append(measured)
            print(
                f"  round {round_number + 1}: {name:<16} {measured.wall:6.1f} s wall "
                f"{measured.cpu:6.1f} s CPU peak RSS {c.mib(measured.peak_rss):>9}  "
                f"pyramid {size / 1e6:,.0f} MB"
            )
            c.remove(out)
    report(args, source, runs, phases)


def report(args, source, runs, phases):
    ref, ours = runs["reference"], runs["ours"]
    ref_wall, ours_wall = c.median([m.wall for m in ref]), c.median([m.wall for m in ours])
    ref_cpu, ours_cpu = c.median([m.cpu for m in ref]), c.median([m.cpu for m in ours])
    ref_rss, ours_rss = c.median([m.peak_rss for m in ref]), c.median([m.peak_rss for m in ours])
    ref_dzsave = c.median([json.loads(m.stdout.strip().splitlines()[-1])["dzsave_s"] for m in ref])
    print(f"\n{source.name}: medians of {args.repeat} round(s); load average at end {c.load_average()}")
    print(
        c.table(
            [
                ["reference", f"{ref_wall:.1f} s", "1.00x", f"{ref_cpu:.1f} s", c.mib(ref_rss), "1.00x"],
                [
                    "ours",
                    f"{ours_wall:.1f} s",
                    f"{ours_wall / ref_wall:.2f}x",
                    f"{ours_cpu:.1f} s",
                    c.mib(ours_rss),
                    f"{ours_rss / ref_rss:.2f}x",
                ],
            ],
            ["contender", "wall", "vs ref", "CPU", "peak RSS", "vs ref"],
        )
    )
    if runs["bare+app options"]:
        opt = runs["bare+app options"]
        opt_wall, opt_cpu = c.median([m.wall for m in opt]), c.median([m.cpu for m in opt])
        opt_rss = c.median([m.peak_rss for m in opt])
        print(
            f"bare dzsave with the app's JPEG options: {opt_wall:.1f} s wall ({opt_wall / ref_wall:.2f}x), "
            f"{opt_cpu:.1f} s CPU ({opt_cpu / ref_cpu:.2f}x), peak RSS {c.mib(opt_rss)}"
        )
    startup = c.median([p["startup_s"] for p in phases])
    ingest = c.median([p["ingest_s"] for p in phases])
    tiling = c.median([p["tiling_s"] for p in phases])
    hwm_ingest = c.median([p["vm_hwm_after_ingest"] for p in phases])
    print(
        f"\nours, inside the process: Django start-up {startup:.1f} s, ingest {ingest:.1f} s "
        f"(peak RSS so far {c.mib(hwm_ingest)}), tiling {tiling:.1f} s; reference dzsave {ref_dzsave:.1f} s"
    )
    verdict = "meets" if ours_rss <= TARGET_RSS else "MISSES"
    print(f"our peak RSS {c.mib(ours_rss)} = {ours_rss / TARGET_RSS:.2f} GiB -> {verdict} the 1 GiB target")
    # ingest_file hashes the master (SHA-256), then HeritageImage.save() hashes it again
    # (_set_image_file_metadata: SHA-1 + SHA-256, as the new image has no sha256 yet), then the
    # storage copies it: how much of the ingest phase the hashing is.
    sys.path.insert(0, str(c.ROOT))
    from images.fixity import digests

    passes = []
    for algorithms in (("sha256",), ("sha1", "sha256")):
        started = time.perf_counter()
        with source.open("rb") as handle:
            digests(handle, algorithms)
        passes.append(time.perf_counter() - started)
    print(
        f"hashing the master (images.fixity.digests, file in page cache): SHA-256 {passes[0]:.1f} s, "
        f"SHA-1 + SHA-256 {passes[1]:.1f} s; the ingest phase makes one SHA-1 + SHA-256 pass, "
        f"{passes[1]:.1f} s of its {ingest:.1f} s"
    )


if __name__ == "__main__":
    main()
