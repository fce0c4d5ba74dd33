"""Demo documentation events: Mỹ Sơn (tower group G) and the Tấn Ký house in Hội An, each with a
baseline and a post-restoration survey whose images are generated: the "after" picture is the
"before" wall repaired, then displaced, rotated and re-lit, so registration and comparison show
something real. Every event says it is a demonstration; the agencies and dates are illustrative."""

import math
import tempfile
from datetime import date
from pathlib import Path

import pyvips

from catalogue.demo.images import LABEL
from images.ingest import ingest_file

from .access import record_page
from .archive.sealing import seal_event
from .condition.compare import register
from .condition.registration import Affine
from .models import ConditionObservation, DamageType, DocumentationEvent, EventImage, EventKind

WIDTH, HEIGHT = 2400, 1600
DEMO_NOTE = (
    "Sự kiện minh họa với ảnh tạo tự động, không phải hồ sơ khảo sát thật. / "
    "Demonstration event with generated images, not a real survey record."
)
# The "after" photograph is taken from a little to the side: after = this transform of before.
SHIFT = (58.0, -37.0)
ROTATION_DEGREES, SCALE = 3.0, 0.96

RECORDS = [
    {
        "identifier": "QN-DT-0002",
        "slug": "my-son-g",
        "palette": ((120, 52, 38), (200, 112, 80)),  # fired brick
        "view": "Tháp G1, mặt đông / Tower G1, east face",
        "baseline": (
            date(2005, 3, 15),
            "Đoàn khảo sát bảo tồn (minh họa) / Conservation survey team (illustrative)",
        ),
        "after": (
            date(2024, 6, 20),
            "Ban Quản lý Di sản văn hóa Mỹ Sơn (minh họa) / My Son management board (illustrative)",
        ),
        "damage": [
            ("cracking", "severe", (700, 300, 260, 820), True),
            ("salt-efflorescence", "moderate", (1500, 1050, 520, 300), False),
            ("biological-growth", "minor", (200, 1250, 420, 250), False),
        ],
        "summary": (
            "Gia cố các vết nứt lớn của tường gạch và làm sạch muối kết tinh (minh họa). / The large cracks "
            "in the brick wall were consolidated and the salt efflorescence cleaned (illustrative)."
        ),
    },
    {
        "identifier": "QN-DT-0017",
        "slug": "tan-ky",
        "palette": ((78, 50, 30), (150, 104, 64)),  # old ironwood
        "view": "Mặt tiền, cột và ván gỗ / Façade, posts and timber boards",
        "baseline": (
            date(2008, 9, 10),
            "Trung tâm Quản lý Bảo tồn Di sản văn hóa Hội An (minh họa) / "
            "Hoi An heritage centre (illustrative)",
        ),
        "after": (
            date(2023, 11, 5),
            "Trung tâm Quản lý Bảo tồn Di sản văn hóa Hội An (minh họa) / "
            "Hoi An heritage centre (illustrative)",
        ),
        "damage": [
            ("wood-rot", "severe", (300, 900, 380, 560), False),
            ("termite-damage", "moderate", (1300, 500, 300, 700), False),
            ("flood-marks", "moderate", (0, 1180, 2400, 80), True),
        ],
        "summary": (
            "Thay các đoạn chân cột mục và ván bị mối, giữ lại vết lũ làm chứng tích (minh họa). / Rotten "
            "post bases and termite-eaten boards were replaced; the flood mark was kept as a witness "
            "(illustrative)."
        ),
    },
]


def _wall(seed, palette):
    """A wall of stones or boards: a texture in the palette with a joint grid."""
    dark, light = palette
    noise = (pyvips.Image.perlin(WIDTH, HEIGHT, cell_size=96, seed=seed) + 1) / 2
    grain = (pyvips.Image.perlin(WIDTH, HEIGHT, cell_size=12, seed=seed + 1) + 1) / 2
    mix = noise * 0.75 + grain * 0.25
    wall = mix.linear([hi - lo for lo, hi in zip(dark, light, strict=True)], list(dark)).cast("uchar")
    wall = wall.copy(interpretation="srgb")
    for y in range(0, HEIGHT, 80):  # courses
        wall = wall.draw_rect([235, 220, 200], 0, y, WIDTH, 5, fill=True)
        offset = 0 if (y // 80) % 2 else 90
        for x in range(offset, WIDTH, 180):
            wall = wall.draw_rect([235, 220, 200], x, y, 5, 80, fill=True)
    return wall


def _damage(wall, damages, include):
    for key, _severity, (x, y, w, h), _stays in damages:
        if not include(key):
            continue
        if key in ("cracking", "termite-damage", "wood-rot"):
            for i in range(0, h, 12):
                wall = wall.draw_line(
                    [25, 18, 15], x + (i * 7) % w, y + i, x + ((i + 40) * 7) % w, min(y + h, y + i + 12)
                )
        else:
            patch = pyvips.Image.black(w, h) + (
                [235, 232, 225] if key != "biological-growth" else [60, 96, 50]
            )
            wall = wall.insert((wall.crop(x, y, w, h) * 0.4 + patch * 0.6).cast("uchar"), x, y)
    return wall


def _label(image, text):
    overlay = pyvips.Image.text(text, dpi=220, rgba=True)
    return image.composite2(overlay, "over", x=40, y=HEIGHT - 120).flatten()


def _true_transform():
    angle = math.radians(ROTATION_DEGREES)
    a, b = SCALE * math.cos(angle), -SCALE * math.sin(angle)
    c, d = SCALE * math.sin(angle), SCALE * math.cos(angle)
    return Affine(a, b, SHIFT[0], c, d, SHIFT[1])  # before → after


def _write(image, path):
    image.jpegsave(str(path), Q=90, keep="none")
    return path


def _events_exist(page):
    return DocumentationEvent.objects.filter(record__in=page.get_translations(inclusive=True)).exists()


def load(log=print):
    """Create, register and seal the demo events; returns how many records got them."""
    done = 0
    for spec in RECORDS:
        page = record_page(spec["identifier"])
        if page is None or _events_exist(page):
            continue
        with tempfile.TemporaryDirectory() as work:
            _load_record(page, spec, Path(work), log)
        done += 1
    return done


def _load_record(page, spec, work, log):
    seed = sum(map(ord, spec["slug"]))
    wall = _wall(seed, spec["palette"])
    before = _label(_damage(wall, spec["damage"], lambda key: True), f"{LABEL} · {spec['baseline'][0]:%Y}")
    repaired = _damage(
        wall, spec["damage"], lambda key: any(k == key and stays for k, _s, _r, stays in spec["damage"])
    )
    forward = _true_transform()
    moved = repaired.affine(
        [forward.a, forward.b, forward.d, forward.e],
        odx=forward.c,
        ody=forward.f,
        oarea=[0, 0, WIDTH, HEIGHT],
        background=[40, 40, 40],
    )
    after = _label((moved * 1.12 + 6).cast("uchar"), f"{LABEL} · {spec['after'][0]:%Y}")
    images = {}
    for name, picture in (("before", before), ("after", after)):
        path = _write(picture, work / f"demo-{spec['slug']}-{name}.jpg")
        # A generated, unguessable IIIF identifier (a loaded demo is re-run safely: the same file is
        # found again by its checksum).
        result = ingest_file(path, title=f"{page.title} ({name})")
        if result.image is None:
            raise RuntimeError(result.message)
        images[name] = result.image
    events = {}
    for name, kind in (("baseline", EventKind.BASELINE), ("after", EventKind.POST_RESTORATION)):
        when, agency = spec[name]
        event = DocumentationEvent.objects.create(
            record=page,
            kind=kind,
            date=when,
            agency=agency,
            description=DEMO_NOTE,
            public=name == "after",
            public_summary=spec["summary"] if name == "after" else "",
        )
        image = images["before" if name == "baseline" else "after"]
        events[name] = (
            event,
            EventImage.objects.create(event=event, image=image, view=spec["view"], sort_order=0),
        )
    for key, severity, (x, y, w, h), stays in spec["damage"]:
        damage = DamageType.objects.get(key=key)
        event, event_image = events["baseline"]
        ConditionObservation.objects.create(
            event=event,
            damage=damage,
            severity=severity,
            event_image=event_image,
            x=x,
            y=y,
            width=w,
            height=h,
        )
        if stays:
            event, event_image = events["after"]
            corners = [forward.apply(px, py) for px, py in ((x, y), (x + w, y), (x, y + h), (x + w, y + h))]
            left, top = max(0, int(min(p[0] for p in corners))), max(0, int(min(p[1] for p in corners)))
            right = min(WIDTH, int(max(p[0] for p in corners)))
            bottom = min(HEIGHT, int(max(p[1] for p in corners)))
            ConditionObservation.objects.create(
                event=event,
                damage=damage,
                severity="minor",
                event_image=event_image,
                x=left,
                y=top,
                width=right - left,
                height=bottom - top,
                note="Còn lại sau tu bổ / remaining after restoration",
            )
    # Control points as a researcher would pick them: recognisable spots, here computed exactly.
    spots = [(300, 250), (2100, 300), (1200, 800), (350, 1350), (2000, 1300), (1250, 1450)]
    pairs = [(bx, by, *forward.apply(bx, by)) for bx, by in spots]
    register(events["baseline"][1].pk, events["after"][1].pk, pairs)
    for name in ("baseline", "after"):
        seal_event(events[name][0].pk)
    baseline_year, after_year = spec["baseline"][0].year, spec["after"][0].year
    log(f"Restoration demo: {page.identifier} baseline {baseline_year} and survey {after_year}, sealed.")
