"""/sitemap.xml: every public page in every language, each with its hreflang alternates.

Built from values (no page objects), so that 100,000 records stay a few queries; above the
50,000 URLs a sitemap may hold, the sitemap becomes an index of numbered parts.
"""

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from lxml import etree
from wagtail.models import Page, Site

from .records import LANGUAGES, TYPES, withheld_keys

SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML = "http://www.w3.org/1999/xhtml"
PART_SIZE = 40_000


def _page_urls():
    """{translation_key: {language: (url, lastmod)}} of every live, public page."""
    roots = [(path, lang) for _site, path, _root_url, lang in Site.get_site_root_paths()]
    withheld = set()
    for model in TYPES.values():
        withheld |= withheld_keys(model)
    groups = {}
    rows = (
        Page.objects.live()
        .public()
        .values_list("translation_key", "url_path", "locale__language_code", "last_published_at")
    )
    for key, url_path, lang, published in rows.iterator(chunk_size=5000):
        if key in withheld:
            continue
        root = next(
            (path for path, root_lang in roots if root_lang == lang and url_path.startswith(path)), None
        )
        if root is None:
            continue  # not under a site: not routable
        url = f"{settings.PUBLIC_BASE_URL}/{lang}/{url_path[len(root) :]}"
        groups.setdefault(key, {})[lang] = (url, published)
    for name in ("relic_map", "opendata_dumps"):
        alternates = {}
        for lang in LANGUAGES:
            with translation.override(lang):
                alternates[lang] = (settings.PUBLIC_BASE_URL + reverse(name), None)
        groups[name] = alternates
    return list(groups.values())


def _urlset(groups):
    root = etree.Element(f"{{{SITEMAP}}}urlset", nsmap={None: SITEMAP, "xhtml": XHTML})
    for versions in groups:
        for _lang, (url, published) in versions.items():
            entry = etree.SubElement(root, f"{{{SITEMAP}}}url")
            etree.SubElement(entry, f"{{{SITEMAP}}}loc").text = url
            if published:
                etree.SubElement(entry, f"{{{SITEMAP}}}lastmod").text = published.strftime(
                    "%Y-%m-%dT%H:%M:%SZ"
                )
            if len(versions) > 1:
                for alt_lang, (alt_url, _published) in versions.items():
                    etree.SubElement(
                        entry, f"{{{XHTML}}}link", rel="alternate", hreflang=alt_lang, href=alt_url
                    )
                default = versions.get(settings.LANGUAGE_CODE) or next(iter(versions.values()))
                etree.SubElement(
                    entry, f"{{{XHTML}}}link", rel="alternate", hreflang="x-default", href=default[0]
                )
    return root


def xml(part=None):
    groups = _page_urls()
    parts, count, current = [], 0, []
    for versions in groups:
        if count + len(versions) > PART_SIZE and current:
            parts.append(current)
            current, count = [], 0
        current.append(versions)
        count += len(versions)
    parts.append(current)
    if part is None and len(parts) == 1:
        root = _urlset(parts[0])
    elif part is None:
        root = etree.Element(f"{{{SITEMAP}}}sitemapindex", nsmap={None: SITEMAP})
        for number in range(1, len(parts) + 1):
            entry = etree.SubElement(root, f"{{{SITEMAP}}}sitemap")
            etree.SubElement(
                entry, f"{{{SITEMAP}}}loc"
            ).text = f"{settings.PUBLIC_BASE_URL}{reverse('sitemap')}?part={number}"
    elif 1 <= part <= len(parts):
        root = _urlset(parts[part - 1])
    else:
        return None
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")
