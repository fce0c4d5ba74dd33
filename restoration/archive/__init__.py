"""The restoration baseline archive: what is sealed stays as it was.

``ocfl_store``, ``bag``, ``checks``, ``fsutil``: the storage layer (OCFL objects, BagIt export; no
Django). ``sealing`` and ``snapshot``: events sealed into it; ``fixity``: periodic checks against
the sealed inventory; ``integrity``: what the sealed inventory says each sealed master and file must be,
and whether the live copies and database rows agree; ``guards``: database triggers that keep sealed
rows, and the rows of the masters they use, unchanged; ``exports``:
bag/OCFL exports built by a task; ``views``/``urls``: the admin screens of a record's archive.
"""

from .ocfl_store import ArchiveError, FixityReport, ObjectStore, SealFile, VersionInfo

__all__ = ["ArchiveError", "FixityReport", "ObjectStore", "SealFile", "VersionInfo"]
