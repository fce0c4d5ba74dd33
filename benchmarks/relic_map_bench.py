"""The relic map at the scale of the province: GeoJSON weight and latency, page weight, Lighthouse.

    .venv/bin/python benchmarks/relic_map_bench.py [--sites 2000] [--repeat 20] [--lighthouse-runs 3]
                                             [--no-lighthouse] [--keep]

In a temporary folder (own SQLite database, MEDIA_ROOT, STATIC_ROOT; removed at the end), publishes
``--sites`` SitePages as an editor does (``add_child`` + ``save_revision().publish()``;
``_relic_map_driver.py``): Vietnamese names with tones, about 40 % also published in English, 70 %
with a tiled photograph (thumbnail), random rankings/categories/former districts, points in lat
14.9–16.1, lon 107.2–108.8, 5 % flagged sensitive. Then, with the production settings:

1. ``/api/sites.geojson?lang=vi`` through the real view (Django test Client, fresh process): size
   raw and gzipped (level 6, as nginx), per 1,000 sites, against the target ≤ 100 kB gzipped per
   1,000 sites; p50/p95 over ``--repeat`` of a cold request (cache cleared: the document is built),
   a warm one (cached document) and a conditional one (If-None-Match → 304). References in the same
   process: the same URL refused with 400 before any query (the stack's floor), the bare SELECT of
   the site rows, and ``json.dumps`` of the same features. Each part of a build is timed on its
   own, and one cold request is profiled.
2. First load of ``/vi/ban-do/``: the scripts and stylesheets its HTML loads (``<script src>``,
   ``<link rel=stylesheet>`` under /static/), each gzipped at level 6, against ≤ 250 kB; the HTML.
3. Lighthouse mobile performance (``lighthouse/run.sh``) of the map page served as in production:
   gunicorn (production settings, 2 workers) behind nginx with ``deploy/nginx/heritage.conf`` adapted
   to loopback (_nginx.adapt_site), static files collected. Two runs: MAP_TILE_URL=""
   (outline only) and the default OpenStreetMap tiles (unreachable here: they fail fast). Reference:
   the home page ``/vi/`` on the same stack. What-if: the same with application/geo+json added to
   nginx's gzip_types. Each page ``--lighthouse-runs`` times, interleaved; medians reported.
   ``--no-lighthouse`` skips this part.

kB = 1,000 bytes. Nothing is asserted; compare ratios within one run.
"""

from __future__ import annotations

import argparse
import json
import re
import secrets
import signal
import statistics
import sys
import time
from pathlib import Path

import _nginx
from _common import (
    BENCH_DIR,
    PYTHON,
    ROOT,
    app_env,
    check,
    free_port,
    load_average,
    make_workdir,
    migrate,
    remove,
    run_measured,
    table,
    use_bytecode_cache,
    wait_for_port,
)
from tile_serving import fetch, start, stop

DRIVER = BENCH_DIR / "_relic_map_driver.py"
LIGHTHOUSE = BENCH_DIR / "lighthouse" / "run.sh"
GEOJSON_TARGET = 100_000  # bytes gzipped per 1,000 sites
ASSETS_TARGET = 250_000  # bytes gzipped: scripts + stylesheets of the map page
PRODUCTION = "heritage_site.settings.production"
# Used only when collectstatic fails with the production settings (see collect_static).
FALLBACK_SETTINGS = """from heritage_site.settings.production import *  # noqa
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"}}
"""


def kb(nbytes):
    return f"{nbytes / 1000:,.1f} kB"


def ms(value):
    return f"{value:,.1f} ms" if value >= 1 else f"{value:.2f} ms"


def driver(env, *args, timeout=3600):
    measured = check(
        run_measured([PYTHON, str(DRIVER), *map(str, args)], env=env, cwd=ROOT, timeout=timeout),
        f"driver {args[0]}",
    )
    return json.loads(measured.stdout.strip().splitlines()[-1])


def collect_static(workdir, env):
    """collectstatic with the production settings; when it fails, the same settings with
    CompressedStaticFilesStorage (no hashed names), so that the rest can still be measured."""
    command = [PYTHON, str(ROOT / "manage.py"), "collectstatic", "--noinput", "-v", "0"]
    measured = run_measured(command, env=env, cwd=ROOT, timeout=300)
    if measured.returncode == 0:
        return env, None
    error = next((x for x in reversed(measured.stderr.splitlines()) if "Error" in x), "?")
    (workdir / "bench_settings.py").write_text(FALLBACK_SETTINGS)
    env = dict(env, DJANGO_SETTINGS_MODULE="bench_settings", PYTHONPATH=f"{ROOT}:{workdir}")
    check(run_measured(command, env=env, cwd=ROOT, timeout=300), "collectstatic (fallback)")
    return env, error


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--no-lighthouse", action="store_true")
    parser.add_argument("--lighthouse-runs", type=int, default=3, help="runs of each page (medians)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument(
        "--smoke", action="store_true", help="50 sites, no Lighthouse: checks the script runs"
    )
    args = parser.parse_args()
    if args.smoke:
        args.sites, args.repeat, args.no_lighthouse = 50, 2, True
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so that the servers are stopped
    print(f"load average before: {load_average()}")
    started = time.perf_counter()
    workdir = make_workdir("bench-relic-map-")
    use_bytecode_cache(workdir)
    try:
        run(args, workdir)
    finally:
        if args.keep:
            print(f"kept {workdir}")
        else:
            remove(workdir)
    print(f"load average after: {load_average()}; whole run {time.perf_counter() - started:.0f} s")


def run(args, workdir):
    env = app_env(workdir)
    migrate(env)
    made = driver(env, "generate", args.sites)
    print(
        f"published {made['sites']:,} sites in {made['seconds']:.0f} s ({made['english']:,} also in "
        f"English, {made['images']:,} with a photograph, {made['sensitive']} sensitive)"
    )
    env = app_env(
        workdir,
        settings=PRODUCTION,
        extra={
            "SECRET_KEY": secrets.token_urlsafe(40),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "PUBLIC_BASE_URL": "https://heritage.example.org",
            "SECURE_SSL_REDIRECT": "false",
            "ARCHIVE_ROOT": str(workdir / "var" / "archive"),
        },
    )
    env, static_error = collect_static(workdir, env)
    if static_error:
        print(
            "\nWARNING: `collectstatic` fails with the production settings (a deploy would stop here):"
            f"\n  {re.sub(r' with <[^>]+>', '', static_error)}\n  measured with"
            " CompressedStaticFilesStorage instead (same files, names not hashed)."
        )
    result = driver(env, "measure", args.repeat)
    report_geojson(args, result)
    report_page(result)
    if not args.no_lighthouse:
        report_lighthouse(lighthouse(workdir, env, args.lighthouse_runs), result)


def report_geojson(args, r):
    n = r["features"]
    per = 1000 / n
    print(
        f"\n== 1. /api/sites.geojson?lang=vi: {n:,} features ({r['generalised']} generalised, "
        f"{r['thumbnails']:,} with a thumbnail, {r['english_names']:,} with an English name); "
        f"{r['content_type']}; Cache-Control: {r['cache_control']}"
    )
    rows = [
        ["raw", kb(r["raw_bytes"]), kb(r["raw_bytes"] * per), f"{r['raw_bytes'] / n:,.0f} B", "", ""],
        [
            "gzip -6",
            kb(r["gzip_bytes"]),
            kb(r["gzip_bytes"] * per),
            f"{r['gzip_bytes'] / n:,.0f} B",
            f"≤ {kb(GEOJSON_TARGET)} / 1,000",
            f"{r['gzip_bytes'] * per / GEOJSON_TARGET:.2f}",
        ],
    ]
    print(table(rows, ["body", f"{n:,} sites", "per 1,000 sites", "per site", "target", "ratio to target"]))

    stack, select, dumps = r["ref_stack"], r["ref_select"], r["ref_dumps"]
    print(f"\nresponse time through the view, {args.repeat} requests each (p50 / p95):")

    def row(label, values, versus_select=True, versus_stack=True):
        return [
            label,
            *map(ms, values),
            f"{values[0] / select[0]:,.2f}×" if versus_select else "",
            f"{values[0] / stack[0]:,.1f}×" if versus_stack else "",
        ]

    rows = [
        row("cold: cache cleared, document built", r["cold"]),
        row("warm: cached document", r["warm"]),
        row("conditional: If-None-Match → 304", r["conditional"]),
        ["first request of the process (once)", ms(r["first_ms"]), "", "", ""],
        row("ref: same URL refused with 400 (floor)", stack, versus_select=False),
        row("ref: bare SELECT of the site rows", select, versus_stack=False),
        row("ref: json.dumps of the same features", dumps, versus_stack=False),
    ]
    print(table(rows, ["request", "p50", "p95", "p50 / SELECT", "p50 / floor"]))

    print("\nparts of a build, each timed alone (p50 / p95):")
    cold = r["cold"][0]
    rows = [[name, *map(ms, values), f"{values[0] / cold:.0%}"] for name, values in r["parts"].items()]
    print(table(rows, ["part", "p50", "p95", "of cold p50"]))
    print(f"\nprofile of one cold request ({ms(r['profile_total_ms'])} under cProfile), by own time:")
    rows = [[name, f"{calls:,}", ms(own), ms(cum)] for name, calls, own, cum in r["profile"]]
    print(table(rows, ["function", "calls", "own", "cumulative"]))


def report_page(r):
    print(
        f"\n== 2. first load of /vi/ban-do/: HTML {kb(r['page_raw'])} raw, {kb(r['page_gzip'])} gzipped "
        f"({r['list_items']:,} sites listed); server time p50 {ms(r['page'][0])}, p95 {ms(r['page'][1])} "
        f"= {r['page'][0] / r['cold'][0]:.2f}× a cold GeoJSON build (its features are built on every request)"
    )
    rows = [[url, kb(raw), kb(packed)] for url, raw, packed in r["assets"]]
    raw, packed = (sum(a[i] for a in r["assets"]) for i in (1, 2))
    rows.append(["scripts + stylesheets", kb(raw), kb(packed)])
    print(table(rows, ["file", "raw", "gzip -6"]))
    print(
        f"scripts + stylesheets gzipped: {kb(packed)} — target ≤ {kb(ASSETS_TARGET)}, ratio "
        f"{packed / ASSETS_TARGET:.2f}; with the HTML and the GeoJSON (both gzipped): "
        f"{kb(packed + r['page_gzip'] + r['gzip_bytes'])}"
    )


# --- Lighthouse on the production stack --------------------------------------------------------


def nginx_conf(workdir, name, ports, geojson_gzip=False):
    """deploy/nginx/heritage.conf adapted to loopback; ``geojson_gzip`` adds application/geo+json to
    its gzip_types (the what-if)."""
    base = workdir / name
    (base / "tmp").mkdir(parents=True, exist_ok=True)
    site = _nginx.adapt_site(ports, workdir)
    if geojson_gzip:
        site = re.sub(r"(\bgzip_types [^;]*);", r"\1 application/geo+json;", site)
    conf = base / "nginx.conf"
    kinds = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    temps = "\n".join(f"    {kind}_temp_path {base}/tmp/{kind};" for kind in kinds)
    conf.write_text(
        f"worker_processes 1;\ndaemon off;\npid {base}/nginx.pid;\nerror_log {base}/error.log warn;\n"
        "events { worker_connections 256; }\nhttp {\n    sendfile on;\n    tcp_nopush on;\n"
        "    types_hash_max_size 2048;\n    include /etc/nginx/mime.types;\n"
        f"    default_type application/octet-stream;\n    access_log off;\n{temps}\n{site}\n}}\n"
    )  # fmt: skip
    return conf


def lighthouse(workdir, env, rounds):
    """Lighthouse runs against gunicorn behind the production nginx config (and behind the what-if
    copy of it); every server is stopped at the end, whatever happens."""
    app_port = free_port()
    ports = {
        name: {"gunicorn": app_port, "redirect": free_port(), "prod": free_port()}
        for name in ("deploy", "what-if")
    }
    gunicorn = [str(Path(PYTHON).parent / "gunicorn"), "heritage_site.wsgi:application", "--workers", "2"]
    gunicorn += ["--bind", f"127.0.0.1:{app_port}", "--log-level", "warning"]
    runs = [  # (page, label, MAP_TILE_URL or None for the default, nginx)
        ("/vi/ban-do/", "outline only (MAP_TILE_URL='')", "", "deploy"),
        ("/vi/ban-do/", "default OSM tiles (unreachable)", None, "deploy"),
        ("/vi/ban-do/", "what-if: nginx gzips the GeoJSON, default tiles", None, "what-if"),
        ("/vi/", "ref: home page", None, "deploy"),
    ]  # fmt: skip
    servers, results, transfer = [], [], {}
    try:
        for name in ports:
            conf = nginx_conf(workdir, f"nginx-{name}", ports[name], geojson_gzip=name == "what-if")
            servers.append(start(["nginx", "-c", str(conf), "-p", str(conf.parent)], workdir / "nginx.log"))
            wait_for_port(ports[name]["prod"], timeout=30, process=servers[-1])
        for tiles in ("", None):
            app_environ = {k: v for k, v in env.items() if k != "MAP_TILE_URL"}
            if tiles is not None:
                app_environ["MAP_TILE_URL"] = tiles
            server = start(gunicorn, workdir / "gunicorn.log", env=app_environ, cwd=ROOT)
            try:
                wait_for_port(app_port, timeout=60, process=server)
                for _ in range(4):  # both workers load the URLconf and build their cached document
                    for path in ("/vi/ban-do/", "/api/sites.geojson?lang=vi", "/vi/"):
                        status, _headers, _body = fetch(ports["deploy"]["prod"], path)
                        if status != 200:
                            sys.exit(f"{path} through nginx answered {status}; see {workdir}/gunicorn.log")
                transfer = transfer or served_encodings(ports["deploy"]["prod"])
                mine = [
                    (path, label, ports[nginx]["prod"], [])
                    for path, label, mode, nginx in runs
                    if mode == tiles
                ]
                for _round in range(rounds):  # interleaved, so that the machine's load falls on all
                    for path, _label, port, values in mine:
                        values.append(run_lighthouse(workdir, port, path))
                results += [(path, label, values) for path, label, _port, values in mine]
            finally:
                stop(server)
    finally:
        for server in servers:
            stop(server)
    return results, transfer


def served_encodings(port):
    """What nginx (deploy config) sends a browser asking for gzip: (encoding, bytes) per resource."""
    paths = {"GeoJSON": "/api/sites.geojson?lang=vi", "map page HTML": "/vi/ban-do/"}
    _status, _headers, html = fetch(port, "/vi/ban-do/")
    script = re.search(rb'<script[^>]*src="(/static/[^"]*leaflet\.js)"', html)
    if script:
        paths["leaflet.js"] = script.group(1).decode()
    answers = {}
    for name, path in paths.items():
        _status, headers, body = fetch(port, path, {"Accept-Encoding": "gzip"})
        answers[name] = (headers.get("Content-Encoding") or "none", len(body), headers.get("Content-Type"))
    return answers


def run_lighthouse(workdir, port, path):
    out = workdir / f"lighthouse-{len(list(workdir.glob('lighthouse-*.json')))}.json"
    command = ["bash", str(LIGHTHOUSE), f"http://127.0.0.1:{port}{path}", str(out)]
    measured = run_measured(command, timeout=600)
    line = next((x for x in measured.stdout.splitlines() if x.startswith("performance_score=")), None)
    if measured.returncode != 0 or line is None:
        return {"error": (measured.stderr.strip().splitlines() or ["no output"])[-1][:200]}
    values = {key: float(value) for key, value in (pair.split("=") for pair in line.split())}
    report = json.loads(out.read_text())
    audits = report["audits"]
    values["ttfb_ms"] = audits["server-response-time"].get("numericValue", 0)
    for item in audits["network-requests"]["details"]["items"]:
        if "sites.geojson" in item["url"]:
            values["geojson_transfer"] = item.get("transferSize", 0)
    items = audits.get("lcp-breakdown-insight", {}).get("details", {}).get("items", [])
    nodes = [item.get("selector", "?") for item in items if item.get("type") == "node"]
    values["lcp_element"] = nodes[0] if nodes else "?"
    return values


def summary(runs):
    """Median of each figure over the runs that gave a score, with the range of the scores."""
    ok = [v for v in runs if "error" not in v]
    if not ok:
        return {"error": runs[-1]["error"]}
    keys = {key for v in ok for key, value in v.items() if isinstance(value, float | int)}
    medians = {key: statistics.median(v[key] for v in ok if key in v) for key in keys}
    scores = [v["performance_score"] for v in ok]
    spread = f" ({min(scores):.0f}–{max(scores):.0f})" if len(ok) > 1 else ""
    medians["score"] = f"{medians['performance_score']:.0f}{spread}"
    medians["lcp_elements"] = sorted({v["lcp_element"] for v in ok})
    medians["runs"] = f"{len(ok)}/{len(runs)}"
    return medians


def report_lighthouse(outcome, r):
    results, transfer = outcome
    print("\n== nginx with deploy/nginx/heritage.conf, to a browser sending Accept-Encoding: gzip:")
    rows = [[name, ctype, encoding, kb(size)] for name, (encoding, size, ctype) in transfer.items()]
    print(table(rows, ["resource", "Content-Type", "Content-Encoding", "bytes sent"]))
    geo = transfer.get("GeoJSON")
    if geo and geo[0] == "none":
        print(
            f"!! the GeoJSON goes out uncompressed ({kb(geo[1])} instead of {kb(r['gzip_bytes'])}): "
            "gzip_types in deploy/nginx/heritage.conf does not list application/geo+json"
        )
    if "gzip_comp_level" not in _nginx.DEPLOY_CONF.read_text():
        print("note: the deploy config sets no gzip_comp_level, so nginx compresses at level 1, not 6")
    print("\n== 3. Lighthouse, mobile (simulated throttling), map page vs the home page on the same stack")
    results = [(path, label, summary(runs)) for path, label, runs in results]
    reference = next((v for p, _label, v in results if p == "/vi/" and "error" not in v), None)
    rows = []
    for path, label, v in results:
        if "error" in v:
            rows.append([path, label, "failed: " + v["error"], *[""] * 8])
            continue
        ratio = f"{v['performance_score'] / reference['performance_score']:.2f}" if reference else "?"
        rows.append(
            [
                path,
                label,
                v["score"],
                ratio,
                ms(v["fcp_ms"]),
                ms(v["lcp_ms"]),
                ms(v["tbt_ms"]),
                f"{v['cls']:.3f}",
                kb(v["total_bytes"]),
                ms(v["ttfb_ms"]),
                kb(v["geojson_transfer"]) if "geojson_transfer" in v else "-" if path == "/vi/" else "none",
            ]
        )
    for path, label, v in results:
        if path != "/vi/" and "error" not in v and "geojson_transfer" not in v:
            print(f"!! {label}: the map script never requested the GeoJSON (it stopped early: no markers)")
    headers = ["page", "run", "score", "/ ref", "FCP", "LCP", "TBT", "CLS", "bytes", "TTFB", "GeoJSON"]
    print(f"medians of {results[0][2].get('runs', '?')} runs each, interleaved; score: median (range)")
    print(table(rows, headers))
    for _path, label, v in results:
        if "error" not in v:
            print(f"LCP element, {label}: {' | '.join(v['lcp_elements'])}")


if __name__ == "__main__":
    main()
