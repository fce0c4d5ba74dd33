#!/usr/bin/env bash
# Upgrade a running installation, as docs/DEPLOYMENT.md ("Upgrading") describes; run as root:
#
#   /srv/heritage/app/deploy/upgrade.sh [--reindex] [GIT_REF]
#
# 1. database dump into $BACKUP_DIR (and `manage.py backup`, the full backup, when it exists)
# 2. GIT_REF given: check it out and install its locked dependencies (uv sync --frozen --no-dev)
# 3. manage.py migrate            (additive migrations: the old workers keep serving meanwhile)
# 4. manage.py collectstatic      (new hashed names beside the old ones: no page breaks)
# 5. --reindex: manage.py update_index  (when search fields changed; atomic alias swap)
# 6. systemctl reload heritage-web (new workers, no request lost), restart the task workers
# 7. manage.py check_deployment --wait 60 (exit 1 when anything is wrong)
#
# Any failing step stops the script; before step 6 the running site is untouched by code changes
# and the dump restores the database (pg_restore --clean --dbname=...).
set -euo pipefail

APP_DIR="${APP_DIR:-/srv/heritage/app}"
VENV="${VENV:-$APP_DIR/.venv}"
RUN_AS="${RUN_AS:-heritage}"
BACKUP_DIR="${BACKUP_DIR:-/srv/heritage/backups}"
SYSTEMCTL="${SYSTEMCTL:-systemctl}"
export HERITAGE_ENV_FILE="${HERITAGE_ENV_FILE:-/etc/heritage/env}"

reindex=0
ref=""
for arg in "$@"; do
  case "$arg" in
    --reindex) reindex=1 ;;
    -*) echo "unknown option $arg" >&2; exit 2 ;;
    *) ref="$arg" ;;
  esac
done

step() { printf '\n== %s\n' "$*"; }
as_app() { runuser -u "$RUN_AS" -- "$@"; }
manage() { as_app "$VENV/bin/python" "$APP_DIR/deploy/manage.py" "$@"; }

step "1. backup"
install -d -m 0750 -o "$RUN_AS" "$BACKUP_DIR"
dump="$BACKUP_DIR/pre-upgrade-$(date -u +%Y%m%dT%H%M%SZ).dump"
# shellcheck disable=SC2016  # $DATABASE_URL is expanded by the inner shell, from the environment file
as_app "$VENV/bin/python" "$APP_DIR/deploy/manage.py" --exec \
  sh -c 'pg_dump --format=custom --file="$1" "$DATABASE_URL"' pg_dump "$dump"
echo "database dumped to $dump ($(du -h "$dump" | cut -f1))"
if manage help backup >/dev/null 2>&1; then
  manage backup
else
  echo "(no manage.py backup command in this release: the database dump above is the backup)"
fi

if [[ -n "$ref" ]]; then
  step "2. code $ref and its dependencies"
  git -C "$APP_DIR" fetch --tags origin
  git -C "$APP_DIR" checkout --detach "$ref"
  uv="$(command -v uv || echo "$APP_DIR/.tools/bin/uv")"
  (cd "$APP_DIR" && UV_PROJECT_ENVIRONMENT="$VENV" "$uv" sync --frozen --no-dev --compile-bytecode)
else
  step "2. code: in place (no GIT_REF given)"
fi

step "3. migrate"
manage migrate --noinput

step "4. static files"
manage collectstatic --noinput --verbosity 0

if [[ $reindex -eq 1 ]]; then
  step "5. search index (update_index)"
  manage update_index
else
  step "5. search index: unchanged (give --reindex when search fields changed)"
fi

step "6. reload the web workers, restart the task workers"
"$SYSTEMCTL" reload heritage-web.service
"$SYSTEMCTL" restart 'heritage-worker@*.service'

step "7. check"
manage check_deployment --wait 60
