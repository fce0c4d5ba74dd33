"""``manage.py check_deployment``: one line per check, one line per problem, exit 1 on any problem.

Operator output, in English like Django's own ``check`` (see operations/deployment.py).
"""

import time

from django.core.management.base import BaseCommand, CommandError

from operations.deployment import run_checks


class Command(BaseCommand):
    help = (
        "Verify a deployed instance from the inside: migrations, search mappings, task workers, "
        "filesystems, writable folders, the clock, static files and Django's deployment checks."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--wait",
            type=float,
            default=0,
            metavar="SECONDS",
            help="check again every 2 s until all is well or SECONDS have passed (after a restart)",
        )

    def handle(self, *args, **options):
        deadline = time.monotonic() + options["wait"]
        while True:
            results = list(run_checks())
            problems = sum(len(found) for _, _, found in results)
            if not problems or time.monotonic() >= deadline:
                break
            time.sleep(2)
        for name, ok_line, found in results:
            for line in found:
                self.stdout.write(self.style.ERROR(f"PROBLEM {name}: {line}"))
            if not found:
                self.stdout.write(self.style.SUCCESS(f"ok      {name}: {ok_line}"))
        if problems:
            raise CommandError(f"{problems} problems found (see above).")
        self.stdout.write("No problems found.")
