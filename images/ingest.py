"""Ingest of master files from disk: checked, hashed, de-duplicated, stored unchanged."""

import os
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils.translation import gettext as _

from .fixity import digests
from .models import HeritageImage
from .text import nfc
from .verification import verify
from .vips import RefusedImage, read_header

IMAGE_SUFFIXES = {".tif", ".tiff", ".jpg", ".jpeg", ".png", ".webp", ".jp2", ".j2k"}


@dataclass
class IngestResult:
    path: Path
    status: str  # "accepted", "duplicate" or "rejected"
    message: str = ""
    image: HeritageImage | None = None


def collect_files(paths):
    """Expand folders (recursively, sorted) into their files; hidden files and folders are skipped.

    Within folders only files with an image suffix are taken; a file named explicitly is always taken
    (and refused later if it is not an image), so a curator learns why it was not ingested.
    """
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if not name.startswith(".") and Path(name).suffix.lower() in IMAGE_SUFFIXES:
                        yield Path(root) / name
        else:
            yield path


def ingest_file(path, *, identifier=None, title=None, user=None, collection=None):
    """Ingest one master file and return what happened; never raises for a bad file.

    The file is refused before anything is stored when libvips does not read it as an accepted
    raster format, its header declares too many pixels, or its pixels do not all decode (truncated
    or corrupt data: images.verification, whose pass also builds the deep-zoom pyramid). A file
    whose SHA-256 is already in the archive is reported as a duplicate of that image and not stored
    again.
    """
    path = Path(path)
    try:
        if not path.is_file():
            raise RefusedImage(_("No such file."))
        read_header(path)
        with path.open("rb") as handle:
            hashes = digests(handle, ("sha1", "sha256"))  # the only read of the whole file
        existing = HeritageImage.objects.filter(sha256=hashes["sha256"]).first()
        if existing:
            return IngestResult(
                path,
                "duplicate",
                _("same file as “%(title)s” (%(id)s)")
                % {"title": existing.title, "id": existing.iiif_identifier},
                existing,
            )
        prepared = verify(path)
        try:
            image = _store(
                path, hashes, prepared, identifier=identifier, title=title, user=user, collection=collection
            )
        except BaseException:
            prepared.discard()
            raise
    except RefusedImage as refusal:
        return IngestResult(path, "rejected", str(refusal))
    except ValidationError as error:
        return IngestResult(path, "rejected", "; ".join(error.messages))
    except OSError as error:
        return IngestResult(
            path, "rejected", _("Cannot read the file: %(error)s") % {"error": error.strerror}
        )
    return IngestResult(path, "accepted", image.iiif_identifier, image)


def _store(path, hashes, prepared, *, identifier, title, user, collection):
    image = HeritageImage(
        title=nfc(title or path.stem.replace("_", " ")),
        uploaded_by_user=user,
        sha256=hashes["sha256"],
        file_hash=hashes["sha1"],
        file_size=path.stat().st_size,
        original_filename=path.name[:255],
    )
    if identifier:
        image.iiif_identifier = identifier
    if collection is not None:
        image.collection = collection
    with path.open("rb") as handle:
        image.file = File(handle, name=path.name)
        # Validate before writing anything: a bad identifier must not leave a stored file behind.
        image.full_clean(
            exclude=[
                "file",
                "collection",
                "width",
                "height",
                "focal_point_x",
                "focal_point_y",
                "focal_point_width",
                "focal_point_height",
            ]
        )
        prepared.adopt(image)
        try:
            with transaction.atomic():
                image.save()
                prepared.published(image)
        except BaseException:
            if image.file.name and image.file.storage.exists(image.file.name):
                image.file.storage.delete(image.file.name)
            raise
    return image
