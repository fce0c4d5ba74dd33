import functools
from datetime import time
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from tests import factories
from visitors import audio
from visitors.models import (
    OpeningPeriod,
    StopText,
    Ticket,
    Tour,
    TourStop,
    TourText,
    VisitingInfo,
    VisitingText,
)


@functools.cache
def speech(text, language):
    return audio.synthesise(text, language)


def narration(name, text, language):
    Document = get_document_model()
    document = Document(title=name)
    document.file.save(f"{name}.ogg", ContentFile(speech(text, language)), save=False)
    document.save()
    return document


@pytest.fixture
def places(indexes, tmp_path):
    """Hội An with Chùa Cầu inside it, a treasure found at Mỹ Sơn held in a museum in Đà Nẵng."""
    hoi_an = factories.site(
        indexes,
        title="Đô thị cổ Hội An",
        slug="hoi-an",
        identifier="QN-DT-0001",
        latitude=Decimal("15.877"),
        longitude=Decimal("108.328"),
    )
    bridge = factories.site(
        indexes,
        title="Chùa Cầu",
        slug="chua-cau",
        identifier="QN-DT-0003",
        latitude=Decimal("15.877108"),
        longitude=Decimal("108.32597"),
        part_of=hoi_an,
    )
    tan_ky = factories.site(
        indexes,
        title="Nhà cổ Tấn Ký",
        slug="tan-ky",
        identifier="QN-DT-0017",
        latitude=Decimal("15.87665"),
        longitude=Decimal("108.32885"),
        part_of=hoi_an,
    )
    my_son = factories.site(indexes, identifier="QN-DT-0002")
    museum = factories.institution()
    museum.latitude, museum.longitude = Decimal("16.0604"), Decimal("108.2233")
    museum.save()
    shiva = factories.artefact(
        indexes,
        title="Tượng thần Shiva Mỹ Sơn C1",
        slug="shiva",
        identifier="QN-HV-0008",
        findspot=my_son,
        holding_institution=museum,
    )
    bai_choi = factories.intangible(indexes, identifier="QN-PVT-0001")
    bai_choi.related_sites.add(hoi_an)
    bai_choi.save_revision().publish()
    return {
        "hoi_an": hoi_an,
        "bridge": bridge,
        "tan_ky": tan_ky,
        "my_son": my_son,
        "museum": museum,
        "shiva": shiva,
        "bai_choi": bai_choi,
    }


@pytest.fixture
def visiting(places):
    info = VisitingInfo.objects.create(
        site=places["my_son"], sources="https://example.org/source (2024)", unverified_facts="Một nguồn"
    )
    OpeningPeriod.objects.create(info=info, opens=time(6), closes=time(17))
    Ticket.objects.create(info=info, category="standard", price_vnd=150000)
    VisitingText.objects.create(info=info, language="vi", rules="Trang phục kín đáo khi vào khu tháp.")
    VisitingText.objects.create(info=info, language="en", rules="Dress modestly in the tower area.")
    museum_info = VisitingInfo.objects.create(institution=places["museum"], address="02 đường 2 Tháng 9")
    OpeningPeriod.objects.create(info=museum_info, opens=time(7), closes=time(17))
    return info


@pytest.fixture
def walk(places):
    """A published walk in Hội An: three stops, narrated in vi and en, texts in four languages."""
    tour = Tour.objects.create(
        identifier="QN-LT-0001", slug="hoi-an-walk", site=places["hoi_an"], published=True
    )
    TourText.objects.create(tour=tour, language="vi", title="Dạo phố cổ Hội An", summary="Ba điểm dừng.")
    TourText.objects.create(tour=tour, language="en", title="Hoi An old-town walk", summary="Three stops.")
    TourText.objects.create(tour=tour, language="fr", title="Promenade à Hội An", machine_translated=True)
    stops = [
        TourStop.objects.create(tour=tour, number=1, record=places["bridge"]),
        TourStop.objects.create(tour=tour, number=2, record=places["tan_ky"]),
        TourStop.objects.create(
            tour=tour, number=12, latitude=Decimal("15.8768"), longitude=Decimal("108.3305")
        ),
    ]
    for stop, (vi, en) in zip(
        stops,
        [
            ("Chùa Cầu", "Japanese Bridge"),
            ("Nhà cổ Tấn Ký", "Tan Ky House"),
            ("Hội quán Phúc Kiến", "Fujian Assembly Hall"),
        ],
        strict=True,
    ):
        StopText.objects.create(
            stop=stop,
            language="vi",
            title=vi,
            text=f"{vi}: văn bản thử.",
            audio=narration(f"{stop.identifier}-vi", vi, "vi"),
            synthetic_speech=True,
        )
        StopText.objects.create(
            stop=stop,
            language="en",
            title=en,
            text=f"{en}: test text.",
            audio=narration(f"{stop.identifier}-en", en, "en"),
            synthetic_speech=True,
        )
        StopText.objects.create(
            stop=stop, language="fr", title=f"FR {en}", text="Texte.", machine_translated=True
        )
    return tour
