"""The production stack of deploy/ assembled on this machine, on loopback, for the end-to-end test.

Everything is taken from the files operators install, adapted only where a test machine differs,
and every adaptation must match exactly as often as expected, so the files cannot drift from what
is tested:

- the environment file is deploy/heritage.env.example with the paths moved into a temporary folder
  and the REQUIRED values filled in (only variables the template documents may be set);
- gunicorn and the task worker run the ExecStart lines of deploy/systemd/heritage-web.service and
  heritage-worker@.service, as their User= with their UMask=, in their WorkingDirectory= (the
  repository), with their Environment= and the environment file, and are reloaded with ExecReload=;
- nginx runs deploy/nginx/heritage.conf with its snippets, TLS kept (a throw-away certificate),
  listening on 127.0.0.1 ports, its workers as www-data (Debian's default), which is a member of
  the heritage group as docs/DEPLOYMENT.md says;
- PostgreSQL is a throw-away server in the temporary folder (as bin/with-postgres), OpenSearch a
  node of bin/search-engine (opensearch) on OPENSEARCH_PORT.
"""

from __future__ import annotations

import contextlib
import grp
import http.client
import os
import pwd
import re
import secrets
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
UNITS = DEPLOY / "systemd"
SITE = DEPLOY / "nginx" / "heritage.conf"
ENV_TEMPLATE = DEPLOY / "heritage.env.example"
ENGINE_SCRIPT = ROOT / "bin" / "search-engine"
APP_USER = "heritage"
NGINX_USER = "www-data"
SERVER_NAME = "heritage.example.org"
PROD = "/srv/heritage"


class Drift(AssertionError):
    """A deploy file no longer has the line the test adapts: update the test with the file."""


def substitute(text, substitutions, what):
    for pattern, replacement, expected in substitutions:
        text, count = re.subn(pattern, lambda _m, r=replacement: r, text)
        if count != expected:
            raise Drift(f"{what}: {pattern!r} matched {count} times, not {expected}")
    return text


# --- systemd units --------------------------------------------------------------------------------


def read_unit(name):
    """{key: [values]} of a unit file's [Service] section (keys may repeat, e.g. ExecStart)."""
    section, values = None, {}
    for raw in (UNITS / name).read_text().splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("["):
            section = line.strip("[]")
            continue
        if section == "Service":
            key, _, value = line.partition("=")
            values.setdefault(key.strip(), []).append(value.strip())
    return values


def unit_value(unit, key):
    (value,) = unit[key]
    return value


def unit_command(unit, key, paths, *, instance="1", hostname=None):
    """The unit's command line, production paths replaced by the test's.

    ``paths``: (production path, local path, expected count) — in order, each counted exactly.
    """
    line = unit_value(unit, key)
    for prod, local, expected in paths:
        if line.count(prod) != expected:
            raise Drift(f"{key}={line!r} mentions {prod} {line.count(prod)} times, not {expected}")
        line = line.replace(prod, str(local))
    line = line.replace("%H", hostname or socket.gethostname()).replace("%i", instance)
    return shlex.split(line)


def unit_environment(unit, paths):
    env = {}
    for value in unit.get("Environment", []):
        for item in shlex.split(value):
            name, _, setting = item.partition("=")
            for prod, local in paths.items():
                setting = setting.replace(prod, str(local))
            env[name] = setting
    return env


# --- the environment file ---------------------------------------------------------------------------


def read_environment_file(path):
    sys.path.insert(0, str(DEPLOY))
    try:
        import manage as deploy_manage  # deploy/manage.py: the reader operators use too
    finally:
        sys.path.pop(0)
    return deploy_manage.read_environment_file(path)


def documented_variables():
    """Every NAME the template documents, set or commented out (``#NAME=...``)."""
    return set(re.findall(r"^#?([A-Z][A-Z0-9_]+)=", ENV_TEMPLATE.read_text(), re.MULTILINE))


def environment_file(srv, overrides):
    """The template's active lines with /srv/heritage moved to ``srv``, then ``overrides``."""
    unknown = set(overrides) - documented_variables()
    if unknown:
        raise Drift(f"the test sets variables deploy/heritage.env.example does not document: {unknown}")
    values = read_environment_file(ENV_TEMPLATE)
    for name, value in values.items():
        values[name] = value.replace(PROD, str(srv))
    values.update(overrides)
    return values


# --- nginx -------------------------------------------------------------------------------------------


def nginx_site(ports, srv, run, snippets, certificate, logs, acme):
    """deploy/nginx/heritage.conf on loopback, TLS and HTTP/2 kept; every adaptation counted."""
    text = SITE.read_text()
    text = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    return substitute(
        text,
        [
            (r"include /etc/nginx/heritage/", f"include {snippets}/", 3),
            (r"server unix:/run/heritage/gunicorn\.sock", f"server unix:{run}/gunicorn.sock", 1),
            (r"listen 80;", f"listen 127.0.0.1:{ports['http']};", 1),
            (r"listen 443 ssl http2;", f"listen 127.0.0.1:{ports['https']} ssl http2;", 1),
            (r"\n\s*listen \[::\]:(80|443)[^;]*;", "", 2),
            (
                r"ssl_certificate /etc/letsencrypt/live/heritage\.example\.org/fullchain\.pem;",
                f"ssl_certificate {certificate['cert']};",
                1,
            ),
            (
                r"ssl_certificate_key /etc/letsencrypt/live/heritage\.example\.org/privkey\.pem;",
                f"ssl_certificate_key {certificate['key']};",
                1,
            ),
            (r"/var/log/nginx/", f"{logs}/", 2),
            (r"root /var/www/letsencrypt;", f"root {acme};", 1),
            (PROD.replace("/", r"\/"), str(srv), 4),
        ],
        "deploy/nginx/heritage.conf",
    )


def nginx_main_conf(base, site):
    temp = base / "tmp"
    return f"""
user {NGINX_USER};
worker_processes 2;
daemon off;
pid {base}/nginx.pid;
error_log {base}/error.log warn;
events {{ worker_connections 512; }}
http {{
    # As Debian's /etc/nginx/nginx.conf.
    sendfile on;
    tcp_nopush on;
    types_hash_max_size 2048;
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {base}/access.log;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    include {site};
}}
"""


def self_signed_certificate(folder):
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
            "-keyout", str(key), "-out", str(cert), "-subj", f"/CN={SERVER_NAME}",
            "-addext", f"subjectAltName=DNS:{SERVER_NAME},IP:127.0.0.1",
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return {"cert": cert, "key": key}


# --- machine set-up (docs/DEPLOYMENT.md, "System user") -------------------------------------------


def ensure_users():
    """The heritage system user, and www-data in its group, as the deployment guide creates them."""
    try:
        pwd.getpwnam(APP_USER)
    except KeyError:
        subprocess.run(
            ["useradd", "--system", "--user-group", "--home-dir", PROD, "--no-create-home",
             "--shell", "/usr/sbin/nologin", APP_USER],
            check=True,
        )  # fmt: skip
    if NGINX_USER not in grp.getgrnam(APP_USER).gr_mem:
        subprocess.run(["adduser", NGINX_USER, APP_USER], check=True, capture_output=True)


def ensure_nginx():
    if shutil.which("nginx"):
        return
    if os.geteuid() != 0:
        raise RuntimeError("nginx is not installed (apt-get install nginx)")
    install = ["apt-get", "install", "-y", "-qq", "nginx"]
    if subprocess.run(install, capture_output=True).returncode != 0:
        subprocess.run(["apt-get", "update", "-qq"], check=True, capture_output=True)
        subprocess.run(install, check=True, capture_output=True)


def chown_tree(path, user=APP_USER):
    entry = pwd.getpwnam(user)
    for folder, dirs, files in os.walk(path):
        os.chown(folder, entry.pw_uid, entry.pw_gid)
        for name in dirs + files:
            os.chown(os.path.join(folder, name), entry.pw_uid, entry.pw_gid, follow_symlinks=False)


# --- PostgreSQL (as bin/with-postgres) ------------------------------------------------------------


class Postgres:
    def __init__(self, folder):
        self.folder = folder
        bins = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
        if not bins:
            subprocess.run(["apt-get", "install", "-y", "-qq", "postgresql"], check=True, capture_output=True)
            bins = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
        self.bin = bins[-1].parent
        self.as_postgres = ["runuser", "-u", "postgres", "--"]

    def start(self):
        self.folder.mkdir(mode=0o755)
        shutil.chown(self.folder, "postgres")
        data = self.folder / "data"
        run = self.as_postgres
        subprocess.run(
            [*run, str(self.bin / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8",
             "--locale=C.UTF-8"],
            check=True, capture_output=True,
        )  # fmt: skip
        options = f"-k {self.folder} -c listen_addresses='' -c fsync=off -c synchronous_commit=off"
        subprocess.run(
            [*run, str(self.bin / "pg_ctl"), "-D", str(data), "-w", "-l", str(self.folder / "server.log"),
             "-o", options, "start"],
            check=True, capture_output=True,
        )  # fmt: skip
        # docs/DEPLOYMENT.md: a role and a database named after the system user.
        psql = [str(self.bin / "psql"), "-h", str(self.folder), "-U", "postgres", "-v", "ON_ERROR_STOP=1"]
        subprocess.run([*psql, "-c", f"CREATE ROLE {APP_USER} LOGIN"], check=True, capture_output=True)
        subprocess.run(
            [*psql, "-c", f"CREATE DATABASE {APP_USER} OWNER {APP_USER} ENCODING 'UTF8'"],
            check=True,
            capture_output=True,
        )

    def stop(self):
        subprocess.run(
            [*self.as_postgres, str(self.bin / "pg_ctl"), "-D", str(self.folder / "data"), "-m", "immediate",
             "stop"],
            capture_output=True,
        )  # fmt: skip


# --- processes ------------------------------------------------------------------------------------


def start_process(cmd, log, env, *, user=None, umask=None, cwd=ROOT):
    entry = pwd.getpwnam(user) if user else None
    with open(log, "ab") as out:
        return subprocess.Popen(
            cmd,
            cwd=cwd,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            user=entry.pw_uid if entry else None,
            group=entry.pw_gid if entry else None,
            extra_groups=[] if entry else None,
            umask=umask if umask is not None else -1,
        )


def stop_process(process, timeout=30):
    if process is None or process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


class Supervisor(threading.Thread):
    """What systemd does for heritage-worker@1 (Restart=always): start it again whenever it exits."""

    def __init__(self, start, restart_seconds, pidfile):
        super().__init__(daemon=True)
        self.start_worker = start
        self.restart_seconds = restart_seconds
        self.pidfile = pidfile
        self.process = None
        self.enabled = threading.Event()
        self.finished = threading.Event()
        self.starts = 0
        self.lock = threading.Lock()

    def run(self):
        while not self.finished.is_set():
            if self.enabled.is_set() and (self.process is None or self.process.poll() is not None):
                with self.lock:
                    if self.process is not None:
                        time.sleep(self.restart_seconds)
                    if self.enabled.is_set() and not self.finished.is_set():
                        self.process = self.start_worker()
                        self.pidfile.write_text(str(self.process.pid))
                        self.starts += 1
            time.sleep(0.2)

    def stop_worker(self):
        """systemctl stop: no restart, SIGTERM, wait for the current task to end."""
        self.enabled.clear()
        with self.lock:
            stop_process(self.process, timeout=60)

    def close(self):
        self.finished.set()
        self.stop_worker()


def wait_for(predicate, timeout, what, interval=0.5):
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            last = predicate()
            if last:
                return last
        except (OSError, ValueError, http.client.HTTPException) as error:
            last = error
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout} s waiting for {what} (last: {last!r})")


def production_venv(folder):
    """The app's dependencies as the guide installs them: locked, no dev group, bytecode compiled,
    on Debian's python3.11 (an interpreter the heritage user may run, unlike one under /root)."""
    python = Path("/usr/bin/python3.11")
    if not python.exists():
        raise RuntimeError("Debian's python3.11 is needed (apt-get install python3.11-venv)")
    uv = shutil.which("uv") or str(ROOT / ".tools" / "bin" / "uv")
    subprocess.run(
        [uv, "sync", "--frozen", "--no-dev", "--compile-bytecode", "--python", str(python), "--quiet"],
        cwd=ROOT,
        env={**os.environ, "UV_PROJECT_ENVIRONMENT": str(folder)},
        check=True,
        capture_output=True,
        timeout=600,
    )
    subprocess.run(["chmod", "-R", "a+rX", str(folder)], check=True)
    return folder


def python_env(extra=None):
    """A bare environment like systemd's (PATH, LANG), plus ``extra``."""
    env = {
        "PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        "LANG": "C.UTF-8",
        "PYTHONUNBUFFERED": "1",
    }
    env.update(extra or {})
    return env


def random_secret():
    return secrets.token_urlsafe(50)
