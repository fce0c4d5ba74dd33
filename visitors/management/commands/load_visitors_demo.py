from django.core.management.base import BaseCommand

from visitors.demo.loader import VisitorsDemoLoader


class Command(BaseCommand):
    help = "Load the visitor-guide demo (visiting information, narrated tours); run after load_demo."

    def add_arguments(self, parser):
        parser.add_argument("--no-audio", action="store_true", help="Skip the espeak-ng narration")

    def handle(self, *args, **options):
        VisitorsDemoLoader(
            log=lambda message: self.stdout.write(message), narrate=not options["no_audio"]
        ).run()
