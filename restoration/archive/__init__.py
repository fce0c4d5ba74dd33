"""Storage layer of the restoration baseline archive (OCFL objects, BagIt export; no Django)."""

from .ocfl_store import ArchiveError, FixityReport, ObjectStore, SealFile, VersionInfo

__all__ = ["ArchiveError", "FixityReport", "ObjectStore", "SealFile", "VersionInfo"]
