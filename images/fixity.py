"""Checksums of stored files, computed in one streamed pass."""

import hashlib

CHUNK_BYTES = 1024 * 1024


def check_file(path, algorithm, expected):
    """'ok' when the file at ``path`` still hashes to ``expected``, else 'changed' or 'missing'."""
    try:
        with open(path, "rb") as handle:
            return "ok" if digests(handle, (algorithm,))[algorithm] == expected else "changed"
    except FileNotFoundError:
        return "missing"


def digests(filelike, algorithms=("sha256",)):
    """Hash ``filelike`` from its start with every algorithm in one pass; return {name: hexdigest}.

    The file is read in 1 MiB chunks, so a master of several gigabytes never sits in memory.
    The file position is restored afterwards.
    """
    position = filelike.tell() if hasattr(filelike, "tell") else 0
    filelike.seek(0)
    hashers = {name: hashlib.new(name) for name in algorithms}
    while chunk := filelike.read(CHUNK_BYTES):
        for hasher in hashers.values():
            hasher.update(chunk)
    filelike.seek(position)
    return {name: hasher.hexdigest() for name, hasher in hashers.items()}
