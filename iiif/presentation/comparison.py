"""The comparison manifest of a record's documentation events (restoration baseline archive).

One canvas per event, ordered by ``navDate``; where another event's image has been registered to
this one, the canvas paints a ``Choice`` of this image and the other aligned to it (IIIF cookbook
recipe 0033, before/after); the event's condition observations are ``tagging`` annotations with an
``xywh`` fragment on the canvas. Built from plain data so that iiif never imports restoration.
"""

from dataclasses import dataclass, field
from datetime import datetime

from iiif_prezi3 import Annotation, AnnotationPage, Canvas, Choice, Manifest, TextualBody

from .records import _language_map, image_body


@dataclass
class ComparisonRegion:
    """A condition observation: ``texts`` maps language → words, ``xywh`` in the image's pixels."""

    key: str
    texts: dict
    xywh: tuple | None = None


@dataclass
class ComparisonCanvas:
    key: str
    label: dict  # language → text
    nav_date: datetime
    image: object  # images.HeritageImage
    # (label dict, HeritageImage) of other events' images resampled into this image's frame.
    aligned: list = field(default_factory=list)
    regions: list = field(default_factory=list)
    summary: dict = field(default_factory=dict)


def _body(image, base_url, label=None):
    body = image_body(image, base_url)
    if label:
        body.label = _language_map(label)
    return body


def _canvas(base_id, spec, base_url):
    canvas_id = f"{base_id}/canvas/{spec.key}"
    image = spec.image
    canvas = Canvas(
        id=canvas_id,
        label=_language_map(spec.label),
        width=image.iiif_width,
        height=image.iiif_height,
        navDate=spec.nav_date,
    )
    if spec.summary:
        canvas.summary = _language_map(spec.summary)
    own = _body(image, base_url, spec.label)
    if spec.aligned:
        others = [_body(other, base_url, label) for label, other in spec.aligned]
        body = Choice(items=[own, *others])
    else:
        body = own
    painting = Annotation(id=f"{canvas_id}/page/image", motivation="painting", body=body, target=canvas_id)
    canvas.items = [AnnotationPage(id=f"{canvas_id}/page", items=[painting])]
    annotations = []
    for region in spec.regions:
        target = canvas_id if region.xywh is None else f"{canvas_id}#xywh={','.join(map(str, region.xywh))}"
        for language, text in region.texts.items():
            annotations.append(
                Annotation(
                    id=f"{canvas_id}/condition/{region.key}/{language}",
                    motivation="tagging",
                    body=TextualBody(value=text, format="text/plain", language=language),
                    target=target,
                )
            )
    if annotations:
        canvas.annotations = [AnnotationPage(id=f"{canvas_id}/condition", items=annotations)]
    return canvas


def build_comparison_manifest(manifest_url, label, canvases, base_url, summary=None):
    """The comparison Manifest at ``manifest_url``: ``canvases`` (ComparisonCanvas) by date."""
    base_id = manifest_url.removesuffix(".json")
    manifest = Manifest(id=manifest_url, label=_language_map(label))
    if summary:
        manifest.summary = _language_map(summary)
    ordered = sorted(canvases, key=lambda spec: (spec.nav_date, spec.key))
    manifest.items = [_canvas(base_id, spec, base_url) for spec in ordered]
    return manifest


def comparison_manifest_json(manifest_url, label, canvases, base_url, summary=None):
    return build_comparison_manifest(manifest_url, label, canvases, base_url, summary).jsonld()
