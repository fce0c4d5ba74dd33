"""The catalogue's models, one module per record type, re-exported here."""

from .artefacts import ArtefactPage, ArtefactStatus
from .base import ImageRole, RecordImage, RecordPage
from .documentary import DocumentaryPage, DocumentPageImage, DocumentType
from .intangible import Inscription, IntangiblePage, Practitioner, PractitionerTitle, Recording, UnescoDomain
from .pages import (
    ArtefactIndexPage,
    DocumentaryIndexPage,
    HomePage,
    IntangibleIndexPage,
    RecordIndexPage,
    SiteIndexPage,
)
from .sites import Ranking, SiteCategory, SitePage
from .vocabularies import Culture, Institution, Language, Material, ObjectType, Period, Script, VocabularyTerm

#: The record types, in the order lists and collections show them. A new record type is added here
#: (and nowhere outside the catalogue): see "Adding a record type" in docs/ARCHITECTURE.md.
RECORD_MODELS = (SitePage, ArtefactPage, IntangiblePage, DocumentaryPage)


def record_model(model_name):
    """The record type whose model name is ``model_name`` (``sitepage``…); LookupError if none."""
    for model in RECORD_MODELS:
        if model._meta.model_name == model_name:
            return model
    raise LookupError(f"Unknown record type {model_name!r}.")


def model_for_identifier(identifier):
    """The record type whose identifiers look like ``identifier`` (``QN-DT-0007`` → SitePage), or None."""
    identifier = (identifier or "").strip().upper()
    return next((m for m in RECORD_MODELS if m.identifier_pattern().match(identifier)), None)


def find_published_record(identifier, language=None):
    """The published record with this identifier, in ``language`` if translated, else its first
    version; None when no published record carries it."""
    model = model_for_identifier(identifier)
    return model.objects.published().find(identifier, language) if model else None


def published_versions(translation_key):
    """The live, public language versions of one record, Vietnamese first."""
    versions = []
    for model in RECORD_MODELS:
        versions.extend(model.objects.published().versions_of(translation_key))
    return sorted(versions, key=lambda page: (page.locale.language_code != "vi", page.locale.language_code))


__all__ = [
    "RECORD_MODELS",
    "ArtefactIndexPage",
    "ArtefactPage",
    "ArtefactStatus",
    "Culture",
    "DocumentPageImage",
    "DocumentType",
    "DocumentaryIndexPage",
    "DocumentaryPage",
    "HomePage",
    "ImageRole",
    "Inscription",
    "Institution",
    "IntangibleIndexPage",
    "IntangiblePage",
    "Language",
    "Material",
    "ObjectType",
    "Period",
    "Practitioner",
    "PractitionerTitle",
    "Ranking",
    "RecordImage",
    "RecordIndexPage",
    "RecordPage",
    "Recording",
    "Script",
    "SiteCategory",
    "SiteIndexPage",
    "SitePage",
    "UnescoDomain",
    "VocabularyTerm",
    "find_published_record",
    "model_for_identifier",
    "published_versions",
    "record_model",
]
