"""Finding vocabulary terms and records named in a spreadsheet."""

from django.utils.translation import gettext as _

from catalogue.models import SitePage
from catalogue.slugs import ascii_slug

from .tables import header_key


def _exact(text):
    return " ".join(str(text).casefold().split())


class TermIndex:
    """Terms of one vocabulary by label (Vietnamese or English) or key.

    An exact (case-insensitive) label wins; a label typed without tones matches when only one term
    folds to it, so "Sa thach" finds "Sa thạch" but never picks between two different words.
    """

    def __init__(self, model):
        self.model = model
        self.exact, folded = {}, {}
        for term in model.objects.all():
            for text in (term.label_vi, term.label_en, term.key):
                if text:
                    self.exact.setdefault(_exact(text), term)
                    folded.setdefault(header_key(text), set()).add(term.pk)
        by_pk = {term.pk: term for term in self.exact.values()}
        self.folded = {key: by_pk[next(iter(pks))] for key, pks in folded.items() if len(pks) == 1}
        self.pending = {}  # terms to create: folded label -> label as typed

    def find(self, text):
        return self.exact.get(_exact(text)) or self.folded.get(header_key(text))

    def create_pending(self):
        """Create the terms planned for creation (labelled in both languages as typed); return them."""
        created = []
        for label in self.pending.values():
            term = self.find(label)
            if term is None:
                key = _free_key(self.model, ascii_slug(label) or "term")
                term = self.model.objects.create(key=key, label_vi=label, label_en=label)
                self.exact[_exact(label)] = term
                self.folded[header_key(label)] = term
            created.append(term)
        self.pending = {}
        return created


def _free_key(model, base):
    key, number = base, 1
    while model.objects.filter(key=key).exists():
        number += 1
        key = f"{base}-{number}"
    return key


class SiteIndex:
    """Heritage sites by identifier (the Vietnamese version when there are several)."""

    def __init__(self):
        self.sites = {}
        for site in SitePage.objects.select_related("locale").order_by("-locale__language_code"):
            # "vi" sorts after "en": reversed order lets the Vietnamese page win.
            self.sites[site.identifier] = site

    def find(self, identifier):
        return self.sites.get(identifier.strip().upper())


def unknown_term_message(column, text, create):
    if create:
        return _("“%(value)s” is not in the vocabulary “%(column)s”; it will be created.") % {
            "value": text,
            "column": column,
        }
    return _(
        "“%(value)s” is not in the vocabulary “%(column)s”. Add it under Vocabularies, correct the "
        "spelling, or tick “create unknown terms”."
    ) % {"value": text, "column": column}
