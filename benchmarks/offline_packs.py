"""Offline packs: how much a visitor downloads for Mỹ Sơn and Hội An, and what the offline code weighs.

    .venv/bin/python benchmarks/offline_packs.py [--image-scale 0.25] [--keep] [--reuse DIR] [--smoke]

In a temporary folder: the demo archive (``load_demo --image-scale``, tiles built by
``db_worker --batch``) and the visitor-guide demo (``load_visitors_demo``: tours with espeak-ng
narration). Then each pack's manifest (``offline.packs.build_manifest``, exactly what
``/offline/<identifier>.json`` answers) for Mỹ Sơn (QN-DT-0002) and Hội An (QN-DT-0001) in
Vietnamese and English, with its bytes by kind; reference measured in the same run: the full
deep-zoom pyramids of the same images (what a pack would be without the phone-level cut). The
budgets of issue 15: Mỹ Sơn ≤ 25 MB, Hội An ≤ 40 MB. Deep zoom in a pack stops at a level whose
longest side is ≤ 2048 px, so the pack size hardly depends on ``--image-scale`` once the demo's
images are larger than that (0.25 of the demo's scan sizes is).

Also the service worker (built bundle + its configuration) and the offline scripts gzipped (-9),
against OpenSeadragon gzipped as the reference; budget ≤ 20 KB. And the time Debian chromium takes
to download each pack through the page's own control on Lighthouse's "slow 4G" profile (150 ms
round trip, 1.6 Mbit/s down, 750 kbit/s up, applied by the DevTools protocol to the page; the
app served by ``manage.py runserver``), against the first visit of the site's page on the same
profile. Nothing is asserted. ``--smoke``: tiny demo images, Vietnamese only.
"""

from __future__ import annotations

import argparse
import gzip
import json
import signal
import sys
import time
from pathlib import Path

from _common import (
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
from tile_serving import start, stop

PACKS = [("Mỹ Sơn", "QN-DT-0002", 25_000_000), ("Hội An", "QN-DT-0001", 40_000_000)]
SCRIPTS = [
    "offline/static/offline/vendor/sw.js",
    "offline/static/offline/register.js",
    "offline/static/offline/packs.js",
]
REFERENCE_SCRIPT = "iiif/static/iiif/vendor/openseadragon/openseadragon.min.js"

DRIVER = """
import json, sys
from collections import Counter
import django
django.setup()
from iiif import storage
from offline import packs

out = {}
for identifier in sys.argv[1].split(","):
    for language in sys.argv[2].split(","):
        manifest = packs.build_manifest(identifier, language)
        kinds = Counter()
        for r in manifest["resources"]:
            kinds[r["type"]] += r["bytes"]
        pyramids = 0
        for r in manifest["resources"]:
            if r["url"].endswith("/info.json"):
                folder = storage.pyramid_dir(r["url"].split("/")[3])
                pyramids += sum(p.stat().st_size for p in folder.rglob("*.jpg"))
        out[f"{identifier}:{language}"] = {
            "bytes": manifest["bytes"], "count": manifest["count"], "kinds": dict(kinds),
            "pyramids": pyramids,
            "tours": sorted({r["url"].split("/")[3] for r in manifest["resources"]
                             if r["type"] == "page" and r["url"].count("/") >= 4
                             and r["url"].split("/")[2] in ("lo-trinh", "tours")}),
        }
print(json.dumps(out))
"""


def manage(env, *args, timeout=3600):
    return check(
        run_measured([PYTHON, str(ROOT / "manage.py"), *args], env=env, cwd=ROOT, timeout=timeout), args[0]
    )


def gz(data):
    return len(gzip.compress(data, compresslevel=9))


def script_weights():
    rows, total = [], 0
    for name in SCRIPTS:
        data = (ROOT / name).read_bytes()
        total += gz(data)
        rows.append([name, f"{len(data) / 1000:.1f} kB", f"{gz(data) / 1000:.1f} kB"])
    reference = gz((ROOT / REFERENCE_SCRIPT).read_bytes())
    rows.append(["total (budget ≤ 20 kB gzipped)", "", f"{total / 1000:.1f} kB"])
    rows.append(
        [f"ref: {REFERENCE_SCRIPT}", "", f"{reference / 1000:.1f} kB ({total / reference:.2f}× of it)"]
    )
    return rows


SLOW_4G = {
    "offline": False,
    "latency": 150,
    "downloadThroughput": 1_600_000 / 8,
    "uploadThroughput": 750_000 / 8,
}
SITE_PATHS = {"QN-DT-0002": "/id/QN-DT-0002", "QN-DT-0001": "/id/QN-DT-0001"}


def throttled_page(browser):
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, device_scale_factor=2, is_mobile=True, locale="vi-VN"
    )
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    return context, page, cdp


def download_times(base, identifiers):
    """{identifier: (first visit of the site page s, pack download s, pack bytes)} on slow 4G."""
    from playwright.sync_api import sync_playwright

    results = {}
    args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=args)
        try:
            for identifier in identifiers:
                context, page, cdp = throttled_page(browser)
                cdp.send("Network.emulateNetworkConditions", SLOW_4G)
                started = time.perf_counter()
                page.goto(base + SITE_PATHS[identifier], wait_until="load", timeout=300_000)
                first_visit = time.perf_counter() - started
                deadline = time.monotonic() + 120
                while not page.evaluate("() => navigator.serviceWorker.controller !== null"):
                    if time.monotonic() > deadline:
                        raise RuntimeError("the service worker never took control")
                    page.wait_for_timeout(200)
                control = page.locator(f"section[data-offline-pack='{identifier}']")
                control.locator(".offline-check").click()
                page.wait_for_selector("section[data-offline-pack][data-bytes]", timeout=300_000)
                started = time.perf_counter()
                control.locator(".offline-start").click()
                page.wait_for_selector(
                    "section[data-offline-pack][data-state='downloaded']", timeout=1_800_000
                )
                results[identifier] = (
                    first_visit,
                    time.perf_counter() - started,
                    int(control.get_attribute("data-bytes")),
                )
                context.close()
        finally:
            browser.close()
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--image-scale", type=float, default=0.25)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--reuse", help="a folder kept by --keep: skip loading the demo again")
    parser.add_argument("--smoke", action="store_true", help="tiny demo images, Vietnamese only")
    args = parser.parse_args()
    if args.smoke:
        args.image_scale = 0.05
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    print(f"load average before: {load_average()}")
    started = time.perf_counter()
    print(table(script_weights(), ["offline script", "size", "gzipped"]))
    workdir = Path(args.reuse) if args.reuse else make_workdir("bench-offline-")
    use_bytecode_cache(workdir)
    try:
        port = free_port()
        env = app_env(workdir, extra={"PUBLIC_BASE_URL": f"http://127.0.0.1:{port}"})
        if not args.reuse:
            migrate(env)
            manage(env, "load_demo", "--image-scale", str(args.image_scale))
            manage(env, "load_visitors_demo")
            manage(env, "db_worker", "--batch", "--interval", "0.1")
        languages = "vi" if args.smoke else "vi,en"
        identifiers = ",".join(identifier for _name, identifier, _budget in PACKS)
        measured = check(
            run_measured([PYTHON, "-c", DRIVER, identifiers, languages], env=env, cwd=ROOT, timeout=1800),
            "pack manifests",
        )
        packs = json.loads(measured.stdout.strip().splitlines()[-1])
        rows = []
        for name, identifier, budget in PACKS:
            for language in languages.split(","):
                pack = packs[f"{identifier}:{language}"]
                kinds = pack["kinds"]
                mb = lambda n: f"{n / 1e6:.2f}"  # noqa: E731
                rows.append(
                    [
                        f"{name} ({language})",
                        f"{mb(pack['bytes'])} MB ({pack['bytes'] / budget:.2f}× of {budget // 1_000_000} MB)",
                        str(pack["count"]),
                        mb(kinds.get("page", 0)),
                        mb(kinds.get("audio", 0)),
                        mb(kinds.get("image", 0)),
                        mb(kinds.get("tile", 0)),
                        mb(kinds.get("static", 0) + kinds.get("data", 0)),
                        f"{mb(pack['pyramids'])} ({kinds.get('tile', 0) / max(pack['pyramids'], 1):.2f}×)",
                        ", ".join(pack["tours"]) or "-",
                    ]
                )
        headers = [
            "pack",
            "total",
            "files",
            "pages MB",
            "audio MB",
            "pictures MB",
            "tiles MB",
            "scripts+data MB",
            "ref: full pyramids MB (tiles ×)",
            "tours",
        ]
        print(table(rows, headers))
        server = start(
            [PYTHON, str(ROOT / "manage.py"), "runserver", f"127.0.0.1:{port}", "--noreload"],
            workdir / "runserver.log",
            env=env,
            cwd=ROOT,
        )
        try:
            wait_for_port(port, timeout=60, process=server)
            times = download_times(f"http://127.0.0.1:{port}", [identifier for _n, identifier, _b in PACKS])
        finally:
            stop(server)
        rows = [
            [
                name,
                f"{times[identifier][2] / 1e6:.2f} MB",
                f"{times[identifier][1]:.1f} s ({times[identifier][1] / times[identifier][0]:.1f}× ref)",
                f"{times[identifier][0]:.1f} s",
            ]
            for name, identifier, _budget in PACKS
        ]
        print(table(rows, ["pack (vi)", "size", "download on slow 4G", "ref: first visit of the site page"]))
    finally:
        print(f"kept {workdir}") if args.keep or args.reuse else remove(workdir)
    print(f"load average after: {load_average()}; whole run {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
