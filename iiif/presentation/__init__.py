"""IIIF Presentation API 3.0 documents: the only package of the project that imports ``iiif_prezi3``.

``records`` builds the manifest of a catalogue record and the collections; ``comparison`` builds the
before/after comparison manifest of a record's documentation events and ``exhibition`` the manifest
of an exhibition (chapters as ranges), both from plain data that the layers above (restoration,
exhibitions) hand in, so that this package never imports them.
"""

from .comparison import (
    ComparisonCanvas,
    ComparisonRegion,
    build_comparison_manifest,
    comparison_manifest_json,
)
from .exhibition import (
    ExhibitionChapter,
    ExhibitionStep,
    build_exhibition_manifest,
    exhibition_manifest_json,
)
from .exhibition import canvas_id as exhibition_canvas_id
from .records import (
    build_collection,
    build_manifest,
    collection_id,
    collection_json,
    image_service_id,
    manifest_id,
    manifest_json,
    preview_manifest_id,
    thumbnail_size,
)
from .search import document_hits, search_json
from .services import search_service_id

__all__ = [
    "ComparisonCanvas",
    "ComparisonRegion",
    "ExhibitionChapter",
    "ExhibitionStep",
    "build_collection",
    "build_comparison_manifest",
    "build_exhibition_manifest",
    "build_manifest",
    "collection_id",
    "collection_json",
    "comparison_manifest_json",
    "document_hits",
    "exhibition_canvas_id",
    "exhibition_manifest_json",
    "image_service_id",
    "manifest_id",
    "manifest_json",
    "preview_manifest_id",
    "search_json",
    "search_service_id",
    "thumbnail_size",
]
