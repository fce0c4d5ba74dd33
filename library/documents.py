"""The documents of the reading room: published documentary records, their pages and texts.

Each document is read in the reader's language where a version of it is published, else in
English, else in Vietnamese (the source). The original text and its reading are the same in every
version (synchronised fields); the translation is the version's own, unless it is still a copy of
the Vietnamese one, which is then shown as Vietnamese. A page with a text but no original text and
no reading carries a descriptive note, not a translation, and is presented as such.
"""

from dataclasses import dataclass, field

from catalogue.models import DocumentaryPage
from iiif import text_match

FALLBACK = ("en", "vi")


@dataclass
class PageText:
    number: int  # 1-based, the page's place in the document (its stable URL)
    row: object  # DocumentPageImage
    transcription: str
    transliteration: str
    translation: str
    translation_language: str
    hits: list = field(default_factory=list)

    @property
    def label(self):
        return self.row.label

    @property
    def image(self):
        return self.row.image

    @property
    def is_note(self):
        """Only a descriptive note: no original text or reading has been published for this page."""
        return bool(self.translation) and not (self.transcription or self.transliteration)

    @property
    def has_text(self):
        return bool(self.transcription or self.transliteration or self.translation)

    def texts(self):
        return {
            "transcription": self.transcription,
            "transliteration": self.transliteration,
            "translation": self.translation,
        }

    def hits_in(self, kind):
        return [hit for hit in self.hits if hit.field == kind]


@dataclass
class Document:
    record: object  # the DocumentaryPage version shown
    language: str  # its language
    source: object  # the Vietnamese (first published) version
    pages: list

    @property
    def identifier(self):
        return self.record.identifier

    @property
    def has_original_text(self):
        return any(page.transcription or page.transliteration for page in self.pages)

    @property
    def hits(self):
        return [hit for page in self.pages for hit in page.hits]


def _published():
    return DocumentaryPage.objects.published()


def _version(versions, language):
    by_language = {page.locale.language_code: page for page in versions}
    for code in (language, *FALLBACK):
        if code in by_language:
            return by_language[code]
    return versions[0]


def _pages(record, source):
    rows = record.ordered_pages()
    source_rows = source.ordered_pages() if source.pk != record.pk else rows
    aligned = len(source_rows) == len(rows)
    language = record.locale.language_code
    pages = []
    for number, row in enumerate(rows, start=1):
        translation_language = language
        if aligned and source.pk != record.pk and row.translation == source_rows[number - 1].translation:
            translation_language = source.locale.language_code  # an untranslated copy of the source
        pages.append(
            PageText(
                number=number,
                row=row,
                transcription=row.transcription,
                transliteration=row.transliteration,
                translation=row.translation,
                translation_language=translation_language,
            )
        )
    return pages


def _document(versions, language):
    versions = sorted(versions, key=lambda page: (page.locale.language_code != "vi", page.pk))
    record = _version(versions, language)
    return Document(
        record=record,
        language=record.locale.language_code,
        source=versions[0],
        pages=_pages(record, versions[0]),
    )


def document(identifier, language):
    """The published document with this identifier in the reader's language, or None."""
    found = _published().find(identifier)
    if found is None:
        return None
    versions = list(_published().versions_of(found.translation_key).select_related("locale"))
    return _document(versions, language)


def all_documents(language):
    """Every published document that has pages, ordered by identifier."""
    groups = {}
    for page in _published().select_related("locale").order_by("identifier", "pk"):
        groups.setdefault(page.translation_key, []).append(page)
    documents = [_document(versions, language) for versions in groups.values()]
    return [doc for doc in documents if doc.pages]


def search(documents, query):
    """The documents with hits for ``query`` (the hits set on their pages), in the given order."""
    found = []
    for doc in documents:
        for page in doc.pages:
            page.hits = text_match.find_in_texts(page.texts(), query)
        if doc.hits:
            found.append(doc)
    return found
