from django.core.management.base import BaseCommand

from exhibitions.demo.loader import ExhibitionsDemoLoader


class Command(BaseCommand):
    help = "Load the two demo exhibitions (vi, en); run after load_demo and load_restoration_demo."

    def handle(self, *args, **options):
        ExhibitionsDemoLoader(log=lambda message: self.stdout.write(message)).run()
