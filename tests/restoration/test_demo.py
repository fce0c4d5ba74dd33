"""The restoration demo: two records, each with a baseline and a post-restoration survey, their images
registered, both events sealed; loading again adds nothing."""

from decimal import Decimal

import pytest
from django.test import TestCase

from restoration import demo
from restoration.access import record_events
from restoration.archive.fixity import check_all
from restoration.archive.sealing import archive_store
from restoration.condition.compare import report_columns
from restoration.condition.registration import Affine
from restoration.condition.report import NEW, RESOLVED, UNCHANGED, change_report
from restoration.models import ConditionObservation, DocumentationEvent, Registration
from tests import factories

pytestmark = pytest.mark.django_db


def test_the_demo_documents_my_son_and_a_hoi_an_house(indexes):
    my_son = factories.site(indexes, identifier="QN-DT-0002", slug="my-son")
    factories.site(
        indexes,
        identifier="QN-DT-0017",
        slug="tan-ky",
        title="Nhà cổ Tấn Ký",
        latitude=Decimal("15.87665"),
        longitude=Decimal("108.32885"),
    )
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert demo.load(log=lambda message: None) == 2
    events = DocumentationEvent.objects.order_by("record_id", "date")
    assert [(e.record_identifier, e.kind, e.sealed_version) for e in events] == [
        ("QN-DT-0002", "baseline_survey", "v1"),
        ("QN-DT-0002", "post_restoration_survey", "v2"),
        ("QN-DT-0017", "baseline_survey", "v1"),
        ("QN-DT-0017", "post_restoration_survey", "v2"),
    ]
    assert all("minh họa" in e.description and "illustrative" in e.agency for e in events)
    assert events.filter(public=True).count() == 2
    # The registration finds the transform the demo applied (after = T(before)), inverted.
    truth = demo._true_transform().inverse()
    for registration in Registration.objects.all():
        fitted = Affine.from_list(registration.matrix)
        for x, y in [(0, 0), (2400, 0), (0, 1600), (2400, 1600)]:
            fx, fy = fitted.apply(x, y)
            tx, ty = truth.apply(x, y)
            assert abs(fx - tx) < 2 and abs(fy - ty) < 2
        assert registration.aligned_image.tiling_status == "ready"
    store = archive_store()
    assert store.head("QN-DT-0002") == "v2" and store.validate("QN-DT-0002")[0]
    assert all(entry.ok for entry in check_all(log=False).values())
    # The report: the cracks remain (smaller), the salt is gone.
    rows = {
        row.damage: [c.status for c in row.cells]
        for row in change_report(report_columns(record_events(my_son)))
    }
    assert rows["cracking"] == [NEW, UNCHANGED] and rows["salt-efflorescence"] == [NEW, RESOLVED]
    assert ConditionObservation.objects.count() == 8
    assert demo.load(log=lambda message: None) == 0, "loading again changes nothing"
