"""An exhibition's StreamField read into the steps a reader sees, grouped by chapter.

Everything a visitor may see is decided here, once per request: a step's image is shown only when
the IIIF access layer would serve it to anyone (``iiif.access.is_public``) and its tiles are ready;
records, sites and before/after stories only when published. A step whose image may not be shown
keeps its words and says the image is not available.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.text import Truncator

from catalogue.visibility import published_record_ids
from iiif import access, content_state
from iiif.presentation import ExhibitionChapter, ExhibitionStep, exhibition_canvas_id
from images.models import TilingStatus
from restoration.templatetags.restoration_tags import public_restorations

from .blocks import region_of

VIEWER_SIZE = 800  # the static first picture and the no-script pictures: "!800,800"


@dataclass
class Step:
    kind: str
    number: int
    value: object
    chapter: object = None
    image: object = None
    xywh: tuple | None = None
    record: object = None
    records: list = field(default_factory=list)
    sites: list = field(default_factory=list)
    stories: list = field(default_factory=list)
    content_state_url: str = ""

    @property
    def anchor(self):
        return f"step-{self.number}"

    @property
    def heading(self):
        return self.value.get("heading", "") if hasattr(self.value, "get") else ""

    @property
    def plain_text(self):
        text = self.value.get("text") or self.value.get("quote") or self.value.get("transcript") or ""
        return strip_tags(str(getattr(text, "source", text))).strip()

    @property
    def region(self):
        """``x,y,w,h`` for the IIIF region parameter and the data attribute; ``full`` for the whole image."""
        return "full" if self.xywh is None else ",".join(str(v) for v in self.xywh)

    @property
    def region_size(self):
        """Width and height of what the step shows, in image pixels."""
        if self.image is None:
            return 0, 0
        if self.xywh is None:
            return self.image.iiif_width, self.image.iiif_height
        return self.xywh[2], self.xywh[3]

    def picture_url(self, side=VIEWER_SIZE):
        """The step's region cut by the Image API, fitted in ``side`` × ``side`` (never enlarged)."""
        width, height = self.region_size
        scale = min(1.0, side / max(width, height))
        size = f"{max(1, round(width * scale))},{max(1, round(height * scale))}"
        base = reverse("iiif:image_info", args=[self.image.iiif_identifier]).removesuffix("info.json")
        return f"{base}{self.region}/{size}/0/default.jpg"

    @property
    def picture_size(self):
        width, height = self.region_size
        scale = min(1.0, VIEWER_SIZE / max(width, height))
        return max(1, round(width * scale)), max(1, round(height * scale))


@dataclass
class Chapter:
    key: str
    heading: str
    intro: str = ""
    steps: list = field(default_factory=list)


class _Visibility:
    """What the public may see, asked once per image and once for all records."""

    def __init__(self):
        self._images = {}
        self._records = None

    def image(self, image):
        if image is None:
            return False
        if image.pk not in self._images:
            self._images[image.pk] = (
                image.tiling_status == TilingStatus.READY
                and not image.is_unavailable
                and bool(image.iiif_width)
                and access.is_public(image)
            )
        return self._images[image.pk]

    def record(self, page):
        if page is None:
            return None
        if self._records is None:
            self._records = published_record_ids()
        if page.pk not in self._records:
            return None
        return page.specific


def manifest_url(page):
    path = reverse(
        "exhibitions_iiif:manifest", kwargs={"language": page.locale.language_code, "slug": page.slug}
    )
    return settings.PUBLIC_BASE_URL + path


def _content_state_url(page, step, title, back):
    state = content_state.canvas_region(
        manifest_url(page), exhibition_canvas_id(manifest_url(page), step.image), step.xywh
    )
    query = {"iiif-content": content_state.encode(state), "title": title, "back": f"{back}#{step.anchor}"}
    return f"{reverse('iiif:viewer')}?{urlencode(query)}"


def _site(page):
    point = page.public_point()
    return {
        "page": page,
        "identifier": page.identifier,
        "point": point,
        "generalised": point is not None and getattr(page, "sensitive", False),
    }


def read_steps(page, back_url=""):
    """The exhibition's chapters, each with its steps, in the order the curator composed them."""
    seen = _Visibility()
    chapters = []
    current = Chapter(key="intro", heading="")
    number = 0
    for block in page.body:
        if block.block_type == "chapter":
            if current.steps or current.key != "intro":
                chapters.append(current)
            current = Chapter(
                key=f"chapter-{len(chapters) + 1}", heading=block.value["heading"], intro=block.value["intro"]
            )
            continue
        number += 1
        step = Step(kind=block.block_type, number=number, value=block.value, chapter=current)
        value = block.value
        if step.kind == "view":
            if seen.image(value["image"]):
                step.image = value["image"]
                step.xywh = region_of(value["region"])
                step.content_state_url = _content_state_url(
                    page, step, Truncator(page.title).chars(200), back_url
                )
            step.record = seen.record(value.get("record"))
        elif step.kind == "quotation":
            step.record = seen.record(value.get("record"))
        elif step.kind == "records":
            step.records = [found for chosen in value["records"] if (found := seen.record(chosen))]
        elif step.kind == "map":
            step.sites = [_site(found) for chosen in value["sites"] if (found := seen.record(chosen))]
        elif step.kind == "comparison":
            step.record = seen.record(value.get("record"))
            step.stories = public_restorations(step.record) if step.record is not None else []
        current.steps.append(step)
    if current.steps or current.key != "intro":
        chapters.append(current)
    return chapters


def view_steps(chapters):
    return [step for chapter in chapters for step in chapter.steps if step.image is not None]


def manifest_chapters(page, chapters):
    """The plain data of the exhibition's manifest: one chapter per chapter with shown images."""
    return [
        ExhibitionChapter(
            key=chapter.key,
            label=chapter.heading or page.title,
            steps=[
                ExhibitionStep(
                    anchor=step.anchor,
                    image=step.image,
                    xywh=step.xywh,
                    text=step.plain_text,
                    label=step.value.get("alt", ""),
                )
                for step in chapter.steps
                if step.image is not None
            ],
        )
        for chapter in chapters
    ]
