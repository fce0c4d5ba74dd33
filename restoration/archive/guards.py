"""Database triggers that keep sealed content and the audit trail unchangeable from any client.

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
