"""Images named in a spreadsheet: files in the curator's folder, or images already in the archive.

Files are only checked here (their header, as ingest checks it); they are stored by
``images.ingest.ingest_file`` when the import is applied, so a file already in the archive is reused.
"""

from pathlib import Path

from django.utils.translation import gettext as _

from images.ingest import collect_files
from images.models import HeritageImage
from images.vips import RefusedImage, read_header

NAME_SEPARATORS = ("_", "-", " ", ".", "(")


class ImageFinder:
    def __init__(self, folder):
        self.folder = Path(folder) if folder else None
        self.by_name, self.by_stem = {}, {}
        self.checked = {}
        if self.folder:
            for path in collect_files([self.folder]):
                self.by_name.setdefault(path.name.casefold(), path)
                self.by_stem.setdefault(path.stem.casefold(), path)
        self.stems = sorted(self.by_stem)

    def _check(self, path):
        if path not in self.checked:
            try:
                read_header(path)
                self.checked[path] = ""
            except RefusedImage as refusal:
                self.checked[path] = str(refusal)
        return self.checked[path]

    def resolve(self, names):
        """(refs, missing): each name as a stored image or a file to ingest; missing as (name, message)."""
        refs, missing = [], []
        known = {
            image.iiif_identifier: image for image in HeritageImage.objects.filter(iiif_identifier__in=names)
        }
        for name in names:
            if name in known:
                refs.append(known[name])
                continue
            path = self.by_name.get(name.casefold()) or self.by_stem.get(name.casefold())
            if path is None:
                if self.folder:
                    message = _(
                        "No file “%(name)s” in the images folder, and no image with that IIIF identifier."
                    )
                else:
                    message = _(
                        "No image has the IIIF identifier “%(name)s” (give an images folder for files)."
                    )
                missing.append((name, message))
                continue
            problem = self._check(path)
            if problem:
                missing.append((name, _("“%(name)s” cannot be ingested: ") + problem.replace("%", "%%")))
            else:
                refs.append(path)
        return refs, missing

    def by_name_prefix(self, values):
        """Files named after the row's inventory number or identifier (BTC-0012.tif, BTC-0012_2.tif…)."""
        found = []
        for key in (values.get("inventory_number"), values.get("identifier")):
            key = (key or "").strip().casefold()
            if not key:
                continue
            for stem in self.stems:
                if stem == key or (stem.startswith(key) and stem[len(key)] in NAME_SEPARATORS):
                    path = self.by_stem[stem]
                    if path not in found and not self._check(path):
                        found.append(path)
            if found:
                break
        return found
