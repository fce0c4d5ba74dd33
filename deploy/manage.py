#!/usr/bin/env python3
"""Run manage.py (or, with --exec, any program) with the services' environment file.

    sudo -u heritage /srv/heritage/app/.venv/bin/python /srv/heritage/app/deploy/manage.py migrate
    .../deploy/manage.py --exec sh -c 'pg_dump "$DATABASE_URL" > ...'

The file is read as systemd reads EnvironmentFile= (NAME=value lines, # comments, optional quotes),
so a command run by hand sees exactly what the units see. HERITAGE_ENV_FILE names another file.
"""

import os
import sys
from pathlib import Path

APP_DIR = Path(__file__).resolve().parent.parent


def read_environment_file(path):
    values = {}
    for raw in Path(path).read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        name, sep, value = line.partition("=")
        name, value = name.strip(), value.strip()
        if not sep or not name.replace("_", "").isalnum():
            sys.exit(f"{path}: not NAME=value: {raw!r}")
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        values[name] = value
    return values


def main(argv):
    env_file = os.environ.get("HERITAGE_ENV_FILE", "/etc/heritage/env")
    os.environ.update(read_environment_file(env_file))
    os.chdir(APP_DIR)
    if argv[:1] == ["--exec"]:
        program = argv[1:]
        if not program:
            sys.exit("--exec needs a program")
    else:
        program = [sys.executable, str(APP_DIR / "manage.py"), *argv]
    os.execvp(program[0], program)  # noqa: S606 - replaces this process, as `exec` in a shell


if __name__ == "__main__":
    main(sys.argv[1:])
