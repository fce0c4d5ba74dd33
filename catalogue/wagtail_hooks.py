"""Curators' admin: flat listings per record type with their columns and filters, and vocabularies."""

import django_filters
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.pages.listing import IndexView, PageFilterSet
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import (
    ArtefactPage,
    ArtefactStatus,
    Culture,
    DocumentaryPage,
    DocumentType,
    Inscription,
    Institution,
    IntangiblePage,
    Language,
    Material,
    ObjectType,
    Period,
    Ranking,
    Script,
    SiteCategory,
    SitePage,
    UnescoDomain,
)
from .models.places import FORMER_DISTRICTS

BASE_COLUMNS = PageListingViewSet.columns
TITLE_AND_IDENTIFIER = [*BASE_COLUMNS[:2], Column("identifier", label=_("Identifier"), sort_key="identifier")]
TRAILING_COLUMNS = BASE_COLUMNS[3:]


class RecordIndexView(IndexView):
    """A record listing whose "more" menu also holds buttons of upper apps (e.g. export with the
    listing's filters), registered with the ``register_record_listing_buttons`` hook:
    ``fn(model, request) -> [Button]``. Catalogue does not import those apps."""

    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        for hook in hooks.get_hooks("register_record_listing_buttons"):
            buttons.extend(hook(self.model, self.request))
        return buttons


def page_filterset(model, **filters):
    """A PageFilterSet for ``model`` with extra choice filters, keeping Wagtail's own (owner, date, …)."""
    meta = type("Meta", (), {"model": model, "fields": []})
    return type(f"{model.__name__}FilterSet", (PageFilterSet,), {**filters, "Meta": meta})


class SiteListing(PageListingViewSet):
    index_view_class = RecordIndexView
    name = "sites"
    model = SitePage
    icon = "site"
    menu_label = _("Heritage sites")
    columns = [
        *TITLE_AND_IDENTIFIER,
        Column("ranking", label=_("Ranking"), accessor="get_ranking_display", sort_key="ranking"),
        Column("former_district", label=_("Former district"), accessor="get_former_district_display"),
        *TRAILING_COLUMNS,
    ]
    filterset_class = page_filterset(
        SitePage,
        ranking=django_filters.ChoiceFilter(choices=Ranking.choices, label=_("Ranking")),
        category=django_filters.ChoiceFilter(choices=SiteCategory.choices, label=_("Category")),
        former_district=django_filters.ChoiceFilter(choices=FORMER_DISTRICTS, label=_("Former district")),
        sensitive=django_filters.BooleanFilter(label=_("Sensitive location")),
    )


class ArtefactListing(PageListingViewSet):
    index_view_class = RecordIndexView
    name = "artefacts"
    model = ArtefactPage
    icon = "pick"
    menu_label = _("Artefacts")
    columns = [
        *TITLE_AND_IDENTIFIER,
        Column("inventory_number", label=_("Inventory number"), sort_key="inventory_number"),
        Column("object_type", label=_("Object type")),
        Column("status", label=_("Heritage status"), accessor="get_status_display", sort_key="status"),
        *TRAILING_COLUMNS,
    ]
    filterset_class = page_filterset(
        ArtefactPage,
        status=django_filters.ChoiceFilter(choices=ArtefactStatus.choices, label=_("Heritage status")),
        object_type=django_filters.ModelChoiceFilter(
            queryset=ObjectType.objects.all(), label=_("Object type")
        ),
        culture=django_filters.ModelChoiceFilter(queryset=Culture.objects.all(), label=_("Culture")),
        period=django_filters.ModelChoiceFilter(queryset=Period.objects.all(), label=_("Period")),
        holding_institution=django_filters.ModelChoiceFilter(
            queryset=Institution.objects.all(), label=_("Holding institution")
        ),
    )


class IntangibleListing(PageListingViewSet):
    index_view_class = RecordIndexView
    name = "intangible"
    model = IntangiblePage
    icon = "group"
    menu_label = _("Intangible heritage")
    columns = [
        *TITLE_AND_IDENTIFIER,
        Column(
            "inscription", label=_("Inscription"), accessor="get_inscription_display", sort_key="inscription"
        ),
        *TRAILING_COLUMNS,
    ]
    filterset_class = page_filterset(
        IntangiblePage,
        unesco_domain=django_filters.ChoiceFilter(choices=UnescoDomain.choices, label=_("UNESCO domain")),
        inscription=django_filters.ChoiceFilter(choices=Inscription.choices, label=_("Inscription")),
    )


class DocumentaryListing(PageListingViewSet):
    index_view_class = RecordIndexView
    name = "documentary"
    model = DocumentaryPage
    icon = "doc-full"
    menu_label = _("Documentary heritage")
    columns = [
        *TITLE_AND_IDENTIFIER,
        Column("doc_type", label=_("Document type"), accessor="get_doc_type_display", sort_key="doc_type"),
        *TRAILING_COLUMNS,
    ]
    filterset_class = page_filterset(
        DocumentaryPage,
        doc_type=django_filters.ChoiceFilter(choices=DocumentType.choices, label=_("Document type")),
        holding_institution=django_filters.ModelChoiceFilter(
            queryset=Institution.objects.all(), label=_("Holding institution")
        ),
    )


class RecordsGroup(ViewSetGroup):
    menu_label = _("Records")
    menu_icon = "folder-open-inverse"
    menu_order = 150
    items = (SiteListing, ArtefactListing, IntangibleListing, DocumentaryListing)


class VocabularyViewSet(SnippetViewSet):
    list_display = ["label_vi", "label_en", "key", "uri"]
    search_fields = ["label_vi", "label_en", "key"]
    ordering = ["label_vi"]


def vocabulary_viewset(model, icon):
    return type(f"{model.__name__}ViewSet", (VocabularyViewSet,), {"model": model, "icon": icon})


class VocabulariesGroup(SnippetViewSetGroup):
    menu_label = _("Vocabularies")
    menu_icon = "list-ul"
    menu_order = 160
    items = (
        vocabulary_viewset(Period, "time"),
        vocabulary_viewset(Material, "tag"),
        vocabulary_viewset(ObjectType, "tag"),
        vocabulary_viewset(Culture, "tag"),
        vocabulary_viewset(Institution, "home"),
        vocabulary_viewset(Script, "edit"),
        vocabulary_viewset(Language, "globe"),
    )


@hooks.register("register_admin_viewset")
def register_records():
    return RecordsGroup()


@hooks.register("register_admin_viewset")
def register_vocabularies():
    return VocabulariesGroup()


@hooks.register("before_serve_page")
def apply_restrictions_of_other_language_versions(page, request, serve_args, serve_kwargs):
    """A record restricted in one language is restricted in all: Wagtail checks only the page's own
    restrictions (and those above it), so those of its other versions are checked here, the same way."""
    from django.urls import reverse
    from django.utils.cache import add_never_cache_headers
    from wagtail.models import PageViewRestriction

    from .models import RecordPage
    from .visibility import other_version_restrictions

    if not isinstance(page, RecordPage):
        return None
    for restriction in other_version_restrictions(page):
        if restriction.accept_request(request):
            continue
        if restriction.restriction_type == PageViewRestriction.PASSWORD:
            from wagtail.forms import PasswordViewRestrictionForm

            form = PasswordViewRestrictionForm(
                instance=restriction, initial={"return_url": request.get_full_path()}
            )
            action = reverse("wagtailcore_authenticate_with_password", args=[restriction.id, page.id])
            response = page.serve_password_required_response(request, form, action)
        else:
            from wagtail.wagtail_hooks import require_wagtail_login

            response = require_wagtail_login(next=request.get_full_path())
        add_never_cache_headers(response)
        return response
    return None
