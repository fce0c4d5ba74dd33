"""Finding English that Wagtail leaves in a Vietnamese admin page.

Wagtail's own English strings (the msgids of its catalogues) are what can leak: a text node or a
label on the page equal to one of them (or to one with its placeholders filled) is English.
"""

import re
from functools import cache
from pathlib import Path

import polib
import wagtail
from bs4 import BeautifulSoup

# Words that read the same in the Vietnamese interface.
SAME_IN_VIETNAMESE = {
    "OK",
    "Email",
    "URL",
    "ID",
    "IIIF",
    "Wagtail",
    "SEO",
    "HTML",
    "CSV",
    "Excel",
    "Slug",
    "Tags",
}
ATTRIBUTES = ("aria-label", "title", "placeholder", "alt", "data-w-tooltip-content-value")
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|%[sd]|\{[\w.]+\}")


@cache
def wagtail_msgids():
    exact, patterns = set(), []
    for po_path in Path(wagtail.__file__).parent.glob("**/locale/en/LC_MESSAGES/*.po"):
        for entry in polib.pofile(str(po_path)):
            for msgid in filter(None, (entry.msgid, entry.msgid_plural)):
                text = " ".join(msgid.split())
                if not re.search(r"[A-Za-z]{3}", PLACEHOLDER.sub("", text)):
                    continue
                if PLACEHOLDER.search(text):
                    parts = PLACEHOLDER.split(text)
                    literal = [p for i, p in enumerate(parts) if i % 2 == 0]
                    if sum(len(p.strip()) for p in literal) >= 12:
                        patterns.append(re.compile(".+?".join(re.escape(p) for p in literal) + "$"))
                else:
                    exact.add(text)
    return exact - SAME_IN_VIETNAMESE, patterns


def visible_texts(html):
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "noscript", "template", "svg"]):
        tag.decompose()
    for tag in soup.select("[hidden]"):
        tag.decompose()  # not shown (e.g. an empty counter)
    for node in soup.find_all(string=True):
        text = " ".join(node.split())
        if text:
            yield text
    for tag in soup.find_all(True):
        for attribute in ATTRIBUTES:
            if tag.get(attribute):
                yield " ".join(str(tag[attribute]).split())
        if tag.name in ("input", "button") and tag.get("type") in ("submit", "button") and tag.get("value"):
            yield " ".join(tag["value"].split())


def english_on(html):
    exact, patterns = wagtail_msgids()
    found = set()
    for text in visible_texts(html):
        if text in exact or any(p.match(text) for p in patterns):
            found.add(text)
    return found
