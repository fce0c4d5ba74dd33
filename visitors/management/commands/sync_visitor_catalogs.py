from django.core.management.base import BaseCommand

from visitors.i18n.catalogs import write_all


class Command(BaseCommand):
    help = (
        "Write the ko, zh-hans, ja and fr interface catalogues from every Vietnamese catalogue of the "
        "project and visitors/i18n/interface.tsv (run after makemessages)."
    )

    def handle(self, *args, **options):
        for language, total, untranslated in write_all():
            self.stdout.write(f"{language}: {total} messages, {untranslated} shown in English")
