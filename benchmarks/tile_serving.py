"""IIIF tile and region serving on loopback: requests/s of our stack against nginx and IIPImage.

    .venv/bin/python benchmarks/tile_serving.py                  # 3 rounds of 8 s wrk runs, 8 connections
    .venv/bin/python benchmarks/tile_serving.py --duration 5 --workers 5 --only prod_tiles,iip_tiles
    .venv/bin/python benchmarks/tile_serving.py --install   # apt-get install wrk nginx iipimage-server

Needs ``wrk``, ``nginx`` and ``/usr/lib/iipimage-server/iipsrv.fcgi`` (Debian packages wrk, nginx,
iipimage-server; ``--install`` runs apt-get for them). Everything runs in a temporary folder that is
removed at the end, and every server listens on 127.0.0.1 only, on free ports, and is stopped at
the end; each wrk run lasts ``--duration`` seconds (after a ``--warmup`` run), every scenario is run
``--rounds`` times (the order reversed every other round) and the median is reported: about
4 minutes in all with the defaults.

Set-up (not timed): a ~100-megapixel textured JPEG master is generated, a throw-away SQLite
database migrated, and the master ingested and tiled synchronously by the app's own code
(``benchmarks/_ingest_tile_driver.py``: ``ingest_file`` then ``iiif.tiling.tile_image``). The same
master is saved as a pyramidal TIFF for IIPImage (pyvips ``tiffsave(tile=True, pyramid=True,
compression="jpeg", Q=85)``, 512 px tiles like our pyramid, ``--tiff-tile`` to change).

Servers:

- gunicorn: ``heritage_site.wsgi`` with the production settings (DATABASE_URL, SECRET_KEY,
  ALLOWED_HOSTS, MEDIA_ROOT, PUBLIC_BASE_URL set; SECURE_SSL_REDIRECT=false on loopback),
  ``--workers`` sync workers;
- nginx (``worker_processes auto``, access log off), three servers in one instance:
  the production site = ``deploy/nginx/heritage.conf`` adapted to loopback (TLS listeners become
  plain 127.0.0.1 ports, the paths point to the temporary MEDIA_ROOT, the upstream to gunicorn's
  port: every substitution must match, so the benchmark fails rather than measures a drifted
  copy); a plain static file server on the same tile files (reference); and IIPImage behind
  FastCGI (``--iipsrv-processes`` iipsrv processes sharing one listening socket, as spawn-fcgi
  does; JPEG_QUALITY=85), its IIIF endpoint at /iiif/<file>/...

Scenarios (wrk, ``--threads`` threads, ``--connections`` connections, a Lua script cycling through
a shuffled list of distinct paths, ``benchmarks/_wrk_paths.lua``):

1. prod_tiles: every file of our pyramid, through the production nginx (served from disk);
2. app_tiles: the same tile URLs straight to gunicorn (the app alone sends the files);
3. app_dynamic: ``--regions`` random regions that are not tiles (random x,y,w,h; size !512,512 or
   a random ``w,``), through the production nginx to the app, which cuts them from the pyramid;
4. nginx_tiles: the same tile files from the plain nginx static server (reference);
5. iip_tiles / iip_dynamic: the same tiles (as IIIF 2 ``w,`` sizes) and the same regions from
   IIPImage (reference).

Targets: prod_tiles / iip_tiles >= 10x and app_dynamic / iip_dynamic >= 0.5x. wrk runs on the same
2 cores as the servers, so absolute rates are low; compare ratios within one run.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _common as c
import _nginx

IIPSRV = "/usr/lib/iipimage-server/iipsrv.fcgi"
LUA = c.BENCH_DIR / "_wrk_paths.lua"
IDENTIFIER = "bench-100mp"
TIFF_NAME = "bench.tif"
SCENARIOS = {
    "prod_tiles": "our tiles, production nginx (try_files)",
    "app_tiles": "our tiles, app alone (gunicorn)",
    "app_dynamic": "our dynamic regions (nginx -> app)",
    "nginx_tiles": "ref: plain nginx static, same tiles",
    "iip_tiles": "ref: iipsrv tiles",
    "iip_dynamic": "ref: iipsrv dynamic regions",
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--width", type=int, default=12000)
    parser.add_argument("--height", type=int, default=8400)
    parser.add_argument("--duration", type=int, default=8, help="seconds per measured wrk run")
    parser.add_argument("--rounds", type=int, default=3, help="runs of every scenario (median reported)")
    parser.add_argument("--warmup", type=int, default=2, help="seconds of wrk before each measured run")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers")
    parser.add_argument("--iipsrv-processes", type=int, default=4)
    parser.add_argument("--regions", type=int, default=2000, help="distinct random regions")
    parser.add_argument("--tiff-tile", type=int, default=512, help="tile size of IIPImage's TIFF")
    parser.add_argument("--seed", type=int, default=20250101)
    parser.add_argument("--only", help="comma-separated scenarios: " + ",".join(SCENARIOS))
    parser.add_argument("--install", action="store_true", help="apt-get install the missing tools")
    parser.add_argument("--no-bytecode-cache", action="store_true")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument(
        "--smoke", action="store_true", help="tiny sizes and one short round: checks the script runs"
    )
    args = parser.parse_args()
    if args.smoke:
        args.width, args.height, args.duration, args.rounds, args.warmup = 1600, 1200, 1, 1, 0
        args.regions, args.workers, args.iipsrv_processes = 20, 1, 1
    scenarios = args.only.split(",") if args.only else list(SCENARIOS)
    unknown = set(scenarios) - set(SCENARIOS)
    if unknown:
        parser.error(f"unknown scenarios: {', '.join(sorted(unknown))}")
    require_tools(args.install)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    workdir = c.make_workdir("heritage-bench-serving-")
    c.use_bytecode_cache(workdir, not args.no_bytecode_cache)
    servers = []
    try:
        run(args, scenarios, workdir, servers)
    finally:
        for server in reversed(servers):
            stop(server)
        if args.keep:
            print(f"\nkept {workdir}")
        else:
            c.remove(workdir)


def require_tools(install):
    missing = [
        name
        for name, ok in (
            ("wrk", shutil.which("wrk")),
            ("nginx", shutil.which("nginx")),
            ("iipimage-server", os.access(IIPSRV, os.X_OK)),
        )
        if not ok
    ]
    if missing and install:
        subprocess.run(["apt-get", "update", "-qq"], check=True)
        subprocess.run(["apt-get", "install", "-y", *missing], check=True)
        missing = []
    if missing:
        sys.exit(f"missing: {', '.join(missing)} -- apt-get install -y {' '.join(missing)} (or --install)")


# --- set-up ------------------------------------------------------------------------------------


def run(args, scenarios, workdir, servers):
    ports = {name: c.free_port() for name in ("prod", "redirect", "static", "iip", "gunicorn", "fastcgi")}
    app_dir = workdir / "app"
    env = c.app_env(
        app_dir,
        settings="heritage_site.settings.production",
        extra={
            "SECRET_KEY": secrets.token_urlsafe(40),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "PUBLIC_BASE_URL": f"http://127.0.0.1:{ports['prod']}",
            "SECURE_SSL_REDIRECT": "false",
        },
    )
    print(c.libvips_version(), f"| load average at start {c.load_average()}")
    started = time.perf_counter()
    master = c.generate_jpeg(workdir / f"master-{args.width}x{args.height}.jpg", args.width, args.height)
    c.migrate(env)
    # Shown on a published record: only public images' tiles are served to anyone (iiif/access.py).
    _, phases = c.ingest_and_tile(env, master, IDENTIFIER, public=True)
    pyramid = app_dir / "media" / "iiif" / IDENTIFIER
    info = json.loads((pyramid / "info.json").read_text())
    import pyvips

    pyvips.Image.new_from_file(str(master)).tiffsave(
        str(workdir / TIFF_NAME),
        tile=True,
        pyramid=True,
        compression="jpeg",
        Q=85,
        tile_width=args.tiff_tile,
        tile_height=args.tiff_tile,
        keep="none",
    )
    tiles = sorted(p.relative_to(pyramid).as_posix() for p in pyramid.rglob("default.jpg"))
    rng = random.Random(args.seed)
    rng.shuffle(tiles)
    regions = random_regions(rng, info["width"], info["height"], args.regions)
    lists = {
        "app_tiles": [f"/iiif/3/{IDENTIFIER}/{t}" for t in tiles],
        "iip_tiles": [f"/iiif/{TIFF_NAME}/{iiif2_tile(t)}" for t in tiles],
        "app_dynamic": [f"/iiif/3/{IDENTIFIER}/{r}" for r in regions],
        "iip_dynamic": [f"/iiif/{TIFF_NAME}/{r}" for r in regions],
    }
    files = {}
    for name, paths in lists.items():
        files[name] = workdir / f"paths-{name}.txt"
        files[name].write_text("\n".join(paths) + "\n")
    tile_bytes = sum((pyramid / t).stat().st_size for t in tiles)
    print(
        f"set-up in {time.perf_counter() - started:.0f} s: {info['width']}x{info['height']} master, "
        f"{len(tiles)} tiles ({tile_bytes / len(tiles) / 1000:.0f} kB average), tiling took "
        f"{phases['tiling_s']:.1f} s; {len(regions)} random regions"
    )

    servers.append(start_gunicorn(args, env, ports, workdir))
    servers.extend(start_iipsrv(args, ports, workdir))
    conf = write_nginx_conf(workdir, ports, app_dir)
    servers.append(start(["nginx", "-c", str(conf), "-p", str(workdir / "nginx")], workdir / "nginx.log"))
    for name in ("prod", "static", "iip", "gunicorn"):
        c.wait_for_port(ports[name], timeout=60)
    sanity_checks(ports, lists)
    # Each gunicorn worker loads the URLconf (Wagtail, admin, ...) on its first request, seconds of
    # work that must not fall into a measured run: keep every worker busy for a while first.
    wrk(args, ports["gunicorn"], files["app_tiles"], 5, connections=2 * args.workers)

    targets = {
        "prod_tiles": (ports["prod"], "app_tiles"),
        "app_tiles": (ports["gunicorn"], "app_tiles"),
        "app_dynamic": (ports["prod"], "app_dynamic"),
        "nginx_tiles": (ports["static"], "app_tiles"),
        "iip_tiles": (ports["iip"], "iip_tiles"),
        "iip_dynamic": (ports["iip"], "iip_dynamic"),
    }
    print(
        f"\nwrk -t{args.threads} -c{args.connections}, {args.warmup} s warm-up + {args.duration} s "
        f"per scenario, {args.rounds} rounds (order reversed every other round); "
        f"gunicorn {args.workers} workers, iipsrv {args.iipsrv_processes} processes\n"
    )
    groups = {server.pid for server in servers}  # each server was started in its own session
    runs = {name: [] for name in scenarios}
    for round_number in range(args.rounds):
        order = scenarios if round_number % 2 == 0 else scenarios[::-1]
        print(f"round {round_number + 1} of {args.rounds}")
        for name in order:
            port, list_name = targets[name]
            if args.warmup:
                wrk(args, port, files[list_name], args.warmup)
            r = wrk(args, port, files[list_name], args.duration, groups=groups)
            runs[name].append(r)
            print(
                f"  {SCENARIOS[name]:<42} {r['rate']:9,.0f} req/s  {r['mb_s']:7.1f} MB/s  "
                f"p99 {r['p99_us'] / 1000:6.1f} ms server CPU {r['cpu_ms']:7.3f} ms/req errors {r['errors']}"
            )
    results = {
        name: {
            "rate": c.median([r["rate"] for r in rs]),
            "mb_s": c.median([r["mb_s"] for r in rs]),
            "p99_us": c.median([r["p99_us"] for r in rs]),
            "cpu_ms": c.median([r["cpu_ms"] for r in rs]),
            "errors": sum(r["errors"] for r in rs),
        }
        for name, rs in runs.items()
    }
    print(f"\nmedians of {args.rounds} rounds")
    print(
        c.table(
            [
                [
                    name,
                    SCENARIOS[name],
                    f"{r['rate']:,.0f}",
                    f"{r['mb_s']:,.1f}",
                    f"{r['p99_us'] / 1000:.1f}",
                    f"{r['cpu_ms']:.3f}",
                    f"{1000 / r['cpu_ms']:,.0f}" if r["cpu_ms"] else "-",
                    r["errors"],
                ]
                for name, r in results.items()
            ],
            ["", "scenario", "req/s", "MB/s", "p99 ms", "server CPU ms/req", "req/CPU-s", "errors"],
        )
    )
    report(results)


def random_regions(rng, width, height, count):
    """Regions that are not tiles: random x, y, w, h (w, h >= 600 px) with !512,512 or a random w,."""
    regions = []
    while len(regions) < count:
        w = rng.randint(600, min(width, 8000))
        h = min(height, max(600, int(w * rng.uniform(0.5, 1.5))))
        x, y = rng.randint(0, width - w), rng.randint(0, height - h)
        if x % 512 == 0 and y % 512 == 0:
            continue
        size = "!512,512" if rng.random() < 0.5 else f"{rng.randint(200, min(w, 1024))},"
        regions.append(f"{x},{y},{w},{h}/{size}/0/default.jpg")
    return regions


def iiif2_tile(tile_path):
    """Our tile path region/w,h/0/default.jpg as IIIF 2 (IIPImage 1.1): region/w,/0/default.jpg."""
    region, size, rotation, name = tile_path.split("/")
    return f"{region}/{size.split(',')[0]},/{rotation}/{name}"


# --- servers -----------------------------------------------------------------------------------


def start(cmd, log, env=None, stdin=None, cwd=None):
    with open(log, "ab") as out:
        return subprocess.Popen(
            cmd, env=env, stdin=stdin, stdout=out, stderr=subprocess.STDOUT, cwd=cwd, start_new_session=True
        )


def stop(process):
    """Stop one server we started, by its own process group id (each was started in a new session)."""
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
    except ProcessLookupError:
        pass


def start_gunicorn(args, env, ports, workdir):
    gunicorn = str(Path(c.PYTHON).parent / "gunicorn")
    return start(
        [
            gunicorn,
            "heritage_site.wsgi:application",
            "--workers",
            str(args.workers),
            "--bind",
            f"127.0.0.1:{ports['gunicorn']}",
            "--backlog",
            "256",
            "--log-level",
            "warning",
        ],
        workdir / "gunicorn.log",
        env=env,
        cwd=c.ROOT,
    )


def start_iipsrv(args, ports, workdir):
    """iipsrv FastCGI processes sharing one listening socket on their stdin (as spawn-fcgi does)."""
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", ports["fastcgi"]))
    listener.listen(256)
    env = dict(os.environ, FILESYSTEM_PREFIX=f"{workdir}/", JPEG_QUALITY="85", MAX_IMAGE_CACHE_SIZE="10")
    try:
        return [
            start([IIPSRV], workdir / "iipsrv.log", env=env, stdin=listener.fileno())
            for _ in range(args.iipsrv_processes)
        ]
    finally:
        listener.close()


def write_nginx_conf(workdir, ports, app_dir):
    # One loopback client is the whole load here: the per-address rate limits would measure the
    # limiter, not the serving (tests/test_nginx_access.py tests the limits).
    site = _nginx.adapt_site(ports, app_dir)
    references = f"""
    # Reference: a plain static file server on the same tile files, at the same URLs.
    server {{
        listen 127.0.0.1:{ports["static"]};
        location /iiif/3/ {{
            alias {app_dir / "media" / "iiif"}/;
        }}
    }}

    # Reference: IIPImage's IIIF endpoint, /iiif/<file>/<region>/<size>/<rotation>/<quality>.
    server {{
        listen 127.0.0.1:{ports["iip"]};
        location ~ ^/iiif/(.+)$ {{
            fastcgi_param QUERY_STRING "IIIF=$1";
            fastcgi_param REQUEST_URI $request_uri;
            fastcgi_param REQUEST_METHOD $request_method;
            fastcgi_param SERVER_NAME $server_name;
            fastcgi_param SERVER_PORT $server_port;
            fastcgi_param HTTP_HOST $http_host;
            fastcgi_pass 127.0.0.1:{ports["fastcgi"]};
        }}
    }}
"""
    return _nginx.write_conf(workdir / "nginx", site, references)


def fetch(port, path, headers=None):
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 (http://127.0.0.1 only)
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def sanity_checks(ports, lists):
    """Each scenario answers JPEGs, and tiles/regions reach the server they are meant to."""
    checks = [
        ("prod", "app_tiles", False),
        ("prod", "app_dynamic", True),
        ("gunicorn", "app_tiles", True),
        ("static", "app_tiles", False),
        ("iip", "iip_tiles", False),
        ("iip", "iip_dynamic", False),
    ]
    for port_name, list_name, from_app in checks:
        for path in lists[list_name][:3]:
            status, headers, body = fetch(ports[port_name], path)
            if status != 200 or headers.get("Content-Type") != "image/jpeg" or body[:2] != b"\xff\xd8":
                sys.exit(f"{port_name} {path}: {status} {headers.get('Content-Type')} {body[:200]!r}")
            # Django's middleware adds X-Frame-Options; nginx and iipsrv do not.
            if ("X-Frame-Options" in headers) != from_app:
                where = "the app" if from_app else "nginx/iipsrv"
                sys.exit(f"{port_name} {path} was expected to be answered by {where}")
            if port_name == "prod" and not from_app:
                for header in ("Access-Control-Allow-Origin", "Cache-Control"):
                    if header not in headers:
                        sys.exit(f"production tile {path} lacks {header}")
    status, headers, body = fetch(ports["prod"], f"/iiif/3/{IDENTIFIER}/info.json")
    if status != 200 or json.loads(body)["id"] != f"http://127.0.0.1:{ports['prod']}/iiif/3/{IDENTIFIER}":
        sys.exit(f"production info.json: {status} {body[:300]!r}")
    # The rest of the production config's promises, checked on the adapted copy.
    tile = lists["app_tiles"][0]
    _, headers, _ = fetch(ports["prod"], tile)
    status, _, _ = fetch(ports["prod"], tile, {"If-None-Match": headers["ETag"]})
    expect(status == 304, f"a tile with its ETag in If-None-Match answered {status}, not 304")
    full_resolution = next(p for p in lists["app_tiles"] if ",512,512/512,512/" in p)
    status, headers, _ = fetch(ports["prod"], full_resolution.replace("/512,512/", "/max/"))
    expect(status == 200 and "X-Frame-Options" in headers, "the 'max' spelling of a tile is not the app's")
    for path in ("/iiif/3/.staging/x/0,0,512,512/512,512/0/default.jpg", "/media/original_images/x.jpg"):
        status, headers, _ = fetch(ports["prod"], path)
        expect(status == 404, f"{path} answered {status}, not 404")


def expect(condition, message):
    if not condition:
        sys.exit(f"production config check failed: {message}")


# --- measuring ---------------------------------------------------------------------------------


def server_cpu_seconds(groups):
    """User + system CPU seconds so far of every process in the given process groups (/proc)."""
    total = 0
    tick = os.sysconf("SC_CLK_TCK")
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # the process ended meanwhile
        if int(fields[2]) in groups:  # pgrp
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / tick


def wrk(args, port, paths_file, duration, connections=None, groups=()):
    """One wrk run; with ``groups`` (process group ids of our servers), also their CPU per request."""
    cmd = [
        "wrk",
        f"-t{args.threads}",
        f"-c{connections or args.connections}",
        f"-d{duration}s",
        "--timeout",
        "10s",
        "-s",
        str(LUA),
        f"http://127.0.0.1:{port}",
        "--",
        str(paths_file),
    ]
    cpu_before = server_cpu_seconds(groups)
    completed = subprocess.run(cmd, capture_output=True, text=True, timeout=duration + 60)
    cpu = server_cpu_seconds(groups) - cpu_before
    lines = [line for line in completed.stdout.splitlines() if line.startswith("{")]
    if completed.returncode != 0 or not lines:
        sys.exit(f"wrk failed ({completed.returncode}):\n{completed.stdout}\n{completed.stderr}")
    result = json.loads(lines[-1])
    seconds = result["duration_us"] / 1e6
    result["rate"] = result["requests"] / seconds
    result["mb_s"] = result["bytes"] / seconds / 1e6
    # Server CPU per request (wrk's own CPU excluded): steadier than req/s when other work shares
    # the machine. It includes the requests still in flight when wrk stops, a negligible share.
    result["cpu_ms"] = 1000 * cpu / max(1, result["requests"])
    result["errors"] = sum(
        result[key] for key in ("connect_errors", "read_errors", "write_errors", "status_errors", "timeouts")
    )
    return result


def report(results):
    def ratio(a, b, target=None):
        if a not in results or b not in results:
            return None
        rate = results[a]["rate"] / results[b]["rate"]
        line = f"{a} / {b} = {rate:,.2f}x req/s"
        if results[a]["cpu_ms"] and results[b]["cpu_ms"]:
            line += f" ({results[b]['cpu_ms'] / results[a]['cpu_ms']:,.2f}x per server CPU-second)"
        if target is not None:
            verdict = "meets" if rate >= target else "MISSES"
            line += f": target >= {target}x -> {verdict} the target"
        return line

    lines = [
        ratio("prod_tiles", "iip_tiles", 10),
        ratio("app_dynamic", "iip_dynamic", 0.5),
        ratio("prod_tiles", "nginx_tiles"),
        ratio("app_tiles", "iip_tiles"),
        ratio("prod_tiles", "app_tiles"),
    ]
    print(f"\nload average at end {c.load_average()}")
    for line in lines:
        if line:
            print(line)
    failed = [name for name, r in results.items() if r["errors"]]
    if failed:
        print(f"WARNING: errors (non-2xx, timeouts, socket errors) in: {', '.join(failed)}")


if __name__ == "__main__":
    main()
