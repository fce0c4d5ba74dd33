"""``manage.py fixity_check``: re-hash every master and sealed object; exit 1 on any mismatch."""

from django.core.management.base import BaseCommand, CommandError

from restoration.archive.fixity import check_all


class Command(BaseCommand):
    help = (
        "Re-hash every stored master and sealed archive object; report changed, missing and unexpected files."
    )

    def handle(self, *args, **options):
        results = check_all()
        bad = [entry for entry in results.values() if not entry.ok]
        checked = sum(entry.checked for entry in results.values())
        for entry in sorted(bad, key=lambda e: e.identifier):
            self.stdout.write(self.style.ERROR(f"{entry.identifier or '(no record)'}:"))
            for kind in ("changed", "missing", "unexpected", "invalid"):
                for item in getattr(entry, kind):
                    self.stdout.write(f"  {kind}: {item}")
        self.stdout.write(f"{checked} files checked in {len(results)} records; {len(bad)} with problems.")
        if bad:
            raise CommandError("Fixity check found problems (see above); the admin shows an alarm.")
