"""Seal one large file as the next version of an object; run as a subprocess by the SIGKILL test.

Usage: seal_worker.py <storage root> <identifier> <source file>. Prints "sealing" once the store is open
(so the test can time its kill from the start of the seal itself), then the new head when done.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the repository root, for `restoration`

from restoration.archive.ocfl_store import ObjectStore, SealFile, VersionInfo


def main() -> None:
    root, identifier, source = sys.argv[1:4]
    store = ObjectStore(Path(root))
    print("sealing", flush=True)
    info = VersionInfo("Full-resolution survey scan", "Seal worker", "worker@example.org")
    print(store.add_version(identifier, [SealFile("scans/survey.tif", Path(source))], info), flush=True)


if __name__ == "__main__":
    main()
