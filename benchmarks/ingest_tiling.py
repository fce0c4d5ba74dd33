"""Ingest + tiling of one 100-megapixel JPEG: our end-to-end path against bare libvips dzsave.

    .venv/bin/python benchmarks/ingest_tiling.py                       # 12000×8400, 3 rounds
    .venv/bin/python benchmarks/ingest_tiling.py --width 8000 --height 6000 --repeat 5
    .venv/bin/python benchmarks/ingest_tiling.py --source scan.jpg     # an existing master instead

Everything happens in a temporary folder that is removed at the end (``--keep`` keeps it): a
generated textured JPEG (colour clouds, grain, text; not flat), a throw-away SQLite database
migrated once and copied for every round, and each contender's output. Nothing touches the
developer's ``var/`` or ``media/``.

Contenders, each a fresh process, run in turns (alternating order) ``--repeat`` times, medians
reported:

- reference: bare ``dzsave(layout="iiif3", tile_size=512, suffix=".jpg[Q=85]")`` through pyvips
  in a new Python process -- the same libvips build as the app (pyvips-binary), i.e. what
  ``vips dzsave FILE out --layout iiif3 --tile-size 512 --suffix .jpg[Q=85]`` does. pyvips-binary
  ships no ``vips`` command; a ``vips`` on PATH (Debian's libvips-tools) is a different, older
  libvips, so it is timed too but for information only.
- ours: ``benchmarks/_ingest_tile_driver.py``: Django start-up, ``images.ingest.ingest_file``
  (header check, streamed SHA-256, file stored, commit that enqueues tiling) then
  ``iiif.tiling.tile_image`` as the task worker runs it (sRGB normalisation, dzsave with the
  app's JPEG options into a staging folder, atomic publish, status update).
- decomposition: the bare dzsave with the app's JPEG options (read from ``iiif/tiling.py``)
  shows what the encoder options cost apart from the rest of the pipeline;
- what-if: ours again with ``iiif.tiling.JPEG_TILE_OPTIONS`` set to
  ``[Q=85,optimize_coding,keep=none]`` (about 5 % smaller tiles) inside the driver process only
  -- the measured cost of that option (``--no-what-if`` skips it).

Wall time is measured around each process; peak RSS is that process's ru_maxrss (os.wait4).
The target is ours <= 1.25x the reference's wall time; figures are printed, never asserted.
"""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _common as c

APP_SUFFIX = ".jpg" + c.app_jpeg_options()
WHAT_IF = "ours, optimize_coding"
WHAT_IF_OPTIONS = "[Q=85,optimize_coding,keep=none]"
TARGET_RATIO = 1.25


def main():
    parser = c.image_benchmark_parser(__doc__.split("\n")[0], width=12000, height=8400, repeat=3, timeout=300)
    parser.add_argument("--no-cli", action="store_true", help="skip the informational `vips` CLI run")
    parser.add_argument("--no-what-if", action="store_true", help="skip ours with optimize_coding")
    parser.add_argument("--json", type=Path, help="also write the raw figures to this file")
    args = parser.parse_args()
    if args.smoke:
        args.width, args.height, args.repeat = 1200, 900, 1
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    c.run_in_workdir("heritage-bench-ingest-", args, run)


def run(args, workdir):
    print(c.libvips_version(), f"| load average at start {c.load_average()}")
    print("figures are only comparable within one run; CPU time is less disturbed by other load\n")
    if args.source:
        source = args.source.resolve()
    else:
        source = workdir / f"master-{args.width}x{args.height}.jpg"
        start = time.perf_counter()
        c.generate_jpeg(source, args.width, args.height)
        print(
            f"generated {source.name}: {source.stat().st_size / 1e6:.1f} MB "
            f"in {time.perf_counter() - start:.1f} s"
        )

    template = workdir / "template"
    env = c.app_env(template)
    start = time.perf_counter()
    c.migrate(env, timeout=args.timeout)
    print(f"migrated the template database in {time.perf_counter() - start:.1f} s (not timed below)\n")

    cli, cli_version = (None, None) if args.no_cli else c.vips_cli()
    runs = {"reference": [], "ours": [], "bare+app options": [], WHAT_IF: [], "vips CLI": []}
    phases = []
    what_if_phases = []
    for round_number in range(args.repeat):
        order = ["reference", "ours"] if round_number % 2 == 0 else ["ours", "reference"]
        order.append("bare+app options")
        if not args.no_what_if:
            order.append(WHAT_IF)
        if cli:
            order.append("vips CLI")
        for name in order:
            out = workdir / f"round{round_number}-{name.replace(' ', '_').replace('+', '_')}"
            out.mkdir()
            c.drop_from_page_cache_hint(source)
            if name == "reference":
                measured = c.bare_dzsave(source, out / "pyramid", timeout=args.timeout)
            elif name == "bare+app options":
                measured = c.bare_dzsave(source, out / "pyramid", suffix=APP_SUFFIX, timeout=args.timeout)
            elif name == "vips CLI":
                measured = c.check(
                    c.run_measured(
                        [
                            cli,
                            "dzsave",
                            str(source),
                            str(out / "pyramid"),
                            "--layout",
                            "iiif3",
                            "--tile-size",
                            "512",
                            "--suffix",
                            ".jpg[Q=85]",
                        ],
                        timeout=args.timeout,
                    ),
                    "vips dzsave",
                )
            else:
                round_env = c.app_env(out)
                for database in (template / "var").glob("db.sqlite3*"):
                    shutil.copy2(database, out / "var" / database.name)
                options = WHAT_IF_OPTIONS if name == WHAT_IF else None
                measured, phase = c.ingest_and_tile(
                    round_env, source, f"bench-{round_number}", args.timeout, jpeg_options=options
                )
                phase["wall"] = measured.wall
                (what_if_phases if name == WHAT_IF else phases).append(phase)
            runs[name].append(measured)
            print(
                f"  round {round_number + 1}: {name:<17} {measured.wall:6.2f} s wall "
                f"{measured.cpu:6.2f} s CPU {c.mib(measured.peak_rss):>9}"
            )
            c.remove(out)
    report(args, source, runs, phases, what_if_phases, cli_version)


def report(args, source, runs, phases, what_if_phases, cli_version):
    ref = runs["reference"]
    ref_wall = c.median([m.wall for m in ref])
    ref_rss = c.median([m.peak_rss for m in ref])
    ref_cpu = c.median([m.cpu for m in ref])
    ref_dzsave = c.median([json.loads(m.stdout.strip().splitlines()[-1])["dzsave_s"] for m in ref])
    rows = []
    for name, measured in runs.items():
        if not measured:
            continue
        wall = c.median([m.wall for m in measured])
        rss = c.median([m.peak_rss for m in measured])
        cpu = c.median([m.cpu for m in measured])
        label = f"vips CLI ({cli_version})" if name == "vips CLI" else name
        rows.append(
            [
                label,
                f"{wall:.2f} s",
                f"{wall / ref_wall:.2f}x",
                f"{cpu:.2f} s",
                f"{cpu / ref_cpu:.2f}x",
                c.mib(rss),
                f"{rss / ref_rss:.2f}x",
            ]
        )
    print(
        f"\n{source.name} ({source.stat().st_size / 1e6:.1f} MB): medians of {args.repeat} rounds, "
        f"each contender a fresh process; load average at end {c.load_average()}"
    )
    print(c.table(rows, ["contender", "wall", "vs ref", "CPU", "vs ref", "peak RSS", "vs ref"]))

    startup = c.median([p["startup_s"] for p in phases])
    ingest = c.median([p["ingest_s"] for p in phases])
    tiling = c.median([p["tiling_s"] for p in phases])
    ours_wall = c.median([p["wall"] for p in phases])
    hwm_ingest = c.median([p["vm_hwm_after_ingest"] for p in phases])
    print(
        f"\nours, inside the process: Django start-up {startup:.2f} s, ingest {ingest:.2f} s, "
        f"tiling {tiling:.2f} s (peak RSS after start-up + ingest {c.mib(hwm_ingest)})"
    )
    print(f"reference, inside the process: dzsave {ref_dzsave:.2f} s")
    ref_dzsave_cpu = c.median(
        [json.loads(m.stdout.strip().splitlines()[-1]).get("dzsave_cpu_s", 0) for m in ref]
    )
    work_cpu = c.median([p.get("work_cpu_s", 0) for p in phases])
    if ref_dzsave_cpu:
        print(
            f"CPU of the work itself (steadier than wall time on a shared machine): ingest with full "
            f"verification + tiling {work_cpu:.2f} s / bare dzsave {ref_dzsave_cpu:.2f} s = "
            f"{work_cpu / ref_dzsave_cpu:.2f}x (target <= {TARGET_RATIO}x)"
        )
    ratio = ours_wall / ref_wall
    warm = (ingest + tiling) / ref_wall
    verdict = "meets" if ratio <= TARGET_RATIO else "MISSES"
    print(f"\nours / reference wall time: {ratio:.2f}x -> {verdict} the {TARGET_RATIO}x target")
    print(
        f"without Django start-up (what a running `manage.py db_worker` pays per image): "
        f"(ingest + tiling) / reference = {warm:.2f}x; tiling alone / in-process dzsave = "
        f"{tiling / ref_dzsave:.2f}x"
    )
    if what_if_phases:
        w_wall = c.median([p["wall"] for p in what_if_phases])
        w_warm = c.median([p["ingest_s"] + p["tiling_s"] for p in what_if_phases])
        w_tiling = c.median([p["tiling_s"] for p in what_if_phases])
        print(
            f"what-if, JPEG_TILE_OPTIONS={WHAT_IF_OPTIONS} (~5 % smaller tiles): fresh process "
            f"{w_wall / ref_wall:.2f}x the reference; without start-up {w_warm / ref_wall:.2f}x; "
            f"tiling alone / in-process dzsave {w_tiling / ref_dzsave:.2f}x"
        )
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    name: [{"wall": m.wall, "peak_rss": m.peak_rss} for m in measured]
                    for name, measured in runs.items()
                }
                | {"phases": phases, "what_if_phases": what_if_phases},
                indent=1,
            )
        )


if __name__ == "__main__":
    try:
        main()
    except subprocess.TimeoutExpired as error:
        sys.exit(f"timed out: {error}")
