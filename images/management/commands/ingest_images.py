import sys

from django.core.management.base import BaseCommand, CommandError

from images.ingest import collect_files, ingest_file

SYMBOLS = {"accepted": "+", "duplicate": "=", "rejected": "!"}


class Command(BaseCommand):
    help = (
        "Ingest master image files or folders (recursively): each is checked, hashed and stored unchanged; "
        "duplicates (same SHA-256) are reported and not stored again. Exits 1 if any file was rejected."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="files or folders")
        parser.add_argument("--identifier", help="IIIF identifier for the image (only with a single file)")
        parser.add_argument("--title", help="title (only with a single file; default: the file name)")

    def handle(self, *args, paths, identifier, title, **options):
        files = list(collect_files(paths))
        if (identifier or title) and len(files) != 1:
            raise CommandError("--identifier and --title need exactly one file.")
        if not files:
            raise CommandError("No image files found.")
        results = []
        width = len(str(len(files)))
        for number, path in enumerate(files, start=1):
            result = ingest_file(path, identifier=identifier, title=title)
            results.append(result)
            bar = "#" * (30 * number // len(files))
            mark = SYMBOLS[result.status]
            self.stdout.write(f"[{bar:<30}] {number:>{width}}/{len(files)} {mark} {path}  {result.message}")
            self.stdout.flush()
        self._summary(results)
        if any(r.status == "rejected" for r in results):
            sys.exit(1)

    def _summary(self, results):
        counts = {status: sum(r.status == status for r in results) for status in SYMBOLS}
        accepted, duplicates, rejected = counts["accepted"], counts["duplicate"], counts["rejected"]
        self.stdout.write(f"\n{accepted} accepted, {duplicates} duplicates, {rejected} rejected")
        for result in results:
            if result.status == "rejected":
                self.stdout.write(f"  rejected {result.path}: {result.message}")
            elif result.status == "duplicate":
                self.stdout.write(f"  duplicate {result.path}: {result.message}")
