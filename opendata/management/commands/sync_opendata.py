from django.core.management.base import BaseCommand

from opendata import state


class Command(BaseCommand):
    help = "Bring the open-data state (OAI-PMH datestamps, deletions, manifest activities) up to date."

    def handle(self, *args, **options):
        self.stdout.write(f"{state.sync_all()} records checked.")
