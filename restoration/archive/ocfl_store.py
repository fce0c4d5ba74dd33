"""OCFL 1.1 object store for restoration baselines: one object per heritage record, sealed atomically.

Layout on disk::

    <root>/0=ocfl_1.1, ocfl_layout.json   storage root; extension 0002 flat direct: object dir = identifier
    <root>/QN-DT-0002/                    one OCFL object (digestAlgorithm sha512, fixity sha256)
    <root>.workspace/                     sibling workspace (OCFL allows no extra directories in the root)
        QN-DT-0002.lock                   per-object flock; never deleted (deleting lock files races)
        QN-DT-0002.build/                 the complete next object tree while it is being built
        QN-DT-0002.stage/                 incoming files while they are copied and hashed

A new version is built as a whole object tree in the workspace (existing files hard-linked), validated with
ocfl-py's validator (all digests checked), then installed in one step: ``rename`` for a new object,
``renameat2(RENAME_EXCHANGE)`` for an existing one. At every instant the object path holds either the complete
previous head or the complete new version, so SIGKILL or a full disk leaves the previous head intact. The
workspace must be on the same filesystem as the root, because only a same-filesystem rename is atomic.

This module does not import Django, so it can be used and tested on its own.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import io
import json
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from .checks import FixityReport, fixity_report, validate_object_dir
from .checks import by_digest as _by_digest
from .checks import by_path as _by_path
from .fsutil import digests as _digests
from .fsutil import exchange as _exchange
from .fsutil import file_digests as _file_digests
from .fsutil import fsync_dir as _fsync_dir
from .fsutil import link_tree as _link_tree
from .fsutil import read_at as _read_at
from .fsutil import remove_tree
from .fsutil import write_file as _write_file

NAMASTE = "0=ocfl_object_1.1"
INVENTORY_TYPE = "https://ocfl.io/1.1/spec/#inventory"
LAYOUT_EXTENSION = "0002-flat-direct-storage-layout"
_IDENTIFIER = re.compile(r"[A-Z0-9][A-Z0-9-]{0,99}")
_VERSION = re.compile(r"v[1-9][0-9]*")
_NO_SPACE = {errno.ENOSPC, errno.EDQUOT}


class ArchiveError(Exception):
    """A sealing, reading or export problem, worded as a sentence a curator can act on."""


@dataclass(frozen=True)
class SealFile:
    """One file of a new version: copied byte for byte from ``source``, or written from ``data``."""

    logical_path: str
    source: Path | None = None
    data: bytes | None = None

    def __post_init__(self):
        if (self.source is None) == (self.data is None):
            raise ArchiveError(f"The file {self.logical_path!r} needs a source file or data (exactly one).")


@dataclass(frozen=True)
class VersionInfo:
    """Who sealed a version and why. A bare e-mail address is stored as a ``mailto:`` URI; a naive
    ``created`` is taken as UTC; no ``created`` means now."""

    message: str
    user_name: str
    user_address: str = ""
    created: datetime | None = None


def check_identifier(identifier: str) -> str:
    """Return ``identifier`` if it is a safe object identifier (``A-Z``, ``0-9``, ``-``), else raise."""
    if not isinstance(identifier, str) or not _IDENTIFIER.fullmatch(identifier):
        raise ArchiveError(
            f"{identifier!r} is not a valid record identifier (capital letters, digits and hyphens only, "
            "e.g. QN-DT-0002); nothing was written."
        )
    return identifier


def check_logical_path(path: str) -> str:
    """Return ``path`` if it is a safe OCFL logical path (relative, ``/``-separated, no ``.``/``..``)."""
    parts = path.split("/") if isinstance(path, str) else []
    reason = None
    if not path or not isinstance(path, str):
        reason = "it is empty"
    elif any(ord(c) < 32 or c == "\x7f" for c in path):
        reason = "it contains a control character"
    elif "\\" in path:
        reason = "it contains a backslash (use / between folders)"
    elif path.startswith("/"):
        reason = "it is an absolute path"
    elif any(part in ("", ".", "..") for part in parts):
        reason = "it has an empty, '.' or '..' folder name"
    elif any(len(part.encode()) > 255 for part in parts):
        reason = "a name in it is longer than 255 bytes"
    if reason:
        raise ArchiveError(
            f"The file name {path!r} cannot be archived because {reason}; nothing was written."
        )
    return path


class ObjectStore:
    """An OCFL 1.1 storage root of restoration baselines (see the module docstring for the disk layout).

    ``workspace`` defaults to the sibling ``<root>.workspace`` and must be on the same filesystem. Writers
    hold an exclusive ``flock`` on ``<workspace>/<id>.lock``, multi-file readers a shared one, so two
    processes never seal the same object at once. A killed writer's leftover build is removed (once its lock
    is free) when an ObjectStore is created and before ``add_version``, ``validate`` and ``check_fixity``.
    """

    def __init__(self, root: Path, workspace: Path | None = None):
        self.root = Path(root).absolute()
        self.workspace = Path(workspace).absolute() if workspace else Path(f"{self.root}.workspace")
        try:
            self.workspace.mkdir(parents=True, exist_ok=True)
            self._init_root()
        except OSError as exc:
            raise ArchiveError(f"The archive at {self.root} could not be opened ({exc}).") from exc
        if self.root.stat().st_dev != self.workspace.stat().st_dev:
            raise ArchiveError(
                f"The workspace {self.workspace} must be on the same disk as the archive {self.root}, "
                "otherwise versions cannot be installed atomically."
            )
        self._sweep()

    def _init_root(self) -> None:
        namaste, layout = self.root / "0=ocfl_1.1", self.root / "ocfl_layout.json"
        if namaste.exists():
            found = json.loads(layout.read_text()).get("extension") if layout.exists() else None
            if found != LAYOUT_EXTENSION:
                raise ArchiveError(f"The archive {self.root} uses layout {found!r}, not {LAYOUT_EXTENSION}.")
            return
        self.root.mkdir(parents=True, exist_ok=True)
        if set(os.listdir(self.root)) - {"ocfl_layout.json"}:
            raise ArchiveError(f"{self.root} is neither empty nor an OCFL storage root; refusing to use it.")
        layout.unlink(missing_ok=True)  # left by an interrupted initialisation: start over
        doc = {"extension": LAYOUT_EXTENSION, "description": "Extension 0002: Flat Direct Storage Layout"}
        _write_file(layout, json.dumps(doc, indent=2).encode())
        _write_file(namaste, b"ocfl_1.1\n")  # written last: its presence means the root is complete
        _fsync_dir(self.root)

    # -- locking and recovery

    @contextlib.contextmanager
    def _lock(self, identifier: str, exclusive: bool = True, blocking: bool = True) -> Iterator[None]:
        fd = os.open(self.workspace / f"{check_identifier(identifier)}.lock", os.O_RDWR | os.O_CREAT, 0o644)
        try:
            mode = fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH
            fcntl.flock(fd, mode if blocking else mode | fcntl.LOCK_NB)
            yield
        finally:
            os.close(fd)  # releases the flock; the kernel also releases it when a process dies

    def _discard(self, identifier: str) -> None:
        for suffix in (".build", ".stage"):
            remove_tree(self.workspace / f"{identifier}{suffix}")

    def _sweep(self) -> None:
        """Remove leftover builds whose writer is gone (its lock is free)."""
        for name in os.listdir(self.workspace):
            ident, _, suffix = name.rpartition(".")
            if suffix in ("build", "stage") and _IDENTIFIER.fullmatch(ident):
                with contextlib.suppress(BlockingIOError), self._lock(ident, blocking=False):
                    self._discard(ident)

    # -- reading

    def object_path(self, identifier: str) -> Path:
        """Directory of the object (layout 0002: the identifier itself)."""
        return self.root / check_identifier(identifier)

    def head(self, identifier: str) -> str | None:
        """The head version (``"v2"``), or None if the archive has no object with this identifier."""
        return self.inventory(identifier)["head"] if self.object_path(identifier).exists() else None

    def inventory(self, identifier: str) -> dict:
        """The object's root inventory, after checking it against its sha512 sidecar."""
        try:
            # Both files are read through one directory fd so that a concurrent swap cannot mix two versions.
            dfd = os.open(self.object_path(identifier), os.O_RDONLY | os.O_DIRECTORY)
        except FileNotFoundError:
            raise ArchiveError(f"The archive has no object {identifier}.") from None
        try:
            raw, sidecar = (_read_at(dfd, name) for name in ("inventory.json", "inventory.json.sha512"))
        except OSError as exc:
            raise ArchiveError(
                f"The object {identifier} is damaged: its inventory is unreadable ({exc})."
            ) from exc
        finally:
            os.close(dfd)
        if sidecar.split()[:1] != [hashlib.sha512(raw).hexdigest().encode()]:
            raise ArchiveError(
                f"The object {identifier} is damaged: its inventory does not match its checksum."
            )
        return json.loads(raw)

    def _version(self, inventory: dict, version: str | None) -> str:
        version = version or inventory["head"]
        if version not in inventory["versions"]:
            raise ArchiveError(f"The object {inventory['id']} has no version {version!r}.")
        return version

    def state(self, identifier: str, version: str | None = None) -> dict[str, str]:
        """Logical path → sha512 of a version (default: head)."""
        inv = self.inventory(identifier)
        return _by_path(inv["versions"][self._version(inv, version)]["state"])

    def open_file(self, identifier: str, logical_path: str, version: str | None = None) -> Path:
        """Path of the stored (read-only) content of ``logical_path`` in a version (default: head). Sealed
        content never moves or changes, so the path stays valid when later versions are added."""
        inv = self.inventory(identifier)
        version = self._version(inv, version)
        digest = _by_path(inv["versions"][version]["state"]).get(logical_path)
        if digest is None:
            raise ArchiveError(f"{identifier} {version} has no file {logical_path!r}.")
        return self.object_path(identifier) / inv["manifest"][digest][0]

    # -- sealing

    def add_version(
        self, identifier: str, files: Iterable[SealFile], info: VersionInfo, remove: Iterable[str] = ()
    ) -> str:
        """Seal a new version: the head's state carried forward, ``files`` added/replaced, ``remove`` dropped.

        Content the object already holds (same sha512) is not stored again. Returns the new head (``"v2"``).
        On any failure nothing is written, the object stays at its previous head and ArchiveError says why.
        """
        files, remove = list(files), list(remove)
        check_identifier(identifier)
        for item in files:
            check_logical_path(item.logical_path)
            if item.source is not None and not Path(item.source).is_file():
                raise ArchiveError(f"The source file {item.source} does not exist; nothing was written.")
        for path in remove:
            check_logical_path(path)
        if not (info.message.strip() and info.user_name.strip()):
            raise ArchiveError(f"Sealing {identifier} needs a message and the name of the person sealing it.")
        self._sweep()
        try:
            with self._lock(identifier):
                return self._seal(identifier, files, info, remove)
        except OSError as exc:  # _seal converts its own OSErrors, so this came from the lock file
            raise _failure(identifier, "a new version", f"{identifier} is unchanged", exc) from exc

    def _seal(self, identifier: str, files: list[SealFile], info: VersionInfo, remove: list[str]) -> str:
        self._discard(identifier)
        base = self.inventory(identifier) if self.object_path(identifier).exists() else None
        previous = base["head"] if base else None
        version = f"v{int(previous[1:]) + 1}" if previous else "v1"
        state = _by_path(base["versions"][previous]["state"]) if base else {}
        new_paths = [f.logical_path for f in files]
        if len(set(new_paths)) != len(new_paths):
            raise ArchiveError(f"A file name is given twice for {identifier}; nothing was written.")
        for path in remove:
            if path in new_paths:
                raise ArchiveError(f"{path!r} is both added and removed in one version of {identifier}.")
            if path not in state:
                raise ArchiveError(f"Cannot remove {path!r}: {identifier} {previous or ''} has no such file.")
            del state[path]
        paths = set(state) | set(new_paths)
        for path in paths:
            parts = path.split("/")
            if any("/".join(parts[:i]) in paths for i in range(1, len(parts))):
                raise ArchiveError(f"{path!r} would be inside a file of the same name in {identifier}.")
        build, stage = self.workspace / f"{identifier}.build", self.workspace / f"{identifier}.stage"
        unchanged = f"{identifier} is unchanged at {previous}" if base else f"{identifier} was not created"
        try:
            self._build(identifier, base, version, state, files, info, build, stage)
            valid, messages = validate_object_dir(build)
            if not valid:
                raise ArchiveError(
                    f"The new version {version} of {identifier} failed OCFL validation, so it was not "
                    f"installed and {unchanged}: {'; '.join(m for m in messages if m.startswith('[E'))}"
                )
            self._install(build, self.object_path(identifier), replace=base is not None)
        except OSError as exc:
            self._discard(identifier)
            raise _failure(identifier, version, unchanged, exc) from exc
        except BaseException:
            self._discard(identifier)
            raise
        with contextlib.suppress(OSError):  # installed already; a leftover is swept by the next operation
            self._discard(identifier)
        return version

    def _build(self, identifier, base, version, state, files, info, build: Path, stage: Path) -> None:
        """Write the complete next object tree into ``build``; the root inventory is written last."""
        build.mkdir()
        stage.mkdir()
        manifest = _by_path(base["manifest"]) if base else {}
        fixity = _by_path(base.get("fixity", {}).get("sha256", {})) if base else {}
        if base:
            _link_tree(self.object_path(identifier), build)
        else:
            _write_file(build / NAMASTE, b"ocfl_object_1.1\n")
        known = set(manifest.values())
        for n, item in enumerate(files):
            sha512, sha256 = _stage(identifier, item, stage / str(n))
            state[item.logical_path] = sha512
            if sha512 in known:  # OCFL deduplication: the object already holds these exact bytes
                continue
            known.add(sha512)
            content_path = f"{version}/content/{item.logical_path}"
            (build / content_path).parent.mkdir(parents=True, exist_ok=True)
            os.rename(stage / str(n), build / content_path)
            manifest[content_path], fixity[content_path] = sha512, sha256
        address = info.user_address
        if address and ":" not in address and "@" in address:
            address = f"mailto:{address}"
        created = info.created or datetime.now(UTC)
        created = created if created.tzinfo else created.replace(tzinfo=UTC)
        versions = dict(base["versions"]) if base else {}
        versions[version] = {
            "created": created.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "message": info.message,
            "state": _by_digest(state),
            "user": {"name": info.user_name, **({"address": address} if address else {})},
        }
        inventory = {
            "digestAlgorithm": "sha512",
            "fixity": {"sha256": _by_digest(fixity)},
            "head": version,
            "id": identifier,
            "manifest": _by_digest(manifest),
            "type": INVENTORY_TYPE,
            "versions": versions,
        }
        raw = (json.dumps(inventory, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode()
        sidecar = f"{hashlib.sha512(raw).hexdigest()}  inventory.json\n".encode()
        (build / version).mkdir(exist_ok=True)
        for folder in (build / version, build):
            _write_file(folder / "inventory.json", raw)
            _write_file(folder / "inventory.json.sha512", sidecar)
        # Read-only content guards against accidents (root ignores it; fixity catches deliberate changes).
        # The object directory itself stays writable: moving a directory to a new parent needs write access.
        for dirpath, _dirs, names in os.walk(build, topdown=False):
            for name in names:
                os.chmod(os.path.join(dirpath, name), 0o444)
            if dirpath != str(build):
                os.chmod(dirpath, 0o555)  # noqa: S103 - read-only, as the brief for sealed content asks
            _fsync_dir(dirpath)

    def _install(self, build: Path, obj: Path, replace: bool) -> None:
        """Put ``build`` at ``obj`` in one atomic step; ``build`` then holds the previous tree, if any."""
        if replace:
            _exchange(build, obj)
        else:
            os.rename(build, obj)
        with contextlib.suppress(OSError):  # installed now: a failing fsync must not report "not sealed"
            _fsync_dir(self.root)
            _fsync_dir(self.workspace)

    # -- checking and export

    def validate(self, identifier: str) -> tuple[bool, list[str]]:
        """Validate one object with ocfl-py, checking every digest. Returns (valid, errors and warnings)."""
        if not self.object_path(identifier).is_dir():
            raise ArchiveError(f"The archive has no object {identifier}.")
        self._sweep()
        with self._lock(identifier, exclusive=False):
            return validate_object_dir(self.object_path(identifier))

    def check_fixity(self, identifier: str) -> FixityReport:
        """Re-hash every stored content file against the manifest (sha512) and fixity (sha256), and list
        files the inventory does not know (object declaration, inventories, extensions/ and logs/ aside)."""
        self._sweep()
        with self._lock(identifier, exclusive=False):
            return fixity_report(self.object_path(identifier), self.inventory(identifier))

    def export_object(self, identifier: str, dest: Path) -> Path:
        """Copy the object to ``dest`` (which must not exist), validate the copy, return ``dest``."""
        from .bag import export_object

        return export_object(self, identifier, dest)

    def export_bag(
        self, identifier: str, dest: Path, version: str | None = None, info: dict | None = None
    ) -> Path:
        """Export a version's logical state as a validated BagIt bag at ``dest`` (see ``bag.export_bag``)."""
        from .bag import export_bag

        return export_bag(self, identifier, dest, version=version, info=info)


def _failure(identifier: str, version: str, unchanged: str, exc: OSError) -> ArchiveError:
    if exc.errno in _NO_SPACE:
        return ArchiveError(
            f"Not enough disk space to seal {identifier} {version} ({exc.strerror}); "
            f"nothing was written and {unchanged}."
        )
    return ArchiveError(
        f"Could not seal {identifier} {version} ({exc}); nothing was written and {unchanged}."
    )


def _stage(identifier: str, item: SealFile, dest: Path) -> tuple[str, str]:
    """Copy one file into the stage while hashing it; fsync, then verify the copy by re-reading it."""
    with open(dest, "xb") as out:
        if item.data is not None:
            sha512, sha256, _ = _digests(io.BytesIO(item.data), out)
        else:
            with open(item.source, "rb") as src:
                before = os.fstat(src.fileno())
                sha512, sha256, size = _digests(src, out)
                after, now = os.fstat(src.fileno()), os.stat(item.source)
            if (
                (before.st_size, before.st_mtime_ns) != (after.st_size, after.st_mtime_ns)
                or size != after.st_size
                or (now.st_ino, now.st_dev) != (after.st_ino, after.st_dev)
            ):
                raise ArchiveError(
                    f"The source file {item.source} changed while it was being sealed into {identifier}; "
                    "nothing was written. Try again when nothing else is writing to it."
                )
        out.flush()
        os.fsync(out.fileno())
        # Drop the cached pages so the verification below re-reads what reached the disk.
        os.posix_fadvise(out.fileno(), 0, 0, os.POSIX_FADV_DONTNEED)
    if _file_digests(dest) != (sha512, sha256):
        raise ArchiveError(
            f"The copy of {item.logical_path!r} for {identifier} did not read back identically; nothing was "
            "written. The disk may be failing."
        )
    return sha512, sha256
