"""Database triggers that keep sealed content, the masters it uses and the audit trail unchangeable
from any client.

The models refuse too, but a queryset ``update``, raw SQL or a database shell would not ask them.
SQLite and PostgreSQL each get their own statements; ``install``/``remove`` run them.
"""

EVENT = "restoration_documentationevent"
CHILDREN = ("restoration_eventimage", "restoration_eventfile", "restoration_conditionobservation")
AUDIT = "restoration_auditentry"
CORRECTION = "restoration_correction"


def _sqlite():
    sealed_child = "(SELECT sealed_at FROM {event} WHERE id = {row}.event_id) IS NOT NULL"
    statements = [
        f"CREATE TRIGGER {AUDIT}_no_update BEFORE UPDATE ON {AUDIT} "
        "BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END",
        f"CREATE TRIGGER {AUDIT}_no_delete BEFORE DELETE ON {AUDIT} "
        "BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END",
        f"CREATE TRIGGER {EVENT}_sealed_update BEFORE UPDATE ON {EVENT} WHEN OLD.sealed_at IS NOT NULL "
        "BEGIN SELECT RAISE(ABORT, 'sealed event'); END",
        f"CREATE TRIGGER {EVENT}_sealed_delete BEFORE DELETE ON {EVENT} WHEN OLD.sealed_at IS NOT NULL "
        "BEGIN SELECT RAISE(ABORT, 'sealed event'); END",
        f"CREATE TRIGGER {CORRECTION}_sealed_update BEFORE UPDATE ON {CORRECTION} "
        "WHEN OLD.archive_version != '' BEGIN SELECT RAISE(ABORT, 'sealed correction'); END",
        f"CREATE TRIGGER {CORRECTION}_sealed_delete BEFORE DELETE ON {CORRECTION} "
        "WHEN OLD.archive_version != '' BEGIN SELECT RAISE(ABORT, 'sealed correction'); END",
    ]
    for table in CHILDREN:
        for when, row in (("UPDATE", "OLD"), ("DELETE", "OLD"), ("INSERT", "NEW")):
            condition = sealed_child.format(event=EVENT, row=row)
            statements.append(
                f"CREATE TRIGGER {table}_sealed_{when.lower()} BEFORE {when} ON {table} WHEN {condition} "
                "BEGIN SELECT RAISE(ABORT, 'sealed event'); END"
            )
    names = [statement.split()[2] for statement in statements]
    return statements, [f"DROP TRIGGER IF EXISTS {name}" for name in names]


def _postgresql():
    refuse = (
        "CREATE OR REPLACE FUNCTION restoration_refuse() RETURNS trigger AS $$ BEGIN "
        "RAISE EXCEPTION 'restoration archive: % refused (%)', TG_OP, TG_ARGV[0]; END $$ LANGUAGE plpgsql"
    )
    refuse_child = (
        "CREATE OR REPLACE FUNCTION restoration_refuse_sealed_child() RETURNS trigger AS $$ "
        "DECLARE event bigint; BEGIN "
        "IF TG_OP = 'INSERT' THEN event := NEW.event_id; ELSE event := OLD.event_id; END IF; "
        "IF EXISTS (SELECT 1 FROM EVENT_TABLE WHERE id = event AND sealed_at IS NOT NULL) THEN "
        "RAISE EXCEPTION 'restoration archive: % refused (sealed event)', TG_OP; END IF; "
        "IF TG_OP = 'DELETE' THEN RETURN OLD; END IF; RETURN NEW; END $$ LANGUAGE plpgsql"
    ).replace("EVENT_TABLE", EVENT)
    statements = [
        refuse,
        refuse_child,
        f"CREATE TRIGGER {AUDIT}_append_only BEFORE UPDATE OR DELETE ON {AUDIT} "
        "FOR EACH ROW EXECUTE FUNCTION restoration_refuse('the audit trail is append-only')",
        f"CREATE TRIGGER {EVENT}_sealed BEFORE UPDATE OR DELETE ON {EVENT} FOR EACH ROW "
        "WHEN (OLD.sealed_at IS NOT NULL) EXECUTE FUNCTION restoration_refuse('sealed event')",
        f"CREATE TRIGGER {CORRECTION}_sealed BEFORE UPDATE OR DELETE ON {CORRECTION} FOR EACH ROW "
        "WHEN (OLD.archive_version <> '') EXECUTE FUNCTION restoration_refuse('sealed correction')",
    ]
    drops = [
        f"DROP TRIGGER IF EXISTS {AUDIT}_append_only ON {AUDIT}",
        f"DROP TRIGGER IF EXISTS {EVENT}_sealed ON {EVENT}",
        f"DROP TRIGGER IF EXISTS {CORRECTION}_sealed ON {CORRECTION}",
    ]
    for table in CHILDREN:
        statements.append(
            f"CREATE TRIGGER {table}_sealed BEFORE INSERT OR UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION restoration_refuse_sealed_child()"
        )
        drops.append(f"DROP TRIGGER IF EXISTS {table}_sealed ON {table}")
    return statements, drops


# Rows of masters used by a sealed event: the columns that identify the master and its provenance, as
# sealed in the event's snapshot, never change and the row is never deleted. Tiling, publication and
# presentation columns (title, collection, focal point, IIIF identifier, tiling state) stay free, and a size
# or hash Wagtail fills in lazily may go from empty to set.
MASTER = "images_heritageimage"
USED_BY_SEALED = (
    "EXISTS (SELECT 1 FROM restoration_eventimage ei JOIN restoration_documentationevent ev "
    "ON ev.id = ei.event_id WHERE ei.image_id = OLD.id AND ev.sealed_at IS NOT NULL)"
)
_FROZEN = ("id", "file", "sha256", "original_filename", "capture_date", "photographer", "agency")


def _master_changed(differs):
    frozen = [f"OLD.{column} {differs} NEW.{column}" for column in _FROZEN]
    frozen += [
        f"(OLD.file_hash <> '' AND OLD.file_hash {differs} NEW.file_hash)",
        f"(OLD.file_size IS NOT NULL AND OLD.file_size {differs} NEW.file_size)",
    ]
    return "(" + " OR ".join(frozen) + ")"


def _master_sqlite():
    statements = [
        f"CREATE TRIGGER {MASTER}_sealed_update BEFORE UPDATE ON {MASTER} "
        f"WHEN {_master_changed('IS NOT')} AND {USED_BY_SEALED} "
        "BEGIN SELECT RAISE(ABORT, 'master of a sealed event'); END",
        f"CREATE TRIGGER {MASTER}_sealed_delete BEFORE DELETE ON {MASTER} WHEN {USED_BY_SEALED} "
        "BEGIN SELECT RAISE(ABORT, 'master of a sealed event'); END",
    ]
    return statements, [f"DROP TRIGGER IF EXISTS {MASTER}_sealed_{op}" for op in ("update", "delete")]


def _master_postgresql():
    function = (
        "CREATE OR REPLACE FUNCTION restoration_refuse_sealed_master() RETURNS trigger AS $$ BEGIN "
        f"IF {USED_BY_SEALED} THEN "
        "RAISE EXCEPTION 'restoration archive: % refused (master of a sealed event)', TG_OP; END IF; "
        "IF TG_OP = 'DELETE' THEN RETURN OLD; END IF; RETURN NEW; END $$ LANGUAGE plpgsql"
    )
    statements = [
        function,
        f"CREATE TRIGGER {MASTER}_sealed_update BEFORE UPDATE ON {MASTER} FOR EACH ROW "
        f"WHEN {_master_changed('IS DISTINCT FROM')} EXECUTE FUNCTION restoration_refuse_sealed_master()",
        f"CREATE TRIGGER {MASTER}_sealed_delete BEFORE DELETE ON {MASTER} FOR EACH ROW "
        "EXECUTE FUNCTION restoration_refuse_sealed_master()",
    ]
    drops = [f"DROP TRIGGER IF EXISTS {MASTER}_sealed_{op} ON {MASTER}" for op in ("update", "delete")]
    drops.append("DROP FUNCTION IF EXISTS restoration_refuse_sealed_master()")
    return statements, drops


def master_statements_for(vendor):
    """(create, drop) statements guarding rows of masters used by sealed events (migration 0004)."""
    if vendor == "sqlite":
        return _master_sqlite()
    if vendor == "postgresql":
        return _master_postgresql()
    return [], []


def install_master_guards(connection):
    with connection.cursor() as cursor:
        for statement in master_statements_for(connection.vendor)[0]:
            cursor.execute(statement)


def remove_master_guards(connection):
    with connection.cursor() as cursor:
        for statement in master_statements_for(connection.vendor)[1]:
            cursor.execute(statement)


def statements_for(vendor):
    """(create statements, drop statements) for a database vendor; ([], []) for others."""
    if vendor == "sqlite":
        return _sqlite()
    if vendor == "postgresql":
        return _postgresql()
    return [], []


def install(connection):
    with connection.cursor() as cursor:
        for statement in statements_for(connection.vendor)[0]:
            cursor.execute(statement)


def remove(connection):
    with connection.cursor() as cursor:
        for statement in statements_for(connection.vendor)[1]:
            cursor.execute(statement)
