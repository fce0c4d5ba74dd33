import hashlib
import sys
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from cataloguing.applying import DEFAULT_BATCH_SIZE, ImportFailed, apply_plan
from cataloguing.columns import RECORD_TYPES
from cataloguing.planning import Problem, check_file, import_parent
from cataloguing.report import applied_summary, plan_summary, problem_line


class Command(BaseCommand):
    help = (
        "Import records from a CSV or XLSX file (Vietnamese or English column names). Every row is "
        "checked first; with --dry-run nothing is written. Records are written in batches, each "
        "all-or-nothing; re-running the same file updates what an interrupted run wrote. Exits 1 on problems."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--images", help="folder of image files named in the file or by inventory number")
        parser.add_argument("--dry-run", action="store_true", help="check and report only; change nothing")
        parser.add_argument(
            "--type", choices=sorted(RECORD_TYPES), help="record type (default: from the columns)"
        )
        parser.add_argument("--create-terms", action="store_true", help="create unknown vocabulary terms")
        parser.add_argument(
            "--publish", action="store_true", help="publish instead of sending drafts for review"
        )
        parser.add_argument("--user", help="username the revisions are saved as (checked for permissions)")
        parser.add_argument("--batch-size", type=int, default=DEFAULT_BATCH_SIZE)
        parser.add_argument("--language", default="vi", help="language of the report (vi or en)")

    def handle(self, *args, **options):
        with translation.override(options["language"]):
            return self._handle(options)

    def _handle(self, options):
        path = Path(options["file"])
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"No user {options['user']!r}.")
        if options["images"] and not Path(options["images"]).is_dir():
            raise CommandError(f"No folder {options['images']!r}.")
        sha256 = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else ""
        plan = check_file(
            path,
            record_type=options["type"],
            images_dir=options["images"],
            create_terms=options["create_terms"],
            file_sha256=sha256,
            user=user,
        )
        for problem in plan.problems:
            self.stdout.write(problem_line(problem))
        if plan.record_type is None or (not plan.rows and plan.errors):
            sys.exit(1)
        self.stdout.write(plan_summary(plan))
        if plan.errors:
            self.stdout.write(translation.gettext("Nothing was written: correct the errors and run again."))
            sys.exit(1)
        if options["dry_run"]:
            return
        parent = import_parent(plan.record_type)
        if (
            options["publish"]
            and user is not None
            and not parent.permissions_for_user(user).can_publish_subpage()
        ):
            raise CommandError("This user may not publish; run without --publish to send drafts for review.")
        try:
            summary = apply_plan(
                plan,
                user=user,
                publish=options["publish"],
                batch_size=options["batch_size"],
                progress=self._progress,
            )
        except ImportFailed as failure:
            self.stdout.write("")
            self.stdout.write(problem_line(Problem(failure.row, "", failure.message)))
            self.stdout.write(
                translation.gettext(
                    "The batch holding this row was not written; batches before it were. Correct the row and "
                    "run the same command again: written rows are updated, not duplicated."
                )
            )
            sys.exit(1)
        self.stdout.write("")
        self.stdout.write(applied_summary(summary))

    def _progress(self, done, total, summary):
        bar = "#" * (30 * done // max(total, 1))
        images = summary.images_stored + summary.images_reused
        self.stdout.write(f"\r[{bar:<30}] {done}/{total} · {images} img", ending="")
        self.stdout.flush()
