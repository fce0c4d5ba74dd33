"""``manage.py restore FOLDER``: restore a backup into an empty installation."""

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from backups.snapshot import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Check a backup against its checksum manifest, then restore it into this installation's empty "
        "database, MEDIA_ROOT and ARCHIVE_ROOT (then run migrate for a newer version of the code)."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder")

    def handle(self, *args, folder, **options):
        try:
            info = restore_backup(folder)
        except BackupError as error:
            raise CommandError(str(error)) from None
        # Newer code may bring migrations; the public tile links are rebuilt from the catalogue.
        call_command("migrate", interactive=False, verbosity=0)
        from iiif.access import sync_public_links

        sync_public_links()
        self.stdout.write(f"Restored the backup of {info['created']} ({info['database']} database).")
