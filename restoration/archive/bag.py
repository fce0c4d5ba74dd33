"""Exports of archived objects: a BagIt bag of one version's files, or a plain copy of the OCFL object.

Both are assembled next to ``dest`` under a hidden ``.<name>.partial`` directory, validated, and only then
renamed to ``dest``, so a failed or interrupted export never leaves something that looks complete.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

import bagit
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from .checks import validate_object_dir
from .fsutil import remove_tree
from .ocfl_store import ArchiveError

if TYPE_CHECKING:
    from .ocfl_store import ObjectStore

CHECKSUMS = ["sha256", "sha512"]


def _partial(identifier: str, dest: Path) -> Path:
    if os.path.lexists(dest):
        raise ArchiveError(f"Cannot export {identifier} to {dest}: something is already there.")
    partial = dest.with_name(f".{dest.name}.partial")
    remove_tree(partial)  # left by an interrupted export
    return partial


def export_object(store: ObjectStore, identifier: str, dest: Path) -> Path:
    """Copy the OCFL object directory to ``dest`` (which must not exist), validate it with ocfl-py (all
    digests) and return ``dest``. The copy has ordinary writable permissions: it belongs to its receiver."""
    dest = Path(dest).absolute()
    store.inventory(identifier)  # refuses an unknown or damaged object with a clear message
    partial = _partial(identifier, dest)
    try:
        with store._lock(identifier, exclusive=False):  # no version is installed halfway through the copy
            shutil.copytree(store.object_path(identifier), partial, copy_function=shutil.copyfile)
        for dirpath, _dirs, _names in os.walk(partial):
            os.chmod(dirpath, 0o755)  # noqa: S103 - copytree copied the archive's read-only directory mode
        valid, messages = validate_object_dir(partial)
        if not valid:
            raise ArchiveError(f"The exported copy of {identifier} is not valid: {'; '.join(messages)}")
        os.rename(partial, dest)
    except OSError as exc:
        remove_tree(partial)
        raise ArchiveError(f"Could not export {identifier} to {dest} ({exc}); nothing was exported.") from exc
    except BaseException:
        remove_tree(partial)
        raise
    return dest


def export_bag(
    store: ObjectStore, identifier: str, dest: Path, version: str | None = None, info: dict | None = None
) -> Path:
    """Write the logical state of ``version`` (default: head) as a BagIt bag at ``dest`` and return ``dest``.

    Files go to ``data/<logical path>``; manifests are sha256 and sha512; bag-info.txt holds
    External-Identifier, OCFL-Object-Version, OCFL-Version-Created, OCFL-Version-Message, Bagging-Date and
    the items of ``info`` (which may override them). The bag is validated with bagit, and each payload
    file's sha512 is checked against the OCFL inventory, before it is renamed into place.
    """
    dest = Path(dest).absolute()
    inventory = store.inventory(identifier)
    version = version or inventory["head"]
    if version not in inventory["versions"]:
        raise ArchiveError(f"The object {identifier} has no version {version!r}.")
    meta = inventory["versions"][version]
    state = {path: digest for digest, paths in meta["state"].items() for path in paths}
    bag_info = {
        "External-Identifier": identifier,
        "OCFL-Object-Version": version,
        # Every time the archive shows is in TIME_ZONE (Asia/Ho_Chi_Minh), written with its offset.
        "OCFL-Version-Created": _local(meta["created"]),
        "OCFL-Version-Message": " ".join(meta.get("message", "").split()),  # bag-info values are one line
        "Bagging-Date": timezone.localdate().isoformat(),
        **{key: str(value) for key, value in (info or {}).items()},
    }
    partial = _partial(identifier, dest)
    try:
        partial.mkdir()
        for logical_path in sorted(state):
            target = partial / logical_path
            target.parent.mkdir(parents=True, exist_ok=True)
            content = store.object_path(identifier) / inventory["manifest"][state[logical_path]][0]
            shutil.copyfile(content, target)  # sealed content never changes, so no lock is needed
        # make_bag briefly changes the process's working directory: exports are not for threaded callers.
        bag = bagit.make_bag(str(partial), bag_info=bag_info, checksums=CHECKSUMS)
        bag.validate()
        payload = {path: sums for path, sums in bag.entries.items() if path.startswith("data/")}
        copied = {path.removeprefix("data/"): sums["sha512"] for path, sums in payload.items()}
        if copied != state:
            raise ArchiveError(f"The bag of {identifier} {version} does not match the archived files.")
        os.rename(partial, dest)
    except (OSError, bagit.BagError) as exc:
        remove_tree(partial)
        raise ArchiveError(
            f"Could not export {identifier} {version} as a bag ({exc}); nothing was exported."
        ) from exc
    except BaseException:
        remove_tree(partial)
        raise
    return dest


def _local(stamp):
    moment = parse_datetime(stamp or "")
    if moment is None or timezone.is_naive(moment):
        return stamp
    return timezone.localtime(moment).isoformat(timespec="seconds")
