"""``manage.py backup [FOLDER]``: a consistent backup of the database, media and archive."""

import shutil
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from backups.snapshot import INFO, BackupError, make_backup


class Command(BaseCommand):
    help = (
        "Write a consistent backup (database, MEDIA_ROOT, ARCHIVE_ROOT, checksum manifest) into a new "
        "folder; without one, into BACKUP_ROOT/heritage-<UTC time>, keeping the last --keep-last there."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", nargs="?", help="a new or empty folder (default: under BACKUP_ROOT)")
        parser.add_argument(
            "--keep-last", type=int, default=7, help="backups kept in BACKUP_ROOT (default 7)"
        )

    def handle(self, *args, folder, keep_last, **options):
        root = Path(settings.BACKUP_ROOT)
        target = Path(folder) if folder else root / f"heritage-{datetime.now(UTC):%Y%m%dT%H%M%SZ}"
        try:
            info = make_backup(target)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Backup written to {target}: {info['files']} files, {info['database']} database.")
        if not folder and keep_last > 0:
            # Only complete backups of this command count (an interrupted one has no backup.json).
            done = sorted(p for p in root.glob("heritage-*") if (p / INFO).is_file())
            for old in done[:-keep_last]:
                shutil.rmtree(old)
                self.stdout.write(f"Removed the older backup {old}")
