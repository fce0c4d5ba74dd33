"""Checking stored objects: ocfl-py's validator with every digest, and a fixity pass that re-hashes
each content file and lists what is changed, missing or unexpected."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path

from .fsutil import file_digests


def _import_validator():
    # ocfl-py imports pairtree, which calls logging.basicConfig(level=INFO) at import time; undo that so
    # importing this module never changes the host application's (e.g. Django's) root logging.
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    from ocfl.validator import Validator

    root.handlers[:], root.level = handlers, level
    return Validator


Validator = _import_validator()


@dataclass(frozen=True)
class FixityReport:
    """Result of re-hashing an object's stored content against its inventory (content paths)."""

    changed: list[str]
    missing: list[str]
    unexpected: list[str]
    checked: int

    @property
    def ok(self) -> bool:
        return not (self.changed or self.missing or self.unexpected)


def by_path(digest_map: dict[str, list[str]]) -> dict[str, str]:
    return {path: digest for digest, paths in digest_map.items() for path in paths}


def by_digest(path_map: dict[str, str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for path, digest in sorted(path_map.items()):
        out.setdefault(digest, []).append(path)
    return out


def validate_object_dir(path: Path) -> tuple[bool, list[str]]:
    """Validate the OCFL object at ``path`` with ocfl-py, checking every digest; return (valid, messages)."""
    validator = Validator(log_warnings=True, check_digests=True)
    valid = validator.validate_object(str(path))
    return valid, sorted(validator.log.messages)


def fixity_report(obj: Path, inv: dict) -> FixityReport:
    """Re-hash every content file of the object at ``obj`` against ``inv``'s manifest (sha512) and
    fixity (sha256); list files the inventory does not know (declaration, inventories, extensions/,
    logs/ aside)."""
    expected, fixity = by_path(inv["manifest"]), by_path(inv.get("fixity", {}).get("sha256", {}))
    changed, missing, unexpected = [], [], []
    for content_path, digest in sorted(expected.items()):
        if not (obj / content_path).is_file():
            missing.append(content_path)
            continue
        sha512, sha256 = file_digests(obj / content_path)
        if sha512 != digest.lower() or fixity.get(content_path, sha256).lower() != sha256:
            changed.append(content_path)
    for dirpath, _dirs, names in os.walk(obj):
        for name in names:
            rel = os.path.relpath(os.path.join(dirpath, name), obj)
            top, _, rest = rel.partition("/")
            known = (
                rel.startswith(("0=", "inventory.json")) if not rest else rest.startswith("inventory.json")
            )
            if top not in ("extensions", "logs") and not known and rel not in expected:
                unexpected.append(rel)
    return FixityReport(changed, missing, sorted(unexpected), checked=len(expected) - len(missing))
