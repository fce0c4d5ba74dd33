"""``{% record_slot "name" key=value… %}``: render what upper apps contributed to a slot.

See ``catalogue/extensions.py``. Extra keyword arguments are added to the context of each
contributed template (the ``record_media`` slot passes the image being shown). A slot with no
contribution renders its default template when the catalogue has one, else nothing.
"""

from django import template
from django.utils.safestring import mark_safe

from catalogue import extensions

register = template.Library()

#: What the catalogue shows in a slot nobody contributes to.
DEFAULTS = {"record_media": "catalogue/includes/record_media_static.html"}


@register.simple_tag(takes_context=True)
def record_slot(context, slot, **extra):
    page = context.get("page")
    names = [c.template_name for c in extensions.contributions(slot, page)]
    if not names and slot in DEFAULTS:
        names = [DEFAULTS[slot]]
    if not names:
        return ""
    engine = context.template.engine
    # Each contribution renders in the page's own context (page, request, self…), like {% include %}.
    with context.push(**extra):
        # Each part is a rendered template, escaped by its own autoescaping.
        return mark_safe("".join(engine.get_template(name).render(context) for name in names))  # noqa: S308
