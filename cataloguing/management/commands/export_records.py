from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cataloguing.columns import RECORD_TYPES
from cataloguing.exporting import export_bytes, records_of_type


class Command(BaseCommand):
    help = "Export records of one type as CSV or XLSX (by the file's suffix), in the import format."

    def add_arguments(self, parser):
        parser.add_argument("--type", required=True, choices=sorted(RECORD_TYPES))
        parser.add_argument("file")
        parser.add_argument("--language", default="vi", choices=["vi", "en"], help="column names and labels")
        parser.add_argument("--locale", default="vi", help="which language version of the records")

    def handle(self, *args, **options):
        path = Path(options["file"])
        fmt = path.suffix.lower().lstrip(".")
        if fmt not in ("csv", "xlsx"):
            raise CommandError("The file must end in .csv or .xlsx.")
        rt = RECORD_TYPES[options["type"]]
        queryset = records_of_type(rt, options["locale"])
        path.write_bytes(export_bytes(queryset, rt, fmt, options["language"]))
        self.stdout.write(f"{queryset.count()} records written to {path}")
