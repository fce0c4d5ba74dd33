"""The facets records can be narrowed by, and the labels of their values in the active language.

Records give their values through ``RecordPage.facet_values()``; search (and the records API)
read the names and labels here, so a record type with a new facet is added in the catalogue only.
"""

from dataclasses import dataclass

from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from .models import (
    RECORD_MODELS,
    ArtefactStatus,
    Culture,
    DocumentType,
    Institution,
    Material,
    ObjectType,
    Period,
    Ranking,
    SiteCategory,
    UnescoDomain,
)
from .models.places import FORMER_DISTRICTS
from .models.vocabularies import term_label


@dataclass(frozen=True)
class Facet:
    name: str  # the query parameter and the token prefix
    label: str
    choices: object = None  # value → label, for fixed lists
    vocabulary: object = None  # a VocabularyTerm model, for terms curators edit

    def value_label(self, value):
        return self.labels([value])[value]

    def labels(self, values):
        """value → label in the active language, for each of ``values`` (unknown values as they are)."""
        if self.vocabulary is not None:
            rows = self.vocabulary.objects.filter(key__in=values).values_list("key", "label_vi", "label_en")
            known = {key: term_label(vi, en) for key, vi, en in rows}
        else:
            known = {value: str(label) for value, label in self.choices()}
        return {value: known.get(value, value) for value in values}


def _record_types():
    return [(m._meta.model_name, capfirst(m._meta.verbose_name)) for m in RECORD_MODELS]


FACETS = [
    Facet("type", _("Record type"), choices=_record_types),
    Facet("ranking", _("Ranking"), choices=lambda: Ranking.choices),
    Facet("status", _("Heritage status"), choices=lambda: ArtefactStatus.choices),
    Facet("category", _("Category"), choices=lambda: SiteCategory.choices),
    Facet("object_type", _("Object type"), vocabulary=ObjectType),
    Facet("domain", _("UNESCO domain"), choices=lambda: UnescoDomain.choices),
    Facet("doc_type", _("Document type"), choices=lambda: DocumentType.choices),
    Facet("period", _("Period"), vocabulary=Period),
    Facet("material", _("Material"), vocabulary=Material),
    Facet("culture", _("Culture"), vocabulary=Culture),
    Facet("district", _("Former district"), choices=lambda: FORMER_DISTRICTS),
    Facet("institution", _("Holding institution"), vocabulary=Institution),
]
FACETS_BY_NAME = {facet.name: facet for facet in FACETS}


def facet_label(name, value):
    """The label of ``value`` of facet ``name`` in the active language."""
    facet = FACETS_BY_NAME.get(name)
    return facet.value_label(value) if facet else value


def facet_tokens(page):
    """``name:value`` tokens of a record's facet values (what a search filters on)."""
    return {f"{name}:{value}" for name, value in page.facet_values() if value}


def facet_labels(page):
    """The labels of a record's facet values in the active language, so that "national treasure"
    or "bảo vật quốc gia" finds what the facet would."""
    return [facet_label(name, value) for name, value in page.facet_values() if value and name != "type"]
