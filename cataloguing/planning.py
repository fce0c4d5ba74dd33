"""The dry run: every row of a spreadsheet checked as the admin would check it, nothing written.

``plan_import`` returns an ImportPlan: per row the values, the record it updates (matched by identifier,
by holding institution + inventory number, or by an earlier run of the same file), what would change,
and every problem by row and column. Applying (cataloguing.applying) starts from a plan without errors.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from wagtail.models import Page

from . import columns as c
from .attachments import ImageFinder
from .comparing import current_values, planned_values
from .models import ImportedRow
from .tables import FileProblem, header_key
from .values import CellError, parse_cell
from .vocab import SiteIndex, TermIndex, unknown_term_message

ERROR, WARNING = "error", "warning"
# Model fields the importer never sets, left out of field validation.
NOT_IMPORTED = {
    "slug",
    "path",
    "depth",
    "numchild",
    "url_path",
    "content_type",
    "locale",
    "translation_key",
    "draft_title",
    "live_revision",
    "latest_revision",
    "owner",
    "body",
    "boundary",
    "protection_zone_1",
    "protection_zone_2",
    "search_description",
    "seo_title",
    "expire_at",
    "go_live_at",
    "first_published_at",
    "last_published_at",
    "latest_revision_created_at",
    "alias_of",
    "locked_by",
    "locked_at",
    "has_unpublished_changes",
    "live",
    "expired",
    "locked",
    "show_in_menus",
}


@dataclass
class Problem:
    row: int  # 0 for the file as a whole
    column: str  # the header as written in the file, "" for the whole row or file
    message: str
    level: str = ERROR


@dataclass
class RowPlan:
    number: int
    values: dict = field(default_factory=dict)  # column key -> resolved value
    match: Page | None = None
    match_by: str = ""
    action: str = "create"  # create, update, unchanged, error
    changes: list = field(default_factory=list)
    image_refs: list = field(default_factory=list)  # HeritageImage or pathlib.Path, in order


@dataclass
class ImportPlan:
    record_type: c.RecordType | None
    rows: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    headers: dict = field(default_factory=dict)  # column key -> header as written
    term_indexes: dict = field(default_factory=dict)
    encoding: str = ""
    file_sha256: str = ""

    @property
    def errors(self):
        return [p for p in self.problems if p.level == ERROR]

    def counts(self):
        counts = {"create": 0, "update": 0, "unchanged": 0, "error": 0}
        for row in self.rows:
            counts[row.action] += 1
        counts["images"] = sum(1 for row in self.rows for ref in row.image_refs if not hasattr(ref, "pk"))
        return counts

    def add(self, row, column_key, message, level=ERROR):
        header = self.headers.get(column_key, column_key or "")
        self.problems.append(Problem(row, header, str(message), level))


def detect_type(headers):
    """The record type whose own columns (not the shared ones) the headers name most; None if unclear."""
    keys = {header_key(h) for h in headers}
    shared = {col.key for col in c.COMMON_HEAD + c.DATING + c.COMMON_TAIL}
    scores = []
    for rt in c.RECORD_TYPES.values():
        own = [col for col in rt.columns if col.key not in shared]
        score = sum(1 for col in own if {header_key(col.vi), header_key(col.en), col.key} & keys)
        scores.append((score, rt.key))
    scores.sort(reverse=True)
    if scores[0][0] == 0 or scores[0][0] == scores[1][0]:
        return None
    return c.RECORD_TYPES[scores[0][1]]


def map_headers(plan, headers):
    """{column index: Column}; unknown and repeated headers become problems."""
    lookup = {}
    for col in plan.record_type.columns:
        for name in (col.vi, col.en, col.key):
            lookup[header_key(name)] = col
    mapping, seen = {}, {}
    for index, header in enumerate(headers):
        if not header:
            continue
        col = lookup.get(header_key(header))
        if col is None:
            plan.problems.append(Problem(0, header, _("Unknown column; it is ignored."), WARNING))
        elif col.key in seen:
            plan.problems.append(
                Problem(
                    0,
                    header,
                    _("This column appears twice (also as “%(other)s”).") % {"other": seen[col.key]},
                )
            )
        else:
            mapping[index] = col
            seen[col.key] = header
            plan.headers[col.key] = header
    for col in plan.record_type.columns:
        if col.required and col.key not in seen:
            plan.problems.append(
                Problem(
                    0,
                    "",
                    _("The required column “%(vi)s” (%(en)s) is missing.") % {"vi": col.vi, "en": col.en},
                )
            )
    return mapping


def plan_import(table, *, record_type=None, images_dir=None, create_terms=False, file_sha256="", user=None):
    rt = c.RECORD_TYPES[record_type] if isinstance(record_type, str) else record_type
    rt = rt or detect_type(table.headers)
    plan = ImportPlan(rt, encoding=table.encoding, file_sha256=file_sha256)
    plan.problems += [Problem(0, "", note, WARNING) for note in table.notes]
    if rt is None:
        plan.problems.append(
            Problem(
                0, "", _("Cannot tell which kind of record the columns describe; choose the record type.")
            )
        )
        return plan
    mapping = map_headers(plan, table.headers)
    if plan.errors:
        return plan
    _check_permissions(plan, user)
    formulas = {(row, index) for row, index, _formula in table.formulas}
    context = {
        "terms": {col.vocabulary: TermIndex(col.vocabulary) for col in mapping.values() if col.vocabulary},
        "sites": SiteIndex(),
        "images": ImageFinder(images_dir),
        "create_terms": create_terms,
    }
    plan.term_indexes = context["terms"]
    for number, cells in table.rows:
        row = RowPlan(number)
        for index, col in mapping.items():
            raw = cells[index] if index < len(cells) else None
            if (number, index) in formulas:
                plan.add(
                    number,
                    col.key,
                    _("The cell holds a formula (%(formula)s); paste its value instead.")
                    % {"formula": str(raw)[:60]},
                )
                continue
            try:
                row.values[col.key] = _resolve(plan, row, col, parse_cell(col, raw), context)
            except CellError as error:
                plan.add(number, col.key, error)
        if images_dir and not row.values.get("images"):
            row.image_refs = context["images"].by_name_prefix(row.values)
        plan.rows.append(row)
    _check_duplicates_in_file(plan)
    _match_and_validate(plan, context)
    return plan


def _check_permissions(plan, user):
    if user is None:
        return
    parent = import_parent(plan.record_type)
    if parent is None or not parent.permissions_for_user(user).can_add_subpage():
        plan.problems.append(
            Problem(0, "", _("You may not add %(type)s records.") % {"type": plan.record_type.vi})
        )


def import_parent(rt):
    """The index page new records of this type go under: the one in the default (Vietnamese) locale."""
    parent_model = rt.model.allowed_parent_page_models()[0]
    return parent_model.objects.filter(locale__language_code="vi").first() or parent_model.objects.first()


def _resolve(plan, row, col, value, context):
    if col.kind == c.TERM and value:
        return _term(plan, row, col, value, context)
    if col.kind == c.TERMS:
        return [t for t in (_term(plan, row, col, v, context) for v in value) if t is not None]
    if col.kind == c.RECORD and value:
        site = context["sites"].find(value)
        if site is None:
            raise CellError(_("No heritage site has the identifier %(id)s.") % {"id": value})
        return site
    if col.kind == c.RECORDS:
        sites = []
        for identifier in value:
            site = context["sites"].find(identifier)
            if site is None:
                raise CellError(_("No heritage site has the identifier %(id)s.") % {"id": identifier})
            sites.append(site)
        return sites
    if col.kind == c.IMAGES:
        refs, missing = context["images"].resolve(value)
        for name, message in missing:
            plan.add(row.number, col.key, message % {"name": name})
        row.image_refs = refs
        return value
    return value


def _term(plan, row, col, text, context):
    index = context["terms"][col.vocabulary]
    term = index.find(text)
    if term is None:
        header = plan.headers.get(col.key, col.vi)
        plan.add(
            row.number,
            col.key,
            unknown_term_message(header, text, context["create_terms"]),
            WARNING if context["create_terms"] else ERROR,
        )
        index.pending.setdefault(header_key(text), text)
        return None if not context["create_terms"] else PendingTerm(col.vocabulary, text)
    return term


@dataclass(frozen=True)
class PendingTerm:
    """A term that applying creates first; compares unequal to every stored term."""

    model: type
    label: str
    pk = None


def _check_duplicates_in_file(plan):
    seen_ids, seen_inventory = {}, {}
    for row in plan.rows:
        identifier = (row.values.get("identifier") or "").upper()
        if identifier:
            if identifier in seen_ids:
                plan.add(
                    row.number,
                    "identifier",
                    _("Identifier %(id)s is also on row %(other)s.")
                    % {"id": identifier, "other": seen_ids[identifier]},
                )
            seen_ids.setdefault(identifier, row.number)
        number = (row.values.get("inventory_number") or "").casefold()
        if number:
            institution = row.values.get("holding_institution")
            key = (getattr(institution, "pk", None) or getattr(institution, "label", None), number)
            if key in seen_inventory:
                plan.add(
                    row.number,
                    "inventory_number",
                    _("Inventory number %(number)s is also on row %(other)s (same institution).")
                    % {"number": row.values["inventory_number"], "other": seen_inventory[key]},
                )
            seen_inventory.setdefault(key, row.number)


def find_match(rt, values, file_sha256, number):
    """(existing record, how it was found) or (None, "")."""
    model = rt.model
    pages = model.objects.select_related("locale").order_by("-locale__language_code")
    identifier = (values.get("identifier") or "").upper()
    if identifier:
        page = pages.filter(identifier=identifier).first()
        return (page, "identifier") if page else (None, "")
    institution = values.get("holding_institution")
    inventory = values.get("inventory_number")
    if inventory and getattr(institution, "pk", None) and rt.key == "artefact":
        page = pages.filter(holding_institution=institution, inventory_number__iexact=inventory).first()
        if page:
            return page, "inventory"
    if file_sha256:
        earlier = ImportedRow.objects.filter(
            file_sha256=file_sha256, record_type=rt.key, row_number=number
        ).first()
        if earlier and (page := model.objects.filter(pk=earlier.page_id).first()):
            return page, "earlier import"
    return None, ""


def _match_and_validate(plan, context):
    rt = plan.record_type
    failing = {p.row for p in plan.errors}
    for row in plan.rows:
        if row.number in failing:
            row.action = "error"
            continue
        row.match, row.match_by = find_match(rt, row.values, plan.file_sha256, row.number)
        instance = row.match.get_latest_revision_as_object() if row.match else rt.model()
        if row.match:
            before = current_values(instance, rt)
            after = planned_values(row, rt, before)
            row.changes = [key for key in after if after[key] != before.get(key)]
            row.action = "update" if row.changes else "unchanged"
        from .applying import set_values  # one assignment code path for checking and writing

        set_values(instance, row, rt, check_only=True)
        _validate(plan, row, instance)
        if any(p.row == row.number and p.level == ERROR for p in plan.problems):
            row.action = "error"


def _validate(plan, row, instance):
    present = set(row.values)
    exclude = [
        f.name for f in instance._meta.concrete_fields if f.name not in present or f.name in NOT_IMPORTED
    ]
    errors = {}
    try:
        instance.clean_fields(exclude=exclude)
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    try:
        instance.clean()
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    for key, messages in errors.items():
        column = key if key in plan.headers else ""
        for message in messages:
            text = message.messages[0] if isinstance(message, ValidationError) else message
            plan.add(row.number, column, text)


def check_file(path, name=None, **kwargs):
    """Read and plan a file in one go (the command and the admin)."""
    from django.conf import settings

    from .tables import DEFAULT_MAX_BYTES, read_table

    try:
        table = read_table(
            path, name=name, max_bytes=getattr(settings, "CATALOGUING_MAX_BYTES", DEFAULT_MAX_BYTES)
        )
    except FileProblem as problem:
        plan = ImportPlan(None)
        plan.problems.append(Problem(0, "", str(problem)))
        return plan
    return plan_import(table, **kwargs)
