"""Search text for Vietnamese and English, the same on every backend. Pure functions, no Django.

Tourists type without tone marks ("my son"), curators with them ("Mỹ Sơn"), in NFC or NFD.
Both the indexed text and the query are turned into two kinds of tokens:

- a *folded* token per word: lower case, tone and vowel marks removed, đ → d ("Hội" → "hoi");
- a *toned* token for each word that carries marks, which keeps them in an ASCII spelling the
  tokenizers of SQLite FTS5, PostgreSQL and OpenSearch all leave alone ("Hội" → "vxhoi1j1c").

A query matches on its folded tokens; when it carries marks, its toned tokens are searched as
well, so records written with exactly those marks score higher ("Mỹ Sơn" before "Mỹ Sông", "Chàm"
before "Chăm") while the folded match still finds the rest. Doing this before the text reaches
the engine keeps every backend's results alike, whatever analysers it has.
"""

import functools
import re
import unicodedata
from dataclasses import dataclass

MAX_QUERY_CHARS = 500
MAX_QUERY_WORDS = 24

# Letters and digits of any script; everything else (Lucene or FTS5 syntax included) separates words.
_WORD = re.compile(r"[^\W_]+")

# Telex-like letters for the combining marks Vietnamese uses, and for the stroke of đ.
_MARK_CODES = {
    "\u0300": "f",  # huyền (grave)
    "\u0301": "s",  # sắc (acute)
    "\u0309": "r",  # hỏi (hook above)
    "\u0303": "x",  # ngã (tilde)
    "\u0323": "j",  # nặng (dot below)
    "\u0302": "c",  # circumflex: â ê ô
    "\u0306": "b",  # breve: ă
    "\u031b": "w",  # horn: ơ ư
}
_TONED_PREFIX = "vx"


class QueryError(ValueError):
    """A query that cannot be searched. ``reason`` is "too_long" or "too_many_words"; ``limit`` the bound."""

    def __init__(self, reason, limit):
        super().__init__(f"{reason} (limit {limit})")
        self.reason = reason
        self.limit = limit


@dataclass(frozen=True)
class SearchText:
    """A query prepared for searching: folded words, and toned words (empty when it has no marks)."""

    folded: str
    toned: str

    def __bool__(self):
        return bool(self.folded)


def words(text):
    """The words of ``text`` after NFC normalisation, lower-cased, in order."""
    return _WORD.findall(unicodedata.normalize("NFC", text or "").lower())


def fold(word):
    """``word`` lower-cased without tone or vowel marks; đ → d. Other scripts pass unchanged."""
    decomposed = unicodedata.normalize("NFD", word.lower().replace("đ", "d"))
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


def toned(word):
    """An ASCII token keeping ``word``'s Vietnamese marks, or "" when it has none to keep."""
    word = word.lower()
    codes = []
    position = 0
    for char in unicodedata.normalize("NFD", word):
        if char == "đ":
            codes.append(f"{position}d")
            position += 1
        elif unicodedata.combining(char):
            code = _MARK_CODES.get(char)
            if code is None:
                return ""  # marks of another language: the folded token is all we keep
            codes.append(f"{position - 1}{code}")
        else:
            position += 1
    if not codes:
        return ""
    return _TONED_PREFIX + fold(word) + "".join(codes)


def stem(word):
    """English plural → singular ("lanterns" → "lantern"). Vietnamese syllables never end in s,
    so only English words (and names) are touched."""
    if len(word) <= 3 or not word.endswith("s") or word.endswith(("ss", "us", "is")):
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "xes", "sses")):
        return word[:-2]
    return word[:-1]


def index_text(*texts):
    """The text to index for ``texts``: each word folded (and stemmed), followed by its toned token."""
    tokens = []
    for text in texts:
        for word in words(text):
            tokens.append(stem(fold(word)))
            marked = toned(word)
            if marked:
                tokens.append(marked)
    return " ".join(tokens)


def suggest_text(*texts):
    """Folded words only, for prefix (as-you-type) matching."""
    return " ".join(fold(word) for text in texts for word in words(text))


def compatible(raw):
    """What someone typed with compatibility forms unified (NFKC): full-width Latin and spaces from
    a Chinese, Japanese or Korean keyboard ("ｈｏｉ　ａｎ"), ligatures, circled digits. Queries only:
    stored text stays NFC, as catalogued."""
    return unicodedata.normalize("NFKC", raw or "")


def prepare_query(raw):
    """The :class:`SearchText` for what someone typed. An empty result means "no words".

    Raises :class:`QueryError` for a query too long to be a search (a pasted document).
    """
    raw = compatible(raw)
    if len(raw) > MAX_QUERY_CHARS:
        raise QueryError("too_long", MAX_QUERY_CHARS)
    found = words(raw)
    if len(found) > MAX_QUERY_WORDS:
        raise QueryError("too_many_words", MAX_QUERY_WORDS)
    folded = " ".join(stem(fold(word)) for word in found)
    toned_words = [toned(word) for word in found]
    toned_query = " ".join(
        marked or stem(fold(word)) for word, marked in zip(found, toned_words, strict=True)
    )
    return SearchText(folded=folded, toned=toned_query if any(toned_words) else "")


def prepare_prefix(raw):
    """The folded words of an as-you-type query (the last one possibly incomplete)."""
    raw = compatible(raw)[:MAX_QUERY_CHARS]
    return " ".join(fold(word) for word in words(raw)[-MAX_QUERY_WORDS:])


def highlight_spans(text, query):
    """(start, end) character spans of the words of ``text`` whose folded form is in ``query``."""
    wanted = set(query.folded.split())
    if not wanted:
        return []
    nfc_text = unicodedata.normalize("NFC", text)
    return [match.span() for match in _WORD.finditer(nfc_text) if _match_form(match.group()) in wanted]


@functools.lru_cache(maxsize=65536)
def _match_form(word):
    """A word of a summary as a query matches it (folded, stemmed). Summaries share most of their
    words, and a page of results highlights twenty of them: folding each word anew was a third
    of the search API's own time."""
    return stem(fold(word))
