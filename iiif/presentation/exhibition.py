"""The IIIF Presentation 3 manifest of an exhibition: its images as canvases, its chapters as ranges.

One canvas per distinct image, in the order the exhibition first shows them; one ``Range`` per
chapter whose items are the canvases cut to each step's region (``canvas#xywh=…`` fragments), so a
viewer's table of contents walks the story; each step's words are a ``commenting`` annotation on its
region. Built from plain data that the exhibitions app hands in, so that iiif never imports it and
the app never imports ``iiif_prezi3``.
"""

from dataclasses import dataclass, field

from iiif_prezi3 import (
    Annotation,
    AnnotationPage,
    Canvas,
    CanvasRef,
    Homepage,
    KeyValueString,
    Manifest,
    Range,
    TextualBody,
)

from .records import ARCHIVE_NAME, ATTRIBUTION_LABEL, image_body


@dataclass
class ExhibitionStep:
    """One step shown on a canvas: ``xywh`` in the image's pixels (None: the whole image)."""

    anchor: str
    image: object  # images.HeritageImage, public and tiled
    xywh: tuple | None
    text: str  # the step's words, plain text
    label: str = ""


@dataclass
class ExhibitionChapter:
    key: str
    label: str
    steps: list = field(default_factory=list)


def canvas_id(manifest_url, image):
    return f"{manifest_url.removesuffix('.json')}/canvas/{image.iiif_identifier}"


def fragment(target, xywh):
    return target if xywh is None else f"{target}#xywh={','.join(str(int(v)) for v in xywh)}"


def build_exhibition_manifest(manifest_url, language, label, summary, chapters, base_url, homepage_url=None):
    """The Manifest at ``manifest_url`` for ``chapters`` (ExhibitionChapter) in ``language``.

    Raises LookupError when no step shows an image (an exhibition without pictures has no manifest).
    """
    base_id = manifest_url.removesuffix(".json")
    steps = [step for chapter in chapters for step in chapter.steps]
    if not steps:
        raise LookupError("no step shows an image")
    manifest = Manifest(id=manifest_url, label={language: [label]})
    if summary:
        manifest.summary = {language: [summary]}
    if homepage_url:
        manifest.homepage = [
            Homepage(
                id=homepage_url,
                type="Text",
                label={language: [label]},
                format="text/html",
                language=[language],
            )
        ]
    canvases = {}
    comments = {}
    for step in steps:
        image = step.image
        target = canvas_id(manifest_url, image)
        if image.pk not in canvases:
            canvas = Canvas(id=target, width=image.iiif_width, height=image.iiif_height)
            if step.label:
                canvas.label = {language: [step.label]}
            painting = Annotation(
                id=f"{target}/page/image",
                motivation="painting",
                body=image_body(image, base_url),
                target=target,
            )
            canvas.items = [AnnotationPage(id=f"{target}/page", items=[painting])]
            canvases[image.pk] = canvas
            comments[image.pk] = []
        if step.text:
            comments[image.pk].append(
                Annotation(
                    id=f"{target}/step/{step.anchor}",
                    motivation="commenting",
                    body=TextualBody(value=step.text, format="text/plain", language=language),
                    target=fragment(target, step.xywh),
                )
            )
    for pk, canvas in canvases.items():
        if comments[pk]:
            canvas.annotations = [AnnotationPage(id=f"{canvas.id}/steps", items=comments[pk])]
    manifest.items = list(canvases.values())
    manifest.structures = [
        Range(
            id=f"{base_id}/range/{chapter.key}",
            label={language: [chapter.label]},
            items=[
                CanvasRef(id=fragment(canvas_id(manifest_url, step.image), step.xywh), type="Canvas")
                for step in chapter.steps
            ],
        )
        for chapter in chapters
        if chapter.steps
    ]
    # Each image keeps its own credit on its record; the exhibition is credited to the archive.
    manifest.requiredStatement = KeyValueString(label=ATTRIBUTION_LABEL, value=ARCHIVE_NAME)
    return manifest


def exhibition_manifest_json(*args, **kwargs):
    return build_exhibition_manifest(*args, **kwargs).jsonld()
