"""``manage.py load_restoration_demo``: demo documentation events, registered and sealed (after load_demo)."""

from django.core.management.base import BaseCommand

from restoration.demo import load


class Command(BaseCommand):
    help = "Add demo baseline and post-restoration events (Mỹ Sơn group G, Tấn Ký house), registered, sealed."

    def handle(self, *args, **options):
        done = load(log=self.stdout.write)
        self.stdout.write(self.style.SUCCESS(f"Restoration demo: {done} records documented."))
