import zlib
from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.test import TestCase

from images.ingest import ingest_file
from restoration.models import ConditionObservation, DamageType, DocumentationEvent, EventFile, EventImage
from tests import factories
from tests.iiif import samples


def tiled_image(tmp_path, name, seed=None):
    """A real master, ingested and tiled as a curator's upload would be."""
    seed = zlib.crc32(name.encode()) % 1000 if seed is None else seed
    path = samples.write(samples.noise(900, 600, seed=seed), tmp_path / f"{name}.png")
    with TestCase.captureOnCommitCallbacks(execute=True):
        result = ingest_file(path, identifier=name)
    result.image.refresh_from_db()
    assert result.image.tiling_status == "ready"
    return result.image


def make_event(site, tmp_path, when, kind="baseline_survey", image_name=None, **fields):
    event = DocumentationEvent.objects.create(
        record=site,
        kind=kind,
        date=when,
        agency="Viện Bảo tồn di tích",
        people="Nguyễn Văn A (kiến trúc sư)",
        **fields,
    )
    event_image = EventImage.objects.create(
        event=event, image=tiled_image(tmp_path, image_name or f"ev-{when:%Y}"), view="Mặt đông"
    )
    return event, event_image


@pytest.fixture
def site(indexes):
    return factories.site(indexes, identifier="QN-DT-0002")


@pytest.fixture
def baseline(site, tmp_path):
    """A 2005 baseline survey: a photograph, a measured drawing (PDF) and a crack drawn on the photo."""
    event, event_image = make_event(site, tmp_path, date(2005, 3, 15))
    drawing = EventFile(event=event, kind="measured_drawing", description="Mặt bằng tháp G1")
    drawing.file.save(
        "mat-bang-g1.pdf", ContentFile(b"%PDF-1.4\n% measured drawing\n" + bytes(range(256))), save=False
    )
    drawing.save()
    ConditionObservation.objects.create(
        event=event,
        damage=DamageType.objects.get(key="cracking"),
        severity="severe",
        event_image=event_image,
        x=100,
        y=120,
        width=200,
        height=300,
        note="Vết nứt chạy dọc",
    )
    return event
