"""Filesystem steps of the archive: streamed hashing, durable writes, hard-linked copies, and the
atomic directory swap that installs a new version. No OCFL knowledge here."""

from __future__ import annotations

import ctypes
import errno
import hashlib
import os
import shutil
from pathlib import Path
from typing import BinaryIO

CHUNK = 1024 * 1024
_AT_FDCWD, _RENAME_EXCHANGE = -100, 2  # from <fcntl.h> and <linux/fs.h>


def digests(fh: BinaryIO, out: BinaryIO | None = None) -> tuple[str, str, int]:
    """Stream ``fh`` in 1 MiB chunks (copying into ``out`` if given); return sha512, sha256 and size."""
    h512, h256, size = hashlib.sha512(), hashlib.sha256(), 0
    while chunk := fh.read(CHUNK):
        h512.update(chunk)
        h256.update(chunk)
        size += len(chunk)
        if out is not None:
            out.write(chunk)
    return h512.hexdigest(), h256.hexdigest(), size


def file_digests(path: Path) -> tuple[str, str]:
    with open(path, "rb") as fh:
        return digests(fh)[:2]


def fsync_dir(path: Path | str) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_file(path: Path, data: bytes) -> None:
    with open(path, "xb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


def remove_tree(path: Path) -> None:
    """Delete ``path`` even if it has read-only directories. Files are never chmod-ed: they may be hard
    links shared with a live object, and unlinking needs only a writable directory."""
    if path.is_dir() and not path.is_symlink():
        for dirpath, _dirs, _files in os.walk(path):
            os.chmod(dirpath, 0o755)  # noqa: S103 - owner write is what unlinking needs
        shutil.rmtree(path)
    elif os.path.lexists(path):
        path.unlink()


def exchange(a: Path, b: Path) -> None:
    """Atomically swap two directory entries (Linux ``renameat2`` with ``RENAME_EXCHANGE``)."""
    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if renameat2 is None:
        raise OSError(errno.ENOSYS, "this system's C library lacks renameat2, needed to seal versions safely")
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) != 0:
        err = ctypes.get_errno()
        raise OSError(err, os.strerror(err), str(b))


def read_at(dfd: int, name: str) -> bytes:
    with open(name, "rb", opener=lambda path, flags: os.open(path, flags, dir_fd=dfd)) as fh:
        return fh.read()


def link_tree(obj: Path, build: Path) -> None:
    """Hard-link (or, where linking is impossible, copy) the existing object into ``build``."""
    for dirpath, _dirs, names in os.walk(obj):
        rel = os.path.relpath(dirpath, obj)
        target = build / rel if rel != "." else build
        target.mkdir(exist_ok=True)
        for name in names:
            if rel == "." and name.startswith("inventory.json"):
                continue  # replaced by the new root inventory; never write through a shared link
            try:
                os.link(os.path.join(dirpath, name), target / name)
            except OSError:  # e.g. a filesystem without hard links: copy (the validator re-checks digests)
                with open(os.path.join(dirpath, name), "rb") as src, open(target / name, "xb") as out:
                    shutil.copyfileobj(src, out, CHUNK)
                    out.flush()
                    os.fsync(out.fileno())
