"""The open-data state follows the catalogue through the signals (publish, unpublish, delete,
view restrictions), and the manifests' activities are appended in order."""

import pytest
from django.core.management import call_command
from wagtail.models import PageViewRestriction

from opendata import signal_handlers
from opendata.models import ManifestActivity, RecordState

from .conftest import commit, publish

pytestmark = pytest.mark.django_db


def state(identifier):
    return RecordState.objects.get(identifier=identifier)


def activities(identifier):
    return list(ManifestActivity.objects.filter(identifier=identifier).values_list("activity", flat=True))


def test_publishing_records_their_state(archive):
    assert set(RecordState.objects.values_list("identifier", "record_type", "deleted")) == {
        ("QN-DT-0001", "site", False),
        ("QN-DT-0002", "site", False),
        ("QN-HV-0001", "artefact", False),
        ("QN-PVT-0001", "intangible", False),
        ("QN-TL-0001", "documentary", False),
    }
    assert state("QN-HV-0001").has_manifest and not state("QN-DT-0001").has_manifest
    assert state("QN-DT-0002").ranking == "national" and state("QN-HV-0001").status == "national_treasure"
    assert activities("QN-HV-0001")[0] == "Create"


def test_unpublish_republish_restrict_delete(archive, en):
    altar = archive["altar"]
    before = state("QN-HV-0001").datestamp
    earlier = activities("QN-HV-0001")
    assert earlier[0] == "Create" and set(earlier[1:]) <= {"Update"}  # image added, then translated
    publish(altar)
    assert state("QN-HV-0001").datestamp > before and activities("QN-HV-0001")[-1] == "Update"
    # The Vietnamese source unpublished: the English translation keeps the record public.
    commit(altar.unpublish)
    assert not state("QN-HV-0001").deleted
    commit(altar.get_translation(en).unpublish)
    assert state("QN-HV-0001").deleted and activities("QN-HV-0001")[-1] == "Delete"
    publish(altar)
    assert not state("QN-HV-0001").deleted and activities("QN-HV-0001")[-1] == "Create"
    restriction = commit(
        PageViewRestriction.objects.create, page=altar.get_translation(en), restriction_type="login"
    )
    assert state("QN-HV-0001").deleted and activities("QN-HV-0001")[-1] == "Delete"
    commit(restriction.delete)
    assert not state("QN-HV-0001").deleted and activities("QN-HV-0001")[-1] == "Create"
    commit(archive["tower"].delete)
    assert state("QN-DT-0002").deleted, "a deleted page leaves its deletion on record"
    assert activities("QN-HV-0001")[len(earlier) :] == [
        "Update",
        "Update",
        "Delete",
        "Create",
        "Delete",
        "Create",
    ]


def test_a_restriction_above_records_withholds_them_all(archive, indexes):
    commit(PageViewRestriction.objects.create, page=indexes["site"], restriction_type="login")
    assert state("QN-DT-0001").deleted and state("QN-DT-0002").deleted
    assert not state("QN-HV-0001").deleted


def test_sync_command_and_migration_backfill_records_made_before_the_app(archive):
    RecordState.objects.all().delete()
    call_command("sync_opendata")
    assert RecordState.objects.filter(deleted=False).count() == 5
    RecordState.objects.all().delete()
    commit(signal_handlers.on_migrated, sender=None)
    assert RecordState.objects.filter(deleted=False).count() == 5
