"""The production nginx site (deploy/nginx/heritage.conf) adapted to loopback for the benchmarks.

Each substitution must match exactly as many times as expected, or the benchmark stops: it must
measure the config operators get, adapted only here (TLS and the Unix socket become loopback
ports, paths move into the work folder).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEPLOY_CONF = ROOT / "deploy" / "nginx" / "heritage.conf"
RATE_LIMITS = r"\n\s*limit_req(_status)? [^;]*;"


def adapt_site(ports, app_dir, rate_limits=False):
    """The site's text for loopback: the app at ``ports["gunicorn"]``, the site at ``ports["prod"]``
    (its HTTPS server, without TLS) and ``ports["redirect"]`` (its port 80), serving ``app_dir``'s
    media/ and static/. ``rate_limits``: keep the per-address limits (the deployed defence) or drop
    them (when one loopback client is the whole load, they measure the limiter)."""
    media, static = Path(app_dir) / "media", Path(app_dir) / "static"
    text = DEPLOY_CONF.read_text()
    substitutions = [
        (r"include /etc/nginx/heritage/", f"include {DEPLOY_CONF.parent}/", 3),
        (r"server unix:/run/heritage/gunicorn\.sock", f"server 127.0.0.1:{ports['gunicorn']}", 1),
        (r"listen 80;", f"listen 127.0.0.1:{ports['redirect']};", 1),
        (r"listen 443 ssl http2;", f"listen 127.0.0.1:{ports['prod']};", 1),
        (r"\n\s*listen \[::\]:(80|443)[^;]*;", "", 2),
        (r"\n\s*ssl_[a-z_]+ [^;]*;[^\n]*", "", 6),
        (r"access_log /var/log/nginx/heritage\.access\.log;", "access_log off;", 1),
        (r"/var/log/nginx/heritage\.error\.log", f"{app_dir}/nginx-site-error.log", 1),
        (r"/srv/heritage/media", str(media), 3),
        (r"/srv/heritage/static", str(static), 1),
        (r"root /var/www/letsencrypt;", f"root {static};", 1),
    ]
    if not rate_limits:
        substitutions.append((RATE_LIMITS, "", 12))
    # Comment lines go (they quote paths too); directives are adapted.
    text = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    for pattern, replacement, expected in substitutions:
        text, count = re.subn(pattern, replacement, text)
        if count != expected:
            sys.exit(f"deploy/nginx/heritage.conf changed: {pattern!r} matched {count} times, not {expected}")
    return text


def write_conf(base, site_text, extra_servers=""):
    """nginx.conf in ``base`` (Debian's http settings, no access log) including the adapted site and
    ``extra_servers``; checked with ``nginx -t``. Returns its path."""
    base = Path(base)
    temp = base / "tmp"
    temp.mkdir(parents=True, exist_ok=True)
    (base / "site.conf").write_text(site_text)
    # As root, nginx's workers would run as "nobody", who cannot enter a private temporary folder
    # (pytest's, in the smoke runs): they run as root then, on loopback only.
    root_user = "user root;" if os.geteuid() == 0 else ""
    conf = base / "nginx.conf"
    conf.write_text(
        f"""
{root_user}
worker_processes auto;
daemon off;
pid {base}/nginx.pid;
error_log {base}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    # As Debian's /etc/nginx/nginx.conf, less the access log.
    sendfile on;
    tcp_nopush on;
    types_hash_max_size 2048;
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;

    # The production site: deploy/nginx/heritage.conf adapted to loopback.
    include {base}/site.conf;
{extra_servers}
}}
"""
    )
    check = subprocess.run(["nginx", "-t", "-c", str(conf), "-p", str(base)], capture_output=True, text=True)
    if check.returncode != 0:
        sys.exit(f"nginx -t failed:\n{check.stderr}")
    return conf
