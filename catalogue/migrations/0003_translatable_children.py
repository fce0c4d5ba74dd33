"""Make the inline rows of records (images, pages, practitioners, recordings) translatable.

Existing rows get their page's locale, and the rows of a page and of its translations that stand
at the same position share one translation key, as wagtail-localize expects.
"""

import uuid

import django.db.models.deletion
from django.db import migrations, models

CHILDREN = {
    "recordimage": ("page", "wagtailcore.Page"),
    "documentpageimage": ("document", "catalogue.DocumentaryPage"),
    "practitioner": ("page", "catalogue.IntangiblePage"),
    "recording": ("page", "catalogue.IntangiblePage"),
}


def fill(apps, schema_editor):
    for model_name, (parent_field, parent_model) in CHILDREN.items():
        Child = apps.get_model("catalogue", model_name)
        Parent = apps.get_model(parent_model)
        parents = {
            p["pk"]: (p["locale_id"], p["translation_key"])
            for p in Parent.objects.values("pk", "locale_id", "translation_key")
        }
        keys, positions = {}, {}
        for child in Child.objects.order_by(f"{parent_field}_id", "sort_order", "pk"):
            parent_id = getattr(child, f"{parent_field}_id")
            locale_id, page_key = parents[parent_id]
            position = positions[parent_id] = positions.get(parent_id, -1) + 1
            child.locale_id = locale_id
            child.translation_key = keys.setdefault((page_key, position), uuid.uuid4())
            child.save(update_fields=["locale", "translation_key"])


def bootstrap(model_name):
    return [
        migrations.AddField(
            model_name=model_name,
            name="locale",
            field=models.ForeignKey(editable=False, null=True, on_delete=django.db.models.deletion.PROTECT,
                                    related_name="+", to="wagtailcore.locale", verbose_name="locale"),
        ),
        migrations.AddField(model_name=model_name, name="translation_key",
                            field=models.UUIDField(editable=False, null=True)),
    ]


def finish(model_name):
    return [
        migrations.AlterField(
            model_name=model_name,
            name="locale",
            field=models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name="+",
                                    to="wagtailcore.locale", verbose_name="locale"),
        ),
        migrations.AlterField(model_name=model_name, name="translation_key",
                              field=models.UUIDField(default=uuid.uuid4, editable=False)),
        migrations.AlterUniqueTogether(name=model_name, unique_together={("translation_key", "locale")}),
    ]


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue", "0002_page_tree"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        *[operation for name in CHILDREN for operation in bootstrap(name)],
        migrations.RunPython(fill, migrations.RunPython.noop),
        *[operation for name in CHILDREN for operation in finish(name)],
    ]
