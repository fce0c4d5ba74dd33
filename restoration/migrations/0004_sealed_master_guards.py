"""Rows of masters used by sealed events are guarded like the events (triggers), and the live copies of
sealed masters and files already sealed become read-only on disk."""

from pathlib import Path

from django.conf import settings
from django.db import migrations

from restoration.archive import guards as db_guards
from restoration.archive.integrity import make_read_only


def install(apps, schema_editor):
    db_guards.install_master_guards(schema_editor.connection)
    EventImage = apps.get_model("restoration", "EventImage")
    EventFile = apps.get_model("restoration", "EventFile")
    sealed = {"event__sealed_at__isnull": False}
    media = Path(settings.MEDIA_ROOT)
    names = list(EventImage.objects.filter(**sealed).values_list("image__file", flat=True))
    names += list(EventFile.objects.filter(**sealed).values_list("file", flat=True))
    make_read_only(media / name for name in names if name)


def remove(apps, schema_editor):
    db_guards.remove_master_guards(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("restoration", "0003_damage_types"), ("images", "0004_master_field")]
    operations = [migrations.RunPython(install, remove)]
