"""Plain-text report of a plan and of an applied import, in the active language."""

from django.utils.translation import gettext as _


def problem_line(problem):
    where = _("Row %(row)s") % {"row": problem.row} if problem.row else _("File")
    if problem.column:
        where += f", “{problem.column}”"
    level = _("error") if problem.level == "error" else _("note")
    return f"{where} [{level}]: {problem.message}"


def plan_summary(plan):
    counts = plan.counts()
    return (
        _(
            "%(create)s new, %(update)s updated, %(unchanged)s unchanged, %(error)s with errors; "
            "%(images)s image files to ingest."
        )
        % counts
    )


def applied_summary(summary):
    data = summary if isinstance(summary, dict) else summary.as_dict()
    text = (
        _(
            "%(created)s records created, %(updated)s updated, %(unchanged)s unchanged; "
            "%(images_stored)s images stored, %(images_reused)s already in the archive reused."
        )
        % data
    )
    if data.get("terms_created"):
        text += " " + _("New vocabulary terms: %(terms)s.") % {"terms": ", ".join(data["terms_created"])}
    text += " " + (
        _("Records were published.") if data.get("published") else _("Records are drafts sent for review.")
    )
    return text


def problems_as_json(plan):
    return [{"row": p.row, "column": p.column, "message": p.message, "level": p.level} for p in plan.problems]
