"""``manage.py backup FOLDER``: a consistent backup of the database, media and archive."""

from django.core.management.base import BaseCommand, CommandError

from backups.snapshot import BackupError, make_backup


class Command(BaseCommand):
    help = (
        "Write a consistent backup (database, MEDIA_ROOT, ARCHIVE_ROOT, checksum manifest) into a new folder."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", help="a new or empty folder")

    def handle(self, *args, folder, **options):
        try:
            info = make_backup(folder)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Backup written to {folder}: {info['files']} files, {info['database']} database.")
