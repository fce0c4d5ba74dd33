"""Home and index pages: the public entry points of the record types."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from images.text import NFCTextMixin

from ..filters import Filter, apply_filters, paginate
from .artefacts import ArtefactPage, ArtefactStatus
from .documentary import DocumentaryPage, DocumentType
from .intangible import Inscription, IntangiblePage, UnescoDomain
from .places import FORMER_DISTRICTS
from .sites import Ranking, SiteCategory, SitePage
from .vocabularies import Culture, Institution, Material, ObjectType, Period


def _terms(model):
    return lambda: [(term.pk, term.label) for term in model.objects.all()]


def _choices(choices):
    return lambda: list(choices)


class HomePage(NFCTextMixin, Page):
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = [
        "catalogue.SiteIndexPage",
        "catalogue.ArtefactIndexPage",
        "catalogue.IntangibleIndexPage",
        "catalogue.DocumentaryIndexPage",
    ]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["sections"] = self.get_children().live().public().specific()
        context["world_heritage"] = (
            SitePage.objects.published()
            .filter(locale=self.locale, ranking=Ranking.WORLD_HERITAGE)
            .order_by("title")
        )
        return context


class RecordIndexPage(NFCTextMixin, Page):
    """A listing of one record type with filters, sorting and pagination."""

    intro = models.TextField(_("introduction"), blank=True)
    record_model = None

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["catalogue.HomePage"]
    max_count_per_parent = 1

    class Meta:
        abstract = True

    def get_template(self, request, *args, **kwargs):
        return "catalogue/record_index_page.html"

    def get_filters(self):
        return []

    def records(self):
        return self.record_model.objects.published().child_of(self)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        queryset, filters, sort = apply_filters(self.records(), self.get_filters(), request.GET)
        context.update(
            filters=filters, sort=sort, records=paginate(queryset, request.GET), result_count=queryset.count()
        )
        return context


class SiteIndexPage(RecordIndexPage):
    record_model = SitePage
    subpage_types = ["catalogue.SitePage"]

    class Meta:
        verbose_name = _("index of heritage sites")

    def get_filters(self):
        return [
            Filter("ranking", _("Ranking"), "ranking", _choices(Ranking.choices)),
            Filter("category", _("Category"), "category", _choices(SiteCategory.choices)),
            Filter("district", _("Former district"), "former_district", _choices(FORMER_DISTRICTS)),
        ]


class ArtefactIndexPage(RecordIndexPage):
    record_model = ArtefactPage
    subpage_types = ["catalogue.ArtefactPage"]

    class Meta:
        verbose_name = _("index of artefacts")

    def get_filters(self):
        return [
            Filter("status", _("Heritage status"), "status", _choices(ArtefactStatus.choices)),
            Filter("type", _("Object type"), "object_type", _terms(ObjectType)),
            Filter("period", _("Period"), "period", _terms(Period)),
            Filter("culture", _("Culture"), "culture", _terms(Culture)),
            Filter("material", _("Material"), "materials", _terms(Material)),
            Filter("institution", _("Holding institution"), "holding_institution", _terms(Institution)),
        ]


class IntangibleIndexPage(RecordIndexPage):
    record_model = IntangiblePage
    subpage_types = ["catalogue.IntangiblePage"]

    class Meta:
        verbose_name = _("index of intangible heritage")

    def get_filters(self):
        return [
            Filter("domain", _("UNESCO domain"), "unesco_domain", _choices(UnescoDomain.choices)),
            Filter("inscription", _("Inscription"), "inscription", _choices(Inscription.choices)),
        ]


class DocumentaryIndexPage(RecordIndexPage):
    record_model = DocumentaryPage
    subpage_types = ["catalogue.DocumentaryPage"]

    class Meta:
        verbose_name = _("index of documentary heritage")

    def get_filters(self):
        return [
            Filter("type", _("Document type"), "doc_type", _choices(DocumentType.choices)),
            Filter("institution", _("Holding institution"), "holding_institution", _terms(Institution)),
        ]
