"""Search at the scale of a province: indexing rate and latency of 30 representative requests.

    .venv/bin/python benchmarks/search_latency.py [--records 100000] [--db-records 10000] [--repeat 5]

Generates realistic search documents (Vietnamese titles with tones, English translations, summaries
in both languages, facets, coordinates; ``_search_driver.py``), indexes them as ``update_index``
does (chunks of 1,000), then times 30 requests through the real views (`/api/search`,
`/api/search/suggest`): 10 folded (no tones), 8 exact (tones), 6 faceted, 6 autocomplete — after
900 warm-up searches of other words (a node in service has its search paths compiled), one
first asking and ``--repeat`` timed runs each, p50/p95 over all runs (the engines keep repeated
searches in their request cache until the index changes, as popular searches are in the field;
the warm-ups, each request asked the first time, are reported apart). Reference, measured in the same
run: the bare round trip to the store (OpenSearch `_count`, SQLite `SELECT 1`).

OpenSearch and Elasticsearch: 100,000 records each, one after the other in the same run, on the
single nodes of bin/search-engine (started if needed, and stopped again if this script started
them; ports from OPENSEARCH_PORT / ELASTICSEARCH_PORT). Database backend: 10,000 records in SQLite
FTS5. Targets (issue 18): p95 ≤ 25 ms on both engines at 100k; ≤ 300 ms on the database backend
at 10k (issue 4). The ratio of the engines' p95 is printed too.
"""

import argparse
import json
import subprocess
import sys
import uuid

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
)

SCRIPT = ROOT / "bin" / "search-engine"
DRIVER = ROOT / "benchmarks" / "_search_driver.py"
ENGINES = {"opensearch": "OpenSearch", "elasticsearch": "Elasticsearch"}
ENGINE_TARGET_MS = 25


def engine(command, name):
    return subprocess.run(["bash", str(SCRIPT), command, name], capture_output=True, text=True, timeout=900)


def run_backend(name, records, repeat, search_url=None, keep=False):
    workdir = make_workdir(f"bench-search-{name}-")
    try:
        env = app_env(workdir, extra={"SEARCH_URL": search_url} if search_url else None)
        if not search_url:
            env.pop("SEARCH_URL", None)
        migrate(env)
        measured = run_measured(
            [PYTHON, str(DRIVER), str(records), str(repeat)], env=env, cwd=ROOT, timeout=3600
        )
        check(measured, f"search driver ({name})")
        result = json.loads(measured.stdout.strip().splitlines()[-1])
        result["peak_rss"] = measured.peak_rss
        return result
    finally:
        if keep:
            print(f"kept {workdir}")
        else:
            remove(workdir)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--db-records", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--only", choices=[*ENGINES, "database"], help="run one backend only")
    parser.add_argument(
        "--smoke", action="store_true", help="50 records on the database backend: checks the script runs"
    )
    args = parser.parse_args()
    if args.smoke:
        args.records, args.db_records, args.repeat = 50, 50, 1
        args.only = args.only or "database"

    print(f"load average before: {load_average()}")
    results = {}
    for name, label in ENGINES.items():
        if args.only not in (None, name):
            continue
        was_running = engine("status", name).returncode == 0
        started = engine("start", name)
        if started.returncode != 0:
            sys.exit(f"{label} did not start:\n{started.stderr[-2000:]}")
        urls = started.stdout.strip().splitlines()[-1]
        try:
            hosts = ",".join(url.split("://", 1)[1] for url in urls.split(","))
            search_url = f"{name}://{hosts}/bench{uuid.uuid4().hex[:8]}"
            result = run_backend(name, args.records, args.repeat, search_url, args.keep)
            results[label] = (result, ENGINE_TARGET_MS)
        finally:
            if not was_running:
                engine("stop", name)
    if args.only in (None, "database"):
        database = run_backend("database", args.db_records, args.repeat, None, args.keep)
        results["database (SQLite FTS5)"] = (database, 300)

    rows = []
    for name, (result, target) in results.items():
        if result["failures"]:
            print(f"{name}: requests that failed: {result['failures']}")
        rows.append(
            [
                name,
                f"{result['count']:,}",
                f"{result['per_second']:,.0f}/s",
                f"{result['p50_ms']:.1f} ms",
                f"{result['p95_ms']:.1f} ms",
                f"≤ {target} ms",
                f"{result['p95_ms'] / target:.2f}",
                f"{result['floor_ms']:.2f} ms",
                f"{result['p95_ms'] / result['floor_ms']:.0f}×",
            ]
        )
    print()
    print(
        table(
            rows,
            ["backend", "records", "indexing", "p50", "p95", "target", "p95/target", "floor", "p95/floor"],
        )
    )
    print()
    kinds = []
    for name, (result, _target) in results.items():
        for kind, (p50, p95) in result["by_kind"].items():
            kinds.append([name, kind, f"{p50:.1f} ms", f"{p95:.1f} ms"])
    print(table(kinds, ["backend", "requests", "p50", "p95"]))
    print()
    first = [
        [name, f"{result['first_p50_ms']:.1f} ms", f"{result['first_p95_ms']:.1f} ms"]
        for name, (result, _target) in results.items()
    ]
    print("Each of the 30 requests the first time it is asked (nothing of it in the engine's caches)")
    print(table(first, ["backend", "p50", "p95"]))
    print()
    parts = []
    for name, (result, _target) in results.items():
        for kind, (whole, round_trip, took) in result.get("parts", {}).items():
            if round_trip:
                parts.append(
                    [
                        name,
                        kind,
                        f"{whole:.1f} ms",
                        f"{took:.1f} ms",
                        f"{round_trip - took:.1f} ms",
                        f"{whole - round_trip:.1f} ms",
                    ]
                )
    if parts:
        print("Where the time goes (medians): the engine's own work, the way to and from it, the view")
        print(table(parts, ["backend", "requests", "request", "engine took", "transport", "view"]))
    print()
    for name, (result, _target) in results.items():
        print(
            f"{name}: 'my son' → first {result['my_son_first']!r} of {result['my_son_total']:,}; "
            f"peak RSS of the driver {result['peak_rss'] / 1024**2:,.0f} MiB"
        )
    if all(label in results for label in ENGINES.values()):
        es, os_ = results["Elasticsearch"][0], results["OpenSearch"][0]
        ratios = {key: es[key] / os_[key] for key in ("p50_ms", "p95_ms", "per_second")}
        print(
            f"Elasticsearch / OpenSearch: p50 {ratios['p50_ms']:.2f}, p95 {ratios['p95_ms']:.2f}, "
            f"indexing rate {ratios['per_second']:.2f}"
        )
    print(f"load average after: {load_average()}")


main()
