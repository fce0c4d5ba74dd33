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

ensure_speech() {
  # The visitor guide narrates tour stops with espeak-ng and encodes them with opusenc (Debian
  # packages espeak-ng and opus-tools); without them the demo tours load without narration.
  if command -v espeak-ng >/dev/null && command -v opusenc >/dev/null; then
    return 0
  fi
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing espeak-ng and opus-tools (Debian packages) for synthetic narration…"
    apt-get install -y -qq espeak-ng opus-tools >/dev/null 2>&1 \
      || (apt-get update -qq && apt-get install -y -qq espeak-ng opus-tools >/dev/null)
  else
    echo "Narration needs espeak-ng and opus-tools (apt-get install espeak-ng opus-tools)." >&2
  fi
}
