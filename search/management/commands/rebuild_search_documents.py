"""Rebuild every search document from the catalogue (after a bulk import, or to repair drift).

Documents of records no longer published, or deleted, are removed. The engine's index is then rebuilt
without downtime by ``manage.py update_index`` (a new index, then an alias swap).
"""

from django.core.management.base import BaseCommand

from catalogue.models import RECORD_MODELS
from search.documents import refresh_record
from search.models import SearchDocument


class Command(BaseCommand):
    help = "Rebuild the search documents of all records from the catalogue."

    def handle(self, *args, **options):
        keys = set()
        for model in RECORD_MODELS:
            keys.update(model.objects.values_list("translation_key", flat=True))
        keys.update(SearchDocument.objects.values_list("translation_key", flat=True))
        published = 0
        for key in sorted(keys, key=str):
            if refresh_record(key) is not None:
                published += 1
        self.stdout.write(f"{published} published records in search ({len(keys) - published} not published).")
