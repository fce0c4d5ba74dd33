"""Template helpers of open data: schema.org JSON-LD in the <head> of record pages."""

from django import template
from django.utils import translation

from opendata import records, schema_org
from opendata.serialise import Batch, document

register = template.Library()


@register.simple_tag
def record_json_ld(page):
    """schema.org JSON-LD of the record shown, in the page's language; nothing for a draft preview
    or a restricted record (the head must not describe more than the public may see)."""
    identifier = getattr(page, "identifier", "")
    found = records.find(identifier) if identifier and page.live else None
    if found is None or found[0] == "site":  # sites already carry the catalogue's site JSON-LD
        return ""
    _name, versions = found
    language = page.locale.language_code if page.locale.language_code in versions else None
    if language is None:
        return ""
    with translation.override(language):
        return schema_org.script_tag(schema_org.thing(document(versions, language, Batch([versions]))))
