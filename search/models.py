"""One search document per record: every published language version of it, flattened for search.

A tourist on the English site may type Vietnamese and a curator English; indexing all language
versions of a record together lets either find it, while each result is shown in the language
of the page. Facets are stored as ``name:value`` tokens so that multi-valued ones (materials) and
single-valued ones are filtered and counted the same way on every backend.
"""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.search import index


class SearchDocumentQuerySet(models.QuerySet):
    def with_facet(self, name, values):
        """Documents carrying any of ``values`` for facet ``name``."""
        tokens = [f"{name}:{value}" for value in values]
        return self.filter(pk__in=SearchFacet.objects.filter(token__in=tokens).values("document_id"))


class SearchDocument(index.Indexed, models.Model):
    translation_key = models.UUIDField(unique=True)
    identifier = models.CharField(max_length=20, db_index=True)
    record_type = models.CharField(max_length=20)
    titles = models.JSONField(default=dict, help_text="language code → title")
    urls = models.JSONField(default=dict, help_text="language code → page path")
    summaries = models.JSONField(default=dict, help_text="language code → summary")
    thumbnail = models.ForeignKey(
        "images.HeritageImage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    search_title = models.TextField(help_text="titles and identifier, prepared by search.text")
    search_body = models.TextField(help_text="all other text, prepared by search.text")
    suggest = models.TextField(help_text="folded titles, for as-you-type suggestions")
    facet_tokens = models.JSONField(default=list)
    earliest_year = models.IntegerField(null=True)
    latitude = models.FloatField(null=True)
    longitude = models.FloatField(null=True)
    sort_title = models.CharField(max_length=255, default="")
    rank_weight = models.FloatField(
        default=1.0,
        help_text="relevance multiplier from the record's standing (search.documents.rank_weight)",
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = SearchDocumentQuerySet.as_manager()
    # Indexed by search.documents once the record's change is committed, not on every save.
    search_auto_update = False

    search_fields = [
        index.SearchField("title", boost=3),
        index.SearchField("search_body"),
        index.AutocompleteField("suggest"),
        index.FilterField("id"),
        index.FilterField("facet_tokens", es_extra={"eager_global_ordinals": True}),  # fast facet counts
        index.FilterField("earliest_year"),
        index.FilterField("latitude"),
        index.FilterField("longitude"),
        index.FilterField("sort_title"),
        index.FilterField("rank_weight"),
        # A geo_point on the engine, for distance order (no scripting module needed on the node).
        index.FilterField("location", es_extra={"type": "geo_point"}),
    ]

    class Meta:
        verbose_name = _("search document")

    def __str__(self):
        return f"{self.identifier} {self.title_in()}"

    @property
    def title(self):
        # The database backends weight the field named "title"; it holds the prepared titles.
        return self.search_title

    def location(self):
        if self.latitude is None or self.longitude is None:
            return None
        return {"lat": self.latitude, "lon": self.longitude}

    def title_in(self, language=None):
        return _in_language(self.titles, language)

    def url_in(self, language=None):
        return _in_language(self.urls, language)

    def summary_in(self, language=None):
        return _in_language(self.summaries, language)


def _in_language(values, language):
    language = (language or get_language() or "vi")[:2]
    return values.get(language) or values.get("vi") or next(iter(values.values()), "")


class SearchFacet(models.Model):
    """A document's ``name:value`` facet token, so the database can filter and count facets."""

    document = models.ForeignKey(SearchDocument, on_delete=models.CASCADE, related_name="facets_rows")
    token = models.CharField(max_length=120)

    class Meta:
        indexes = [models.Index(fields=["token", "document"])]
        constraints = [models.UniqueConstraint(fields=["document", "token"], name="unique_document_facet")]

    def __str__(self):
        return self.token
