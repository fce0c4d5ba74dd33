"""Filters of the public index pages: parse query parameters, narrow a queryset, list options."""

from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Paginator

PAGE_SIZE = 24
SORTS = {"title": ("title",), "-date": ("-latest_year", "title"), "date": ("earliest_year", "title")}


@dataclass
class Filter:
    """One filter: a query parameter, the field it narrows, and a callable listing its options."""

    param: str
    label: Any
    lookup: str
    options: Any  # callable returning [(value, label)]
    value: str = ""
    choices: list = field(default_factory=list)

    def bind(self, params):
        self.choices = [(str(v), label) for v, label in self.options()]
        raw = params.get(self.param, "")
        self.value = raw if raw in {v for v, _ in self.choices} else ""
        return self


def apply_filters(queryset, filters, params):
    """Bind each filter to the request's parameters and narrow the queryset; unknown values are ignored."""
    bound = [f.bind(params) for f in filters]
    for f in bound:
        if f.value:
            queryset = queryset.filter(**{f.lookup: f.value})
    sort = params.get("sort", "title")
    queryset = queryset.order_by(*SORTS.get(sort, SORTS["title"]))
    return queryset.distinct(), bound, sort if sort in SORTS else "title"


def paginate(queryset, params, per_page=PAGE_SIZE):
    """The requested page of results; out-of-range or malformed numbers give the nearest valid page."""
    return Paginator(queryset, per_page).get_page(params.get("page"))
