"""Extension points of the public pages: what the apps above the catalogue add to them.

The catalogue knows nothing of the apps that build on it (deep zoom, the relic map, the
restoration archive, visitor guides…). Those apps contribute templates to named *slots* of the
record pages and of the site header from their ``AppConfig.ready()``::

    from catalogue import extensions
    extensions.register("record_links", "relic_map/includes/map_link.html",
                        order=50, applies=lambda page: page.map_point is not None)

and the catalogue's templates render each slot with ``{% record_slot "record_links" %}``
(``{% load record_extensions %}``). A contributed template is rendered with the page's context
(``page``, ``request``…), so removing an app removes its contributions and nothing else: no
catalogue template names another app's URL or is shadowed by another app's copy.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

#: slot name → what it is for. Registering to any other name is a programming error.
SLOTS = {
    "head": "tags in the <head> of record pages (links, stylesheets, scripts)",
    "site_nav": "links in the header of every page (page may be absent)",
    "record_top": "the first block under a record's title (visiting information on a phone)",
    "record_media": "how one image of a record is shown (context: image, alt, eager); "
    "the first contribution that applies replaces the catalogue's static picture",
    "record_after_body": "sections after the record's text (related records, stories)",
    "record_links": "links and actions near the manifest link (viewer, map, downloads)",
    "home_sections": "entries (<li>) after the collections in the home page's list of sections",
    "guide_actions": "actions on a tour's page of the visitor guide (context: tour; page is absent)",
}

#: Slots where only one contribution is shown (the first that applies, by order): each image is
#: shown once, by the most capable viewer available for it.
EXCLUSIVE_SLOTS = frozenset({"record_media"})


@dataclass(frozen=True)
class Contribution:
    slot: str
    template_name: str
    order: int = 100
    applies: Callable | None = None

    def applies_to(self, page) -> bool:
        return self.applies is None or bool(self.applies(page))


_registry: dict[str, list[Contribution]] = {slot: [] for slot in SLOTS}


def register(
    slot: str, template_name: str, order: int = 100, applies: Callable | None = None
) -> Contribution:
    """Add ``template_name`` to ``slot``. Idempotent: ready() may run twice in tests."""
    if slot not in SLOTS:
        raise ValueError(f"unknown extension slot {slot!r}; known slots: {', '.join(SLOTS)}")
    contribution = Contribution(slot, template_name, order, applies)
    entries = _registry[slot]
    entries[:] = [c for c in entries if c.template_name != template_name]
    entries.append(contribution)
    # Stable: equal orders keep registration order, which follows INSTALLED_APPS.
    entries.sort(key=lambda c: c.order)
    return contribution


def unregister(slot: str, template_name: str) -> None:
    entries = _registry[slot]
    entries[:] = [c for c in entries if c.template_name != template_name]


def contributions(slot: str, page=None) -> list[Contribution]:
    """The contributions to ``slot`` that apply to ``page`` (None outside record pages), in order."""
    if slot not in SLOTS:
        raise ValueError(f"unknown extension slot {slot!r}")
    found = [c for c in _registry[slot] if c.applies_to(page)]
    return found[:1] if slot in EXCLUSIVE_SLOTS else found


def registered(slot: str) -> list[Contribution]:
    """Everything registered to ``slot``, applicable or not (for checks and the architecture test)."""
    return list(_registry[slot])


def allow_under_home(page_model_label: str) -> None:
    """Let an upper app's section page (``"app.ModelName"``) be created under the home page.

    The home page's list of allowed children is the catalogue's; an app above it (exhibitions…)
    adds its own index from ``AppConfig.ready()`` instead of the catalogue naming it.
    """
    from .models import HomePage

    if page_model_label not in HomePage.subpage_types:
        HomePage.subpage_types = [*HomePage.subpage_types, page_model_label]
        HomePage._clean_subpage_models = None  # Wagtail caches the resolved list on first use
