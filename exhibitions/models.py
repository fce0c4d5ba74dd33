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
        context.update(
            chapters=chapters,
            first_view=views[0] if views else None,
            has_views=bool(views),
            manifest_url=manifest_url(self) if views else "",
            page_url=back,
            **language_note(self),
        )
        return context


def language_note(page):
    """The language the page's content is in, and whether it differs from the interface's."""
    content = page.locale.language_code
    return {"content_language": content, "content_differs": content != translation.get_language()}
