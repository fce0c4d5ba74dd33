"""Publishing makes a record searchable; unpublishing, deleting or restricting it removes it —
on both backends, through the same signals and tasks the running site uses."""

import pytest
from wagtail.models import PageViewRestriction

from catalogue.models import Material, SitePage
from tests import factories

from .test_search import identifiers, run

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def titles(result):
    return [document.title_in("vi") for document in result.documents]


@pytest.fixture
def hoi_an(backend, indexes):
    with backend.publishing():
        return factories.site(indexes, title="Phố cổ Hội An", slug="hoi-an", identifier="QN-DT-0001")


def test_unpublished_and_deleted_records_disappear(backend, hoi_an):
    assert identifiers(run(q="hoi an")) == ["QN-DT-0001"]
    with backend.publishing():
        hoi_an.unpublish()
    assert run(q="hoi an").total == 0
    with backend.publishing():
        hoi_an.save_revision().publish()
    assert run(q="hoi an").total == 1
    with backend.publishing():
        SitePage.objects.get(pk=hoi_an.pk).delete()
    assert run(q="hoi an").total == 0
    assert run().total == 0


def test_drafts_never_appear(backend, indexes, hoi_an):
    with backend.publishing():
        draft = SitePage(title="Hội quán Phúc Kiến", slug="phuc-kien", live=False)
        indexes["site"].add_child(instance=draft)
        draft.save_revision()
    assert "Hội quán Phúc Kiến" not in titles(run(q="phuc kien"))
    assert "Hội quán Phúc Kiến" not in titles(run())
    # A new draft of a published record leaves the published text in search.
    with backend.publishing():
        hoi_an.title = "Tên nháp chưa duyệt"
        hoi_an.save_revision()
    assert "Tên nháp chưa duyệt" not in titles(run(q="ten nhap"))
    assert titles(run(q="hoi an")) == ["Phố cổ Hội An"]


def test_edits_are_searchable_once_published(backend, hoi_an):
    with backend.publishing():
        hoi_an.title = "Đô thị cổ Hội An"
        hoi_an.save_revision().publish()
    assert identifiers(run(q="do thi co")) == ["QN-DT-0001"]


def test_records_behind_a_view_restriction_never_appear(backend, indexes, hoi_an):
    with backend.publishing():
        restriction = PageViewRestriction.objects.create(
            page=indexes["site"], restriction_type=PageViewRestriction.PASSWORD, password="x"
        )
    assert run(q="hoi an").total == 0
    with backend.publishing():
        restriction.delete()
    assert run(q="hoi an").total == 1


def test_a_renamed_vocabulary_term_is_found_under_its_new_label(backend, indexes):
    bronze = Material.objects.create(key="bronze", label_vi="Đồng", label_en="Bronze")
    with backend.publishing():
        bell = factories.artefact(indexes, title="Chuông chùa Cầu", slug="chuong", identifier="QN-HV-0002")
        bell.materials.set([bronze])
        bell.save_revision().publish()
    assert identifiers(run(q="bronze")) == ["QN-HV-0002"]
    with backend.publishing():
        bronze.label_en = "Copper alloy"
        bronze.save()
    assert identifiers(run(q="copper alloy")) == ["QN-HV-0002"]
    assert run(q="bronze").total == 0
