"""The OCFL storage layer of the restoration archive, on real files with ocfl-py's validator and bagit's CLI.

No database is used: the store is plain Python. The SIGKILL and full-disk tests exercise the promise that an
object is never half-written: after any failure it is valid at its previous head.
"""

import fcntl
import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from ocfl.validator import Validator

from restoration.archive.ocfl_store import ArchiveError, ObjectStore, SealFile, VersionInfo

BIN = Path(sys.executable).parent
OCFL_VALIDATE = BIN / "ocfl-validate.py"
BAGIT = BIN / "bagit.py"
WORKER = Path(__file__).with_name("seal_worker.py")
ID = "QN-DT-0002"
SURVEY = VersionInfo("Baseline survey after the 2025 flood", "Nguyễn Thị Lan", "lan@example.org")
CORRECTION = VersionInfo("Correct the roof-tile count", "Trần Văn Minh", "mailto:minh@example.org")


def ocfl_valid(path: Path) -> bool:
    return Validator(check_digests=True).validate_object(str(path))


def leftovers(store: ObjectStore) -> list[str]:
    """Workspace entries other than the (deliberately permanent, empty) lock files."""
    return sorted(name for name in os.listdir(store.workspace) if not name.endswith(".lock"))


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def store(tmp_path):
    return ObjectStore(tmp_path / "archive")


@pytest.fixture
def sources(tmp_path):
    folder = tmp_path / "sources"
    folder.mkdir()
    (folder / "facade.jpg").write_bytes(os.urandom(200_000))
    (folder / "notes.txt").write_text("Mái ngói âm dương, 1 240 viên.\n", encoding="utf-8")
    return folder


@pytest.fixture
def sealed(store, sources):
    """An object at v1 with a photo, field notes and the metadata snapshot."""
    files = [
        SealFile("photos/facade.jpg", sources / "facade.jpg"),
        SealFile("notes.txt", sources / "notes.txt"),
        SealFile("metadata.json", data=b'{"tiles": 1240}\n'),
    ]
    assert store.add_version(ID, files, SURVEY) == "v1"
    return store


def test_versions_carry_state_forward_deduplicate_and_validate(sealed, sources):
    store = sealed
    v2 = store.add_version(
        ID,
        [
            SealFile("metadata.json", data=b'{"tiles": 1204}\n'),
            SealFile("photos/facade-copy.jpg", sources / "facade.jpg"),  # identical bytes: stored once
        ],
        CORRECTION,
    )
    assert v2 == "v2" and store.head(ID) == "v2"

    inventory = store.inventory(ID)
    assert inventory["digestAlgorithm"] == "sha512"
    assert inventory["versions"]["v2"]["message"] == "Correct the roof-tile count"
    assert inventory["versions"]["v2"]["user"] == {
        "name": "Trần Văn Minh",
        "address": "mailto:minh@example.org",
    }
    assert inventory["versions"]["v1"]["user"]["address"] == "mailto:lan@example.org"

    v1_state, v2_state = store.state(ID, "v1"), store.state(ID)
    assert set(v2_state) == {"photos/facade.jpg", "photos/facade-copy.jpg", "notes.txt", "metadata.json"}
    assert v2_state["notes.txt"] == v1_state["notes.txt"]  # carried forward
    assert v2_state["photos/facade-copy.jpg"] == v1_state["photos/facade.jpg"]
    assert v2_state["metadata.json"] != v1_state["metadata.json"]

    # Deduplication: the copy of the photo points at v1's content; v2 stores only the new metadata.
    content = sorted(p for paths in inventory["manifest"].values() for p in paths)
    assert content == [
        "v1/content/metadata.json",
        "v1/content/notes.txt",
        "v1/content/photos/facade.jpg",
        "v2/content/metadata.json",
    ]
    obj = store.object_path(ID)
    assert not (obj / "v2/content/photos").exists()
    assert store.open_file(ID, "photos/facade-copy.jpg") == obj / "v1/content/photos/facade.jpg"
    assert store.open_file(ID, "metadata.json", "v1").read_bytes() == b'{"tiles": 1240}\n'

    # OCFL fixity block: a sha256 for every content path, matching the bytes on disk.
    fixity = {p: d for d, paths in inventory["fixity"]["sha256"].items() for p in paths}
    assert sorted(fixity) == content
    assert all(sha256(obj / path) == digest for path, digest in fixity.items())

    assert (obj / "v1/content/notes.txt").stat().st_mode & 0o777 == 0o444
    assert (obj / "v2/content").stat().st_mode & 0o777 == 0o555
    assert (obj / "inventory.json").read_bytes() == (obj / "v2/inventory.json").read_bytes()

    valid, messages = store.validate(ID)
    assert valid, messages
    assert not any(m.startswith("[E") for m in messages)
    assert store.check_fixity(ID).ok
    for path in (obj, store.root):  # the object, then the whole storage root with its layout
        result = subprocess.run([sys.executable, OCFL_VALIDATE, path], capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr
    assert leftovers(store) == []

    assert (
        store.add_version(
            ID, [], VersionInfo("Withdraw the duplicate photo", "Lan"), remove=["photos/facade-copy.jpg"]
        )
        == "v3"
    )
    assert "photos/facade-copy.jpg" not in store.state(ID)
    assert "photos/facade-copy.jpg" in store.state(ID, "v2")
    assert store.validate(ID)[0]


def _make_writable(path: Path) -> None:
    """What root (or a careless admin) can always do despite the read-only modes."""
    path.parent.chmod(0o755)
    path.chmod(0o644)


def test_fixity_catches_a_flipped_bit(sealed):
    target = sealed.object_path(ID) / "v1/content/photos/facade.jpg"
    _make_writable(target)
    with open(target, "r+b") as fh:
        fh.seek(1000)
        byte = fh.read(1)[0]
        fh.seek(1000)
        fh.write(bytes([byte ^ 0x01]))

    report = sealed.check_fixity(ID)
    assert report.changed == ["v1/content/photos/facade.jpg"]
    assert report.missing == [] and report.unexpected == [] and report.checked == 3
    assert not report.ok
    valid, messages = sealed.validate(ID)
    assert not valid
    assert any("E092" in m and "facade.jpg" in m for m in messages)


def test_fixity_catches_missing_and_unexpected_files(sealed):
    obj = sealed.object_path(ID)
    _make_writable(obj / "v1/content/notes.txt")
    (obj / "v1/content/notes.txt").unlink()
    (obj / "v1/content/photos/intruder.jpg").write_bytes(b"not sealed")

    report = sealed.check_fixity(ID)
    assert report.missing == ["v1/content/notes.txt"]
    assert report.unexpected == ["v1/content/photos/intruder.jpg"]
    assert report.changed == [] and report.checked == 2 and not report.ok
    valid, messages = sealed.validate(ID)
    assert not valid
    assert any("notes.txt" in m for m in messages) and any("intruder.jpg" in m for m in messages)


def test_sigkill_at_any_moment_leaves_previous_or_new_head(sealed, tmp_path):
    store = sealed
    big = tmp_path / "survey.tif"
    big.write_bytes(os.urandom(64 * 1024 * 1024))
    outcomes, delay = [], 0.05
    for _attempt in range(15):
        worker = subprocess.Popen(
            [sys.executable, WORKER, store.root, ID, big],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert worker.stdout.readline().strip() == "sealing", worker.stderr.read()
        time.sleep(delay)
        worker.send_signal(signal.SIGKILL)  # a no-op if it already finished
        worker.wait()
        junk = leftovers(store)  # looked at before any store operation can sweep it
        head = store.head(ID)
        assert head in ("v1", "v2"), (delay, head)
        assert ocfl_valid(store.object_path(ID)), (delay, head, junk)
        outcomes.append((round(delay, 3), worker.returncode, head, bool(junk)))
        if head == "v2":
            break
        delay *= 1.4
    else:
        pytest.fail(f"the seal never completed: {outcomes}")

    assert any(code == -signal.SIGKILL and head == "v1" for _d, code, head, _j in outcomes), outcomes
    assert any(junk for *_rest, junk in outcomes), f"no kill landed mid-build: {outcomes}"
    assert store.open_file(ID, "scans/survey.tif").read_bytes() == big.read_bytes()

    assert store.add_version(ID, [SealFile("notes.txt", data=b"after the crash\n")], CORRECTION) == "v3"
    assert leftovers(store) == []
    assert store.validate(ID)[0]
    assert store.check_fixity(ID).ok


def test_leftover_builds_are_swept_unless_their_writer_is_alive(sealed):
    store = sealed
    leftover = store.workspace / f"{ID}.build"
    (leftover / "v1/content").mkdir(parents=True)
    (leftover / "v1/content/half.tif").write_bytes(b"half a scan")
    (leftover / "v1").chmod(0o555)  # read-only like sealed content, so removal must chmod first
    with open(store.workspace / f"{ID}.lock", "a") as held:
        fcntl.flock(held, fcntl.LOCK_EX)  # a writer that is still alive
        ObjectStore(store.root)
        assert leftovers(store) == [f"{ID}.build"]
    ObjectStore(store.root)  # the lock is free now: the build is junk
    assert leftovers(store) == []
    assert store.validate(ID)[0]


@pytest.fixture
def small_disk(tmp_path):
    mount_point = tmp_path / "disk"
    mount_point.mkdir()
    result = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", mount_point], capture_output=True, text=True
    )
    if result.returncode != 0:
        pytest.skip(
            f"cannot mount a 3 MB tmpfs to simulate a full disk (needs root): {result.stderr.strip()}"
        )
    try:
        yield mount_point
    finally:
        if subprocess.run(["umount", mount_point], capture_output=True).returncode != 0:
            subprocess.run(["umount", "-l", mount_point], check=True)


def test_full_disk_raises_clear_error_and_keeps_previous_head(small_disk, tmp_path):
    store = ObjectStore(small_disk / "archive")
    assert store.workspace == small_disk / "archive.workspace"
    assert store.add_version(ID, [SealFile("metadata.json", data=b'{"tiles": 1240}\n')], SURVEY) == "v1"
    big = tmp_path / "scan.tif"
    big.write_bytes(os.urandom(5 * 1024 * 1024))
    used_before = shutil.disk_usage(small_disk).used

    with pytest.raises(ArchiveError) as caught:
        store.add_version(ID, [SealFile("scans/scan.tif", big)], CORRECTION)

    message = str(caught.value)
    assert message.startswith(f"Not enough disk space to seal {ID} v2")
    assert "nothing was written" in message and "unchanged at v1" in message
    assert store.head(ID) == "v1"
    assert store.validate(ID)[0]
    assert leftovers(store) == []
    assert shutil.disk_usage(small_disk).used <= used_before
    # With space freed (a smaller file), sealing works again.
    assert store.add_version(ID, [SealFile("scans/scan.tif", data=b"small preview")], CORRECTION) == "v2"


def _bag_valid(bag: Path) -> None:
    result = subprocess.run([sys.executable, BAGIT, "--validate", bag], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_bag_export_of_head_and_first_version(sealed, sources, tmp_path):
    sealed.add_version(ID, [SealFile("metadata.json", data=b'{"tiles": 1204}\n')], CORRECTION)

    head_bag = sealed.export_bag(ID, tmp_path / "bag-head", info={"Source-Organization": "Quảng Nam Museum"})
    v1_bag = sealed.export_bag(ID, tmp_path / "bag-v1", version="v1")
    for bag in (head_bag, v1_bag):
        _bag_valid(bag)
        assert (bag / "manifest-sha256.txt").is_file() and (bag / "manifest-sha512.txt").is_file()
        assert (bag / "data/photos/facade.jpg").read_bytes() == (sources / "facade.jpg").read_bytes()
        assert (bag / "data/notes.txt").read_bytes() == (sources / "notes.txt").read_bytes()
    assert (head_bag / "data/metadata.json").read_bytes() == b'{"tiles": 1204}\n'
    assert (v1_bag / "data/metadata.json").read_bytes() == b'{"tiles": 1240}\n'
    head_info = (head_bag / "bag-info.txt").read_text(encoding="utf-8")
    assert f"External-Identifier: {ID}" in head_info and "OCFL-Object-Version: v2" in head_info
    assert "Bagging-Date: " in head_info and "Source-Organization: Quảng Nam Museum" in head_info
    # Times in the archive's one zone (Asia/Ho_Chi_Minh), with their offset.
    assert re.search(r"^OCFL-Version-Created: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00$", head_info, re.M)
    assert "OCFL-Object-Version: v1" in (v1_bag / "bag-info.txt").read_text(encoding="utf-8")
    assert not list(tmp_path.glob(".*.partial"))

    with pytest.raises(ArchiveError, match="already there"):
        sealed.export_bag(ID, head_bag)
    with pytest.raises(ArchiveError, match="no version 'v9'"):
        sealed.export_bag(ID, tmp_path / "bag-v9", version="v9")


def test_ocfl_object_export_is_a_valid_copy(sealed, tmp_path):
    exported = sealed.export_object(ID, tmp_path / "export" / ID)
    assert exported == tmp_path / "export" / ID
    assert ocfl_valid(exported)
    result = subprocess.run([sys.executable, OCFL_VALIDATE, exported], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout
    assert (exported / "inventory.json").read_bytes() == (
        sealed.object_path(ID) / "inventory.json"
    ).read_bytes()


@pytest.mark.parametrize(
    "logical_path", ["../x", "/etc/passwd", "", "a//b", "a\\b", "a\x00b", "a/./b", "photos/", "a\nb"]
)
def test_unsafe_logical_paths_are_refused_before_writing(store, sources, logical_path):
    with pytest.raises(ArchiveError, match="cannot be archived"):
        store.add_version(ID, [SealFile(logical_path, sources / "notes.txt")], SURVEY)
    assert not store.object_path(ID).exists()
    assert os.listdir(store.workspace) == []


def test_unsafe_paths_in_a_later_version_keep_the_head(sealed, sources):
    with pytest.raises(ArchiveError):
        sealed.add_version(
            ID, [SealFile("ok.txt", data=b"x"), SealFile("../../etc/x", data=b"x")], CORRECTION
        )
    with pytest.raises(ArchiveError, match="v1 has no such file"):
        sealed.add_version(ID, [], CORRECTION, remove=["never-sealed.txt"])
    with pytest.raises(ArchiveError, match="inside a file"):
        sealed.add_version(ID, [SealFile("notes.txt/extra.txt", data=b"x")], CORRECTION)
    assert sealed.head(ID) == "v1" and leftovers(sealed) == []


def test_missing_source_file_is_refused(store, tmp_path):
    with pytest.raises(ArchiveError, match="does not exist"):
        store.add_version(ID, [SealFile("scan.tif", tmp_path / "nowhere.tif")], SURVEY)
    assert store.head(ID) is None and not store.object_path(ID).exists()


def test_unknown_identifier_has_no_head(store):
    assert store.head("QN-DT-9999") is None
    for operation in (store.inventory, store.state, store.check_fixity, store.validate):
        with pytest.raises(ArchiveError, match="no object QN-DT-9999"):
            operation("QN-DT-9999")
    with pytest.raises(ArchiveError, match="no object QN-DT-9999"):
        store.export_object("QN-DT-9999", store.root.parent / "export")


@pytest.mark.parametrize("identifier", ["../QN-DT-0002", "qn-dt-0002", "QN/DT", "", "QN DT", "-QN", "QN.DT"])
def test_unsafe_identifiers_are_refused(store, identifier):
    for operation in (store.head, store.inventory, store.check_fixity, store.validate):
        with pytest.raises(ArchiveError, match="not a valid record identifier"):
            operation(identifier)
    with pytest.raises(ArchiveError, match="not a valid record identifier"):
        store.add_version(identifier, [SealFile("a.txt", data=b"x")], SURVEY)
    assert sorted(os.listdir(store.root)) == ["0=ocfl_1.1", "ocfl_layout.json"]
    assert os.listdir(store.workspace) == []
    assert not list(store.root.parent.glob("*.lock"))  # no lock file created via "../"


def test_version_needs_message_and_user(store):
    with pytest.raises(ArchiveError, match="needs a message"):
        store.add_version(ID, [SealFile("a.txt", data=b"x")], VersionInfo("", "Lan"))
    with pytest.raises(ArchiveError, match="source file or data"):
        SealFile("a.txt")
