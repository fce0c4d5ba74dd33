"""Records as the open-data formats see them: Vietnamese sources, English translations, an
artefact found at a site, and their open-data state synced the way the tasks do on commit."""

from decimal import Decimal

import pytest
from django.test import TestCase

from catalogue.models import Material, ObjectType, Period, RecordImage
from images.ingest import ingest_file
from tests import factories
from tests.iiif import samples


def commit(callback, *args, **kwargs):
    """Run ``callback`` and then what it queued on commit (the open-data sync tasks among them)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return callback(*args, **kwargs)


def publish(page):
    return commit(lambda: page.save_revision().publish())


@pytest.fixture
def archive(indexes, en, tmp_path):
    """Two sites (one inside the other), an artefact found at one, intangible and documentary records."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        my_son = factories.site(
            indexes,
            identifier="QN-DT-0001",
            summary="Quần thể đền tháp Chăm.",
            dating="thế kỷ IV–XIII",
            earliest_year=300,
            latest_year=1300,
            sources="UNESCO WHC 949",
        )
        tower = factories.site(
            indexes,
            title="Tháp A1",
            slug="thap-a1",
            identifier="QN-DT-0002",
            ranking="national",
            part_of=my_son,
            latitude=Decimal("15.7641"),
            longitude=Decimal("108.1245"),
        )
        institution = factories.institution()
        stone = Material.objects.create(
            key="sandstone",
            label_vi="Sa thạch",
            label_en="Sandstone",
            uri="http://vocab.getty.edu/aat/300011765",
        )
        altar_type = ObjectType.objects.create(key="altar", label_vi="Đài thờ", label_en="Altar")
        period = Period.objects.create(
            key="tra-kieu",
            label_vi="Phong cách Trà Kiệu",
            label_en="Trà Kiệu style",
            earliest_year=650,
            latest_year=700,
        )
        altar = factories.artefact(
            indexes,
            identifier="QN-HV-0001",
            summary="Đài thờ bằng sa thạch.",
            inventory_number="BTC-1",
            holding_institution=institution,
            object_type=altar_type,
            period=period,
            findspot=my_son,
            height_mm=Decimal("1100"),
            width_mm=Decimal("1500"),
            weight_g=Decimal("250000"),
            earliest_year=650,
            latest_year=700,
            dating="thế kỷ VII",
            credit_line="Bảo tàng Điêu khắc Chăm",
        )
        altar.materials.set([stone])
        path = samples.write(samples.noise(900, 600, seed=5), tmp_path / "dai-tho.png")
        altar.record_images = [
            RecordImage(image=ingest_file(path, identifier="dai-tho").image, caption="Mặt trước")
        ]
        altar.save_revision().publish()
        bai_choi = factories.intangible(indexes, identifier="QN-PVT-0001", communities="Hội An")
        bai_choi.related_sites.set([my_son])
        bai_choi.save_revision().publish()
        ordinance = factories.documentary(indexes, identifier="QN-TL-0001")
    factories.translate(my_son, en, prefix="EN ")
    factories.translate(altar, en, prefix="EN ")
    for page in (my_son, tower, altar, bai_choi, ordinance):
        page.refresh_from_db()
    return {"my_son": my_son, "tower": tower, "altar": altar, "bai_choi": bai_choi, "ordinance": ordinance}
