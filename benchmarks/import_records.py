"""Bulk import of artefact rows with their images, against bare ``ingest_images`` of the same images.

    .venv/bin/python benchmarks/import_records.py            # 5,000 rows, 5,000 generated images
    .venv/bin/python benchmarks/import_records.py --smoke    # 50 rows: does it all run?
    .venv/bin/python benchmarks/import_records.py --rows 1000 --width 1600 --height 1200

Everything happens in a temporary folder removed at the end (``--keep`` keeps it): generated JPEGs
(each different: Gaussian noise with its own seed, so none is a duplicate of another), a CSV of
artefact rows whose inventory numbers name the files, and a throw-away SQLite database migrated once
and copied for each contender. Contenders, each a fresh process:

- reference: ``manage.py ingest_images DIR`` (header check, SHA-256, store, commit; tiling is queued,
  not run, in both contenders);
- ours: ``manage.py import_records rows.csv --images DIR --create-terms`` (check every row and file,
  then batches: ingest through the same ``ingest_file``, records as revisions sent for review).

Printed: wall time, rows/s and images/s, peak RSS (ru_maxrss of that process), the ratio of ours to
the reference, and the admin's responsiveness during ours: the median and worst time of the
dashboard (/admin/, logged in) requested twice a second from a server on the same database while the
import runs, against the same requests before it started; a failed answer is counted, and the
server's output is kept in the work folder (``server.log``) to say why. Figures are printed, never
asserted.
"""

from __future__ import annotations

import argparse
import csv
import http.cookiejar
import shutil
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _common as c

MANAGE = str(c.ROOT / "manage.py")
PASSWORD = "bench-password-1"  # noqa: S105 - a throw-away database


def generate_images(folder, count, width, height):
    import pyvips

    folder.mkdir(parents=True, exist_ok=True)
    for n in range(1, count + 1):
        image = pyvips.Image.gaussnoise(width, height, sigma=40, mean=128, seed=n).cast("uchar")
        image = image.bandjoin([image, image]).copy(interpretation="srgb")
        image.jpegsave(str(folder / f"BTC-{n:05d}.jpg"), Q=80)


def write_rows(path, count):
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            [
                "Tên",
                "Số kiểm kê",
                "Nơi lưu giữ",
                "Loại đối tượng",
                "Chất liệu",
                "Niên đại",
                "Năm sớm nhất",
                "Năm muộn nhất",
                "Cao (mm)",
                "Rộng (mm)",
            ]
        )
        for n in range(1, count + 1):
            writer.writerow(
                [
                    f"Mảnh gốm số {n}",
                    f"BTC-{n:05d}",
                    "Bảo tàng Điêu khắc Chăm",
                    "Mảnh gốm",
                    "Gốm; Men lam",
                    "thế kỷ XVI",
                    "1501",
                    "1600",
                    str(40 + n % 300),
                    "35,5",
                ]
            )


def manage(env, *args, timeout=3600.0):
    return c.check(
        c.run_measured([c.PYTHON, MANAGE, *args], env=env, cwd=c.ROOT, timeout=timeout), " ".join(args[:2])
    )


class AdminProbe:
    """A logged-in client timing the admin dashboard from another process's server."""

    def __init__(self, port):
        self.base = f"http://127.0.0.1:{port}"
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def login(self):
        self.opener.open(self.base + "/admin/login/", timeout=30).read()
        token = next(cookie.value for cookie in self.jar if cookie.name == "csrftoken")
        data = urllib.parse.urlencode(
            {"username": "bench", "password": PASSWORD, "csrfmiddlewaretoken": token}
        )
        request = urllib.request.Request(  # noqa: S310 - always http://127.0.0.1
            self.base + "/admin/login/", data.encode(), headers={"Referer": self.base + "/admin/login/"}
        )
        self.opener.open(request, timeout=30).read()

    def time_dashboard(self):
        start = time.perf_counter()
        with self.opener.open(self.base + "/admin/", timeout=60) as response:
            response.read()
            assert response.status == 200 and "/admin/login" not in response.url, response.url
        return time.perf_counter() - start

    def sample(self, stop, results, failures):
        while not stop.is_set():
            try:
                results.append(self.time_dashboard())
            except urllib.error.HTTPError as error:
                # Keep sampling: one failed answer must not end the measurement.
                failures.append(error.code)
            time.sleep(0.5)


def run(args, workdir):
    rows = 50 if args.smoke else args.rows
    images = workdir / "scans"
    print(f"generating {rows} images of {args.width}×{args.height} …", flush=True)
    generate_images(images, rows, args.width, args.height)
    sheet = workdir / "rows.csv"
    write_rows(sheet, rows)
    template = c.app_env(workdir / "template")
    c.migrate(template)
    manage(
        template,
        "shell",
        "-c",
        (
            "from django.contrib.auth import get_user_model as g;"
            f"g().objects.create_superuser('bench','b@example.org','{PASSWORD}');"
            "from catalogue.models import HomePage, ArtefactIndexPage;"
            "h=HomePage.objects.filter(locale__language_code='vi').first();"
            "i=ArtefactIndexPage(title='Hiện vật', slug='hien-vat'); h.add_child(instance=i);"
            "i.save_revision().publish();"
            "from catalogue.models import Institution; Institution.objects.create(key='btc', "
            "label_vi='Bảo tàng Điêu khắc Chăm', label_en='Museum of Cham Sculpture')"
        ),
    )

    def fresh(name):
        env = c.app_env(workdir / name)
        shutil.copy(workdir / "template" / "var" / "db.sqlite3", workdir / name / "var" / "db.sqlite3")
        return env

    reference = manage(fresh("reference"), "ingest_images", str(images))
    # Ours, with a server on the same database answering the admin while the import runs.
    env = fresh("ours")
    port = c.free_port()
    # The server's output is kept: a failing dashboard is only explained by its traceback.
    server_log_path = workdir / "server.log"
    server_log = server_log_path.open("wb")
    server = subprocess.Popen(
        [c.PYTHON, MANAGE, "runserver", "--noreload", f"127.0.0.1:{port}"],
        env=env,
        cwd=c.ROOT,
        stdout=server_log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        c.wait_for_port(port, 60, server)
        probe = AdminProbe(port)
        probe.login()
        probe.time_dashboard()  # warm
        before = [probe.time_dashboard() for _ in range(10)]
        stop, during, failures = threading.Event(), [], []
        sampler = threading.Thread(target=probe.sample, args=(stop, during, failures))
        sampler.start()
        ours = manage(env, "import_records", str(sheet), "--images", str(images), "--create-terms")
        stop.set()
        sampler.join()
    finally:
        c._kill_group(server.pid)
        server.wait()
        server_log.close()
    ratio = ours.wall / reference.wall
    print()
    print(
        c.table(
            [
                [
                    "reference: ingest_images",
                    rows,
                    f"{reference.wall:.1f}",
                    "—",
                    f"{rows / reference.wall:.1f}",
                    c.mib(reference.peak_rss),
                ],
                [
                    "ours: import_records --images",
                    rows,
                    f"{ours.wall:.1f}",
                    f"{rows / ours.wall:.1f}",
                    f"{rows / ours.wall:.1f}",
                    c.mib(ours.peak_rss),
                ],
            ],
            ["contender", "rows/images", "wall s", "rows/s", "images/s", "peak RSS MiB"],
        )
    )
    print(
        f"\nours / reference wall time: {ratio:.2f}× (the import also checks every row and file first, "
        "and writes each record as a revision sent for review)"
    )
    if during:
        print(
            f"admin dashboard before the import: median {statistics.median(before) * 1000:.0f} ms, "
            f"worst {max(before) * 1000:.0f} ms"
        )
        print(
            f"admin dashboard during the import: median {statistics.median(during) * 1000:.0f} ms, "
            f"worst {max(during) * 1000:.0f} ms over {len(during)} requests"
        )
    if failures:
        statuses = sorted(set(failures))
        print(f"admin dashboard FAILED {len(failures)} times during the import (statuses {statuses})")
        tracebacks = server_log_path.read_text(errors="replace").split("Traceback")
        if len(tracebacks) > 1:
            # The frames outside Django and the error: which panel failed, and why.
            lines = tracebacks[-1].splitlines()
            frames = [line for line in lines if line.startswith("  File") and "/django/" not in line]
            print("the server's last traceback (Django's frames left out):")
            print("\n".join([*frames, *[line for line in lines if "Error:" in line][-1:]]))
    print(f"load average at the end: {c.load_average()}")
    print(ours.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--width", type=int, default=1024)
    parser.add_argument("--height", type=int, default=768)
    parser.add_argument("--smoke", action="store_true", help="50 rows, to check that everything runs")
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--no-bytecode-cache", action="store_true")
    args = parser.parse_args()
    c.run_in_workdir("import-records-", args, run)


if __name__ == "__main__":
    main()
