"""What a row would change in a record: its values compared in the model's own terms."""

from . import columns as c


def default_of(model, key):
    field = model._meta.get_field(key)
    return field.get_default()


def effective(col, value, model):
    """The value a cell gives the field: an empty choice keeps the field's default (e.g. rights)."""
    if col.kind == c.CHOICE and value in ("", None):
        return default_of(model, col.key)
    if col.kind == c.TEXT and value is None:
        return ""
    return value


def record_image_ids(instance, rt):
    relation = instance.pages if rt.key == "documentary" else instance.record_images
    return [item.image_id for item in relation.all()]


def current_values(instance, rt):
    values = {}
    for col in rt.columns:
        if col.kind in (c.TERM, c.RECORD):
            values[col.key] = getattr(instance, f"{col.key}_id")
        elif col.kind in (c.TERMS, c.RECORDS):
            values[col.key] = sorted(item.pk for item in getattr(instance, col.key).all())
        elif col.kind == c.IMAGES:
            values[col.key] = record_image_ids(instance, rt)
        else:
            values[col.key] = getattr(instance, col.key)
    return values


def planned_values(row, rt, before):
    """The values the row sets, in the shapes of ``current_values``; columns left alone are omitted."""
    after = {}
    for key, value in row.values.items():
        col = rt.column(key)
        if key == "identifier" and not value:
            continue  # an empty identifier never clears the record's own
        if col.kind in (c.TERM, c.RECORD):
            after[key] = _pk(value)
        elif col.kind in (c.TERMS, c.RECORDS):
            after[key] = sorted(_pk(item) for item in value)
        elif col.kind == c.IMAGES:
            continue
        else:
            after[key] = effective(col, value, rt.model)
    if row.image_refs:
        after["images"] = [getattr(ref, "pk", ref) for ref in row.image_refs]
    return after


def _pk(value):
    if value is None:
        return None
    # A term still to be created differs from every stored one.
    return value.pk if value.pk is not None else f"new:{value.label}"
