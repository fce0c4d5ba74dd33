from django.core.management.base import BaseCommand, CommandError

from catalogue.demo.loader import DemoLoader, prerender_renditions


class Command(BaseCommand):
    help = "Load the demo archive (real sites and objects of Quảng Nam, illustrative images). Idempotent."

    def add_arguments(self, parser):
        parser.add_argument(
            "--image-scale",
            type=float,
            default=1.0,
            help="Scale of generated images (1.0 = real scan sizes; tests use less).",
        )
        parser.add_argument(
            "--update",
            action="store_true",
            help="Also bring demo records already in the database up to the data files (new revisions; "
            "slugs and images are kept).",
        )
        parser.add_argument(
            "--skip-renditions",
            action="store_true",
            help="Do not pre-render the web renditions of the images.",
        )

    def handle(self, *args, image_scale, skip_renditions, update=False, **options):
        if not 0 < image_scale <= 1:
            raise CommandError("--image-scale must be greater than 0 and at most 1.")
        log = self.stdout.write
        loader = DemoLoader(log=log, image_scale=image_scale, update=update)
        created = loader.run()
        if not skip_renditions:
            prerender_renditions(log=log)
        log(self.style.SUCCESS(f"Demo loaded: {created} new records, {loader.updated} pages updated."))
