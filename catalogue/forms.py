"""Admin form of the record pages: a record saves on the first try.

Wagtail requires a slug, which lives on the Promote tab a curator never opens; when it is left empty
it is made here from the (Vietnamese) title: ASCII, tones removed, đ → d, unique among its siblings.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from .slugs import ascii_slug, unique_slug


class RecordPageForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            self.fields["slug"].required = False
            self.fields["slug"].help_text = _(
                "Part of the page's address. Leave it empty to make it from the title (without tones)."
            )

    def clean_slug(self):
        slug = self.cleaned_data.get("slug")
        if slug:
            return slug
        title = self.data.get(self.add_prefix("title")) or self.instance.title or ""
        parent = self.parent_page if getattr(self, "parent_page", None) else self.instance.get_parent()
        base = ascii_slug(title)
        if parent is None or not base:
            return base
        return unique_slug(parent, base, exclude_pk=self.instance.pk)
