from django.core.management.base import BaseCommand

from opendata import dumps


class Command(BaseCommand):
    help = "Write the bulk dumps (CSV, JSON-LD, GeoJSON) of every public record, with SHA-256 checksums."

    def handle(self, *args, **options):
        for row in dumps.write_all():
            self.stdout.write(f"{row.path}  {row.size} bytes  {row.records} records  sha256 {row.sha256}")
