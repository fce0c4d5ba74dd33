"""Record pages while clients hammer the IIIF service with full-size PNG renders.

    .venv/bin/python benchmarks/expensive_requests.py            # 108 MP master, 8 clients, 2 x 4 gunicorn
    .venv/bin/python benchmarks/expensive_requests.py --smoke    # tiny sizes: checks the script runs

In a temporary folder (own SQLite database and MEDIA_ROOT; removed at the end): a ``--width`` x
``--height`` textured JPEG master is ingested (verified and tiled in one pass) and shown on a
published record; gunicorn runs ``heritage_site.wsgi`` with the production settings
(``--workers`` gthread workers x ``--threads`` threads).

1. unloaded: ``--pages`` sequential GETs of the record page; p50/p95 (reference);
2. loaded: the same GETs while ``--clients`` threads request ``full/!N,N/<rot>/default.png`` of the
   master in a loop, N and rotation varying so that no answer comes from the render cache (what an
   attacker would do; each is up to maxArea = 16.7 MP, ~1 s of CPU). The clients' answers are
   counted: 200 (rendered), 503 (refused by the render caps, with Retry-After), 429 (refused by
   nginx's rate limits, with Retry-After). A refused client waits as Retry-After says, then asks
   again. The clients run in a process of their own at the lowest priority (see ``attack``): in
   the field they are other machines.

Phases, each measuring 1 and 2:
- bounded: the app alone, straight on loopback (what the app's own bounds do);
- deployed: the same app behind the production nginx site (``deploy/nginx/heritage.conf``, adapted
  to loopback by ``_nginx.py``, rate limits kept), each render client from its own loopback address
  (127.0.0.2, .3, …), since nginx limits per address: eight clients, not one;
- what-if: deployed, but the clients ignore refusals and ask again at once: a flood of thousands
  of connections a second, which nginx refuses cheaply but not for free;
- what-if: the same bounds, but libvips in the web workers on every core
  (``IIIF_RENDER_VIPS_THREADS`` = 0, libvips' default), to show what one render thread buys;
- what-if: the same load with the bounds lifted (``IIIF_RENDER_CONCURRENCY`` = ``IIIF_RENDER_QUEUE``
  = 64, ``IIIF_RENDER_MACHINE_SLOTS`` = 0), app alone, to show what the caps buy.

Target: loaded p95 / unloaded p95 <= 2 (same run). Figures are ratios within one run.
"""

from __future__ import annotations

import argparse
import http.client
import multiprocessing
import os
import random
import secrets
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _common as c
import _nginx

IDENTIFIER = "bench-expensive"
RECORD_URL = "/vi/hien-vat/benchmark/"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--width", type=int, default=12000)
    parser.add_argument("--height", type=int, default=9000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--pages", type=int, default=60, help="record page requests per phase")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--no-what-if", action="store_true")
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--smoke", action="store_true", help="tiny sizes: checks the script runs")
    args = parser.parse_args()
    if args.smoke:
        args.width, args.height, args.clients, args.pages, args.no_what_if = 1600, 1200, 2, 5, True
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    workdir = c.make_workdir("heritage-bench-expensive-")
    c.use_bytecode_cache(workdir)
    try:
        run(args, workdir)
    finally:
        if args.keep:
            print(f"kept {workdir}")
        else:
            c.remove(workdir)


SETTINGS = """
from heritage_site.settings.production import *  # noqa: F403
# Only HTML pages are timed: static files need no collected manifest here.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
"""


def environment(workdir, port, extra=None):
    (workdir / "bench_settings.py").write_text(SETTINGS)
    return c.app_env(
        workdir / "app",
        settings="bench_settings",
        extra={
            "SECRET_KEY": secrets.token_urlsafe(40),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "PUBLIC_BASE_URL": f"http://127.0.0.1:{port}",
            "SECURE_SSL_REDIRECT": "false",
            "PYTHONPATH": f"{c.ROOT}:{workdir}",
            **(extra or {}),
        },
    )


def run(args, workdir):
    print(c.libvips_version(), f"| load average at start {c.load_average()}")
    port = c.free_port()
    env = environment(workdir, port)
    master = c.generate_jpeg(workdir / "master.jpg", args.width, args.height)
    c.migrate(env)
    c.ingest_and_tile(env, master, IDENTIFIER, public=True)
    results = {"bounded": measure(args, workdir, env, port)}
    # As deployed: the same app behind the production nginx site with its per-address rate limits,
    # each client from its own loopback address (nginx keys the limits by address).
    front = c.free_port()
    deployed = environment(workdir, front)
    results["deployed: behind nginx, 8 addresses"] = measure(args, workdir, deployed, port, front=front)
    results["deployed, refusals ignored: a flood (what-if)"] = measure(
        args, workdir, deployed, port, front=front, flood=True
    )
    if not args.no_what_if:
        # The same bounds with libvips on every core in the web workers (before IIIF_RENDER_VIPS_THREADS).
        every_core = environment(workdir, port, {"IIIF_RENDER_VIPS_THREADS": "0"})
        results["bounded, renders on every core (what-if)"] = measure(args, workdir, every_core, port)
        lifted = environment(
            workdir,
            port,
            {"IIIF_RENDER_CONCURRENCY": "64", "IIIF_RENDER_QUEUE": "64", "IIIF_RENDER_MACHINE_SLOTS": "0"},
        )
        results["bounds lifted (what-if)"] = measure(args, workdir, lifted, port)
    print()
    rows = []
    for name, r in results.items():
        ratio = r["loaded_p95"] / r["unloaded_p95"]
        rows.append(
            [
                name,
                f"{r['unloaded_p50'] * 1000:.0f}",
                f"{r['unloaded_p95'] * 1000:.0f}",
                f"{r['loaded_p50'] * 1000:.0f}",
                f"{r['loaded_p95'] * 1000:.0f}",
                f"{ratio:.2f}x",
                r["renders"],
                r["refused"],
                r["limited"],
                r["other"],
            ]
        )
    print(
        c.table(
            rows,
            [
                "",
                "page p50 ms",
                "page p95 ms",
                "loaded p50",
                "loaded p95",
                "p95 ratio",
                "200s",
                "503s",
                "429s",
                "other",
            ],
        )
    )
    print()
    for name, what in (("bounded", "the app alone"), ("deployed: behind nginx, 8 addresses", "as deployed")):
        ratio = results[name]["loaded_p95"] / results[name]["unloaded_p95"]
        verdict = "meets" if ratio <= 2 else "MISSES"
        print(f"{what}: loaded p95 / unloaded p95 = {ratio:.2f}x: target <= 2x -> {verdict} the target")
    print(f"load average at end {c.load_average()}")


def start_nginx(workdir, gunicorn_port, front):
    ports = {"gunicorn": gunicorn_port, "prod": front, "redirect": c.free_port()}
    site = _nginx.adapt_site(ports, workdir / "app", rate_limits=True)
    conf = _nginx.write_conf(workdir / "nginx", site)
    log = open(workdir / "nginx.log", "ab")  # noqa: SIM115 - closed with the process
    return subprocess.Popen(
        ["nginx", "-c", str(conf), "-p", str(workdir / "nginx")],
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def measure(args, workdir, env, port, front=None, flood=False):
    """Record page times unloaded and under render load. ``front``: nginx's port, in front of the
    app (requests then go to nginx, each render client from its own loopback address)."""
    gunicorn = str(Path(c.PYTHON).parent / "gunicorn")
    log = workdir / "gunicorn.log"
    with open(log, "ab") as out:
        server = subprocess.Popen(
            [
                gunicorn,
                "heritage_site.wsgi:application",
                "--worker-class",
                "gthread",
                "--workers",
                str(args.workers),
                "--threads",
                str(args.threads),
                "--bind",
                f"127.0.0.1:{port}",
                "--log-level",
                "warning",
            ],
            env=env,
            cwd=c.ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    proxy = start_nginx(workdir, port, front) if front else None
    target = front or port
    try:
        c.wait_for_port(port, timeout=60)
        if front:
            c.wait_for_port(front, timeout=30)
        for _ in range(4 * args.workers):  # every worker loads the URLconf before measuring
            get(target, RECORD_URL)
        status, _, _ = get(target, RECORD_URL)
        if status != 200:
            sys.exit(f"record page answered {status}; see {log}")
        unloaded = [timed(target, RECORD_URL) for _ in range(args.pages)]
        stop = multiprocessing.Event()
        answers = multiprocessing.Queue()
        attackers = multiprocessing.Process(
            target=attack, args=(args, target, stop, answers, flood), daemon=True
        )
        attackers.start()
        time.sleep(2 if not args.smoke else 0.5)  # the load is on
        loaded = [timed(target, RECORD_URL) for _ in range(args.pages)]
        stop.set()
        counts = answers.get(timeout=180)
        attackers.join(timeout=30)
    finally:
        os.killpg(server.pid, signal.SIGTERM)  # gunicorn was started in its own session
        server.wait(timeout=30)
        if proxy:
            os.killpg(proxy.pid, signal.SIGTERM)
            proxy.wait(timeout=30)
    return {
        "unloaded_p50": c.median(unloaded),
        "unloaded_p95": percentile(unloaded, 95),
        "loaded_p50": c.median(loaded),
        "loaded_p95": percentile(loaded, 95),
        **counts,
    }


ATTACKER_NICENESS = 19


def attack(args, target, stop, answers, flood):
    """The render clients, in a process of their own: as threads of the measuring process they held
    its interpreter lock, and a page's time included the wait for it. In the field they run on
    other machines; here they share the two cores with the server, so their process runs at the
    lowest priority (niceness 19) and takes the CPU the server leaves.

    Each asks for its next render as soon as the last one came back; refused (429, 503), it waits
    the Retry-After the answer gives, as download tools and IIIF clients do. ``flood``: it asks
    again at once instead, thousands of times a second on loopback (refusals come back in well under
    a millisecond) -- a flood of connections, which costs nginx and the kernel more than the renders
    cost the app, and which belongs to a limit in front of the machine (see DEPLOYMENT.md)."""
    os.nice(ATTACKER_NICENESS)
    counts = {"renders": 0, "refused": 0, "limited": 0, "other": 0}
    lock = threading.Lock()

    def client(seed):
        rng = random.Random(seed)
        source = f"127.0.0.{2 + seed}"  # its own address: nginx limits each address
        while not stop.is_set():
            side = rng.randint(2000, 4096) if not args.smoke else rng.randint(300, 1000)
            rotation = rng.choice(["0", "90", "180", "!0"])
            path = f"/iiif/3/{IDENTIFIER}/full/!{side},{side}/{rotation}/default.png"
            status, _, headers = get(target, path, source=source)
            key = {200: "renders", 503: "refused", 429: "limited"}.get(status, "other")
            with lock:
                counts[key] += 1
            if flood or status not in (429, 503):
                continue
            stop.wait(float(headers.get("Retry-After") or 1))

    clients = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(args.clients)]
    for thread in clients:
        thread.start()
    for thread in clients:
        thread.join(timeout=150)
    answers.put(counts)


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def get(port, path, source=None):
    connection = http.client.HTTPConnection(
        "127.0.0.1", port, timeout=120, source_address=(source, 0) if source else None
    )
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read(), response.headers
    finally:
        connection.close()


def timed(port, path):
    started = time.perf_counter()
    status, _, _ = get(port, path)
    if status != 200:
        sys.exit(f"{path} answered {status}")
    return time.perf_counter() - started


if __name__ == "__main__":
    main()
