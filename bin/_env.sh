# Shared by bin/run-app and bin/run-tests: a project virtualenv built from the committed uv.lock.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

find_python() {
  for candidate in python3.11 python3; do
    if command -v "$candidate" >/dev/null && "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
      command -v "$candidate"; return 0
    fi
  done
  echo "Python 3.11 is required (python3.11 not found)." >&2
  return 1
}

ensure_venv() {
  local python uv
  python="$(find_python)"
  if command -v uv >/dev/null; then
    uv="$(command -v uv)"
  else
    # uv is kept in its own small virtualenv so that 'uv sync' never removes it from .venv.
    if [ ! -x .tools/bin/uv ]; then
      "$python" -m venv .tools
      .tools/bin/pip install --quiet --disable-pip-version-check "uv>=0.13,<0.14"
    fi
    uv="$ROOT/.tools/bin/uv"
  fi
  "$uv" sync --frozen --quiet --python "$python"
  # shellcheck disable=SC1091
  source .venv/bin/activate
}
