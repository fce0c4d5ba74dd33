from django.core.management.base import BaseCommand

from library.demo.loader import LibraryDemoLoader


class Command(BaseCommand):
    help = "Load the reading room's demo documents (published texts); run after load_demo."

    def add_arguments(self, parser):
        parser.add_argument("--image-scale", type=float, default=1.0, help="Shrink generated images (tests)")

    def handle(self, *args, **options):
        loader = LibraryDemoLoader(
            log=lambda message: self.stdout.write(message), image_scale=options["image_scale"]
        )
        created = loader.run()
        self.stdout.write(f"Reading room demo: {created} documents created.")
