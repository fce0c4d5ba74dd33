"""Where published pyramids live, and their atomic publication.

A pyramid is built in a staging folder beside the public one (same filesystem, so a rename is
atomic) and becomes visible in one rename; its info.json, written by us with the public id and
our profile, is placed last. A crash or SIGKILL at any point leaves either the previous pyramid
or nothing visible — never a partial one — and stale staging folders are removed on the next run.
"""

import json
import os
import shutil
import time
import uuid
from pathlib import Path

from django.conf import settings

from images.models import iiif_identifier_validator

INFO_JSON = "info.json"


def tile_root():
    return Path(settings.MEDIA_ROOT) / "iiif"


def _checked(identifier):
    # The identifier comes from the URL: it must be a plain name, never a path.
    iiif_identifier_validator(identifier)
    return identifier


def pyramid_dir(identifier):
    """The public folder of an image's pyramid (it may not exist)."""
    return tile_root() / _checked(identifier)


def published_info(identifier):
    """The published info.json as a dict, or None when no complete pyramid is published."""
    try:
        return json.loads((pyramid_dir(identifier) / INFO_JSON).read_text())
    except (FileNotFoundError, NotADirectoryError):
        return None


def new_staging_dir(identifier):
    """A fresh, empty staging folder for one build; older staging folders of this image are removed."""
    staging_root = tile_root() / ".staging"
    staging_root.mkdir(parents=True, exist_ok=True)
    for stale in staging_root.glob(f"{_checked(identifier)}.*"):
        shutil.rmtree(stale, ignore_errors=True)
    # A verification pass whose upload was then abandoned (another field of the form was wrong)
    # leaves its staged pyramid behind; anything a day old is no build in progress.
    day_ago = time.time() - 86400
    for leftover in staging_root.iterdir():
        try:
            if leftover.stat().st_mtime < day_ago:
                shutil.rmtree(leftover, ignore_errors=True)
        except FileNotFoundError:
            pass
    path = staging_root / f"{identifier}.{uuid.uuid4().hex}"
    path.mkdir()
    return path


def publish(built_pyramid, identifier, info):
    """Move a finished pyramid into place atomically, then write its info.json.

    ``built_pyramid`` must be on the same filesystem (a staging folder). An existing pyramid is
    replaced: it is renamed aside first and deleted afterwards.
    """
    target = pyramid_dir(identifier)
    (built_pyramid / INFO_JSON).unlink(missing_ok=True)  # libvips' own; ours is written last
    trash = None
    if target.exists():
        trash = tile_root() / ".staging" / f"{identifier}.old-{uuid.uuid4().hex}"
        os.rename(target, trash)
    os.rename(built_pyramid, target)
    temporary = target / f".{INFO_JSON}.tmp"
    temporary.write_text(json.dumps(info, indent=1))
    os.replace(temporary, target / INFO_JSON)
    if trash is not None:
        shutil.rmtree(trash, ignore_errors=True)


def discard(path):
    shutil.rmtree(path, ignore_errors=True)
