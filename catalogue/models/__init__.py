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

RECORD_MODELS = (SitePage, ArtefactPage, IntangiblePage, DocumentaryPage)

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
]
