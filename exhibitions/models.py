"""Exhibition pages: an index under the home page, and exhibitions composed of steps."""

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page

from images.text import NFCTextMixin

from .blocks import ExhibitionStreamBlock
from .steps import manifest_url, read_steps, view_steps


def exhibition_url(page):
    """The exhibition's address in the visitor's language (``/fr/expositions/<slug>/``…)."""
    from django.urls import reverse

    return reverse("exhibitions:exhibition", kwargs={"slug": page.slug})


class ExhibitionIndexPage(NFCTextMixin, Page):
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["catalogue.HomePage"]
    subpage_types = ["exhibitions.ExhibitionPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("index of exhibitions")

    def exhibitions(self):
        return ExhibitionPage.objects.child_of(self).live().public().order_by("path")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        items = []
        for exhibition in self.exhibitions():
            first = next(iter(view_steps(read_steps(exhibition))), None)
            items.append({"page": exhibition, "url": exhibition_url(exhibition), "first": first})
        context.update(exhibitions=items, **language_note(self))
        return context


class ExhibitionPage(NFCTextMixin, Page):
    summary = models.TextField(_("summary"), blank=True, help_text=_("One or two sentences for the list"))
    body = StreamField(ExhibitionStreamBlock(), verbose_name=_("steps"), use_json_field=True)
    sources = models.TextField(
        _("sources"), blank=True, help_text=_("The published sources of the facts told, one per line")
    )

    content_panels = [*Page.content_panels, FieldPanel("summary"), FieldPanel("body"), FieldPanel("sources")]
    parent_page_types = ["exhibitions.ExhibitionIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("exhibition")
        verbose_name_plural = _("exhibitions")

    def source_lines(self):
        return [line.strip() for line in self.sources.splitlines() if line.strip()]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        back = exhibition_url(self)
        chapters = read_steps(self, back_url=back)
        views = view_steps(chapters)
        has_map = any(step.kind == "map" and step.sites for chapter in chapters for step in chapter.steps)
        context.update(
            chapters=chapters,
            map_config=map_config() if has_map else None,
            first_view=views[0] if views else None,
            has_views=bool(views),
            manifest_url=manifest_url(self) if views else "",
            page_url=back,
            **language_note(self),
        )
        return context


def map_config():
    """What the viewer needs to fly to a map step's sites: relic_map's public GeoJSON (sensitive
    sites generalised there) and its base map."""
    from django.conf import settings
    from django.templatetags.static import static
    from django.urls import reverse

    return {
        "data": reverse("relic_map_api:sites") + f"?lang={translation.get_language()}",
        "tiles": {
            "url": settings.RELIC_MAP_TILE_URL,
            "attribution": settings.RELIC_MAP_TILE_ATTRIBUTION,
            "maxZoom": settings.RELIC_MAP_MAX_ZOOM,
        },
        "leaflet": static("relic_map/vendor/leaflet.js"),
        "leafletCss": static("relic_map/vendor/leaflet.css"),
    }


def language_note(page):
    """The language the page's content is in, and whether it differs from the interface's."""
    content = page.locale.language_code
    return {"content_language": content, "content_differs": content != translation.get_language()}
