"""Open data at scale: a full OAI-PMH ListRecords harvest and a full /api/records walk.

    .venv/bin/python benchmarks/opendata_harvest.py [--records 100000] [--smoke] [--keep]

In a temporary folder (own SQLite database and MEDIA_ROOT, removed at the end unless --keep),
``_opendata_driver.py generate`` publishes ``--records`` records (3/4 heritage sites, 1/4
artefacts, 30 % also in English; 5 % of the sites sensitive): one of each type through the
editor's path, the rest as copies of its rows (publishing 100,000 pages one by one would take
hours and measures Wagtail, not open data), then their open-data state as the sync tasks write it.

Then, each in a fresh process with the production settings' code path (test Client, no network):

* ``oai``: ``/oai?verb=ListRecords&metadataPrefix=oai_dc`` followed through every resumption token;
* ``api``: ``/api/records?size=100`` followed through every ``next``;
* ``bare``: the reference — the same rows by the same keyset, 100 at a time, one SELECT of the
  state and one of the record pages per page, dumped with ``json.dumps`` (no serialisation of the
  fields the formats give, no XML, no HTTP stack).

Reported: records/s, p50/p95 per page, peak RSS of the process (and its RSS before the walk), and
each walk's ratio to the reference. ``--smoke``: 300 records, to check the script runs.
Nothing is asserted; compare ratios within one run.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys

from _common import (
    PYTHON,
    ROOT,
    app_env,
    check,
    load_average,
    make_workdir,
    migrate,
    remove,
    run_measured,
    table,
    use_bytecode_cache,
)

DRIVER = ROOT / "benchmarks" / "_opendata_driver.py"


def p95(values):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--smoke", action="store_true", help="300 records: check that the script runs")
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    total = 300 if args.smoke else args.records
    workdir = make_workdir("opendata-bench-")
    use_bytecode_cache(workdir)
    try:
        env = app_env(workdir, settings="heritage_site.settings.dev")
        migrate(env)
        generated = check(
            run_measured([PYTHON, str(DRIVER), "generate", str(total)], env=env, cwd=ROOT, timeout=7200),
            "generate",
        )
        print("generated:", generated.stdout.strip().splitlines()[-1], f"in {generated.wall:.0f} s")
        results = {}
        for what in ("bare", "api", "oai"):
            measured = check(
                run_measured([PYTHON, str(DRIVER), "measure", what], env=env, cwd=ROOT, timeout=7200), what
            )
            results[what] = json.loads(measured.stdout.strip().splitlines()[-1])
            done = results[what]
            # Printed as each walk ends: a long run interrupted still leaves its figures.
            print(f"{what}: {done['records']:,} records in {done['seconds']:.0f} s", flush=True)
        reference = results["bare"]
        rows = []
        for what, label in (
            ("bare", "bare paged query (reference)"),
            ("api", "/api/records walk"),
            ("oai", "OAI-PMH ListRecords oai_dc"),
        ):
            r = results[what]
            rate = r["records"] / r["seconds"]
            rows.append(
                [
                    label,
                    f"{r['records']:,}",
                    f"{rate:,.0f}",
                    f"{reference['records'] / reference['seconds'] / rate:.1f}×",
                    f"{statistics.median(r['pages']) * 1000:.0f} ms",
                    f"{p95(r['pages']) * 1000:.0f} ms",
                    f"{p95(r['pages']) / p95(reference['pages']):.1f}×",
                    f"{r['rss_start'] / 1024**2:.0f} → {r['rss_peak'] / 1024**2:.0f} MiB",
                ]
            )
        print(f"\n{total:,} records; load average before: {load_average()}")
        print(
            table(
                rows,
                [
                    "walk",
                    "records",
                    "records/s",
                    "slower than ref",
                    "p50/page",
                    "p95/page",
                    "p95 vs ref",
                    "RSS start → peak",
                ],
            )
        )
    finally:
        if args.keep:
            print("kept", workdir)
        else:
            remove(workdir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
