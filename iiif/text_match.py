"""Finding a query in the texts of a document's pages. Pure functions, no Django.

A reader searches a Hán-Nôm document three ways, and each field is matched the way it is written:

- **transcription** (Hán or Nôm characters): compared after NFKC, so compatibility ideographs and
  full-width forms typed by an input method find the unified characters of the transcription;
  characters have no word boundaries, so a match may start anywhere ("橋" finds "來遠橋").
- **transliteration** (the Sino-Vietnamese reading): a query without tone or vowel marks matches
  any marks ("lai vien kieu" finds "Lai Viễn Kiều"; đ counts as d); a query with marks matches
  those marks only ("kiều" does not find "kiêu"). Matches are whole syllables, so "an" does not
  find "an" inside "vạn" or "ang".
- **translation** (Vietnamese or English): the same folding, case-insensitive; a match starts at
  a word boundary and may end inside a word, so "bridge" finds "bridges".

Several words are one phrase: spaces and punctuation between them may differ ("lai-vien" finds
"Lai Viễn"). Every match is reported on the original text (offsets, and the words around it), so
a page can highlight what the reader typed in what the scribe wrote.
"""

import re
import unicodedata
from dataclasses import dataclass

FIELDS = ("transcription", "transliteration", "translation")
CONTEXT_CHARS = 40
MAX_QUERY_CHARS = 200

_SPACE = re.compile(r"[\W_]+")


@dataclass(frozen=True)
class Hit:
    """One match in one text: ``text[start:end]`` is what matched."""

    field: str
    start: int
    end: int
    before: str
    match: str
    after: str


def _strip_marks(char):
    decomposed = unicodedata.normalize("NFD", char)
    base = "".join(c for c in decomposed if not unicodedata.combining(c))
    return base.replace("đ", "d").replace("Đ", "D")


def _fold_char(char, toneless):
    """The comparable form of one character: NFKC, case-folded, separators as one space, marks
    stripped when ``toneless``. May be several characters (NFKC of ligatures) or none."""
    if unicodedata.combining(char):  # a mark NFC could not compose: part of its letter
        return "" if toneless else char
    text = unicodedata.normalize("NFKC", char)
    if _SPACE.fullmatch(text):
        return " "
    text = text.casefold()
    if toneless:
        text = _strip_marks(text)
    return unicodedata.normalize("NFC", text)


def _folded(text, toneless):
    """``(folded, origin)``: the folded text with runs of separators as one space, and for each of
    its characters the offset of the original character it came from."""
    out, origin = [], []
    for offset, char in enumerate(text):
        piece = _fold_char(char, toneless)
        if piece == " " and (not out or out[-1] == " "):
            continue
        for folded_char in piece:
            out.append(folded_char)
            origin.append(offset)
    return "".join(out), origin


def normalise_query(query):
    """The query as searched: NFKC, NFC, separators collapsed, trimmed; at most MAX_QUERY_CHARS."""
    text = unicodedata.normalize("NFC", unicodedata.normalize("NFKC", query or ""))
    return " ".join(_SPACE.sub(" ", text).split())[:MAX_QUERY_CHARS]


def has_marks(query):
    """Whether the query carries Vietnamese tone or vowel marks (or đ)."""
    return _strip_marks(query) != query


def _is_word_char(char):
    return char.isalnum() and not _is_ideograph(char)


def _is_ideograph(char):
    return unicodedata.name(char, "").startswith(("CJK", "IDEOGRAPHIC"))


def find(text, query, field):
    """Every match of ``query`` in ``text`` (one field of a page), in order, as ``Hit``\\ s.

    Offsets are in the NFC form of ``text`` (stored texts are NFC already)."""
    query = normalise_query(query)
    text = unicodedata.normalize("NFC", text or "")
    if not text or not query or field not in FIELDS:
        return []
    toneless = field != "transcription" and not has_marks(query)
    needle, _ = _folded(query, toneless)
    haystack, origin = _folded(text, toneless)
    needle = needle.strip()
    if not needle:
        return []
    whole_syllables = field == "transliteration"
    hits, position = [], 0
    while (found := haystack.find(needle, position)) >= 0:
        position = found + 1
        end = found + len(needle)
        if _is_word_char(needle[0]) and found > 0 and _is_word_char(haystack[found - 1]):
            continue
        ends_inside_a_syllable = end < len(haystack) and _is_word_char(haystack[end])
        if whole_syllables and _is_word_char(needle[-1]) and ends_inside_a_syllable:
            continue
        start_offset = origin[found]
        end_offset = origin[end - 1] + 1
        hits.append(_hit(text, field, start_offset, end_offset))
        position = end
    return hits


def _hit(text, field, start, end):
    before = text[max(0, start - CONTEXT_CHARS) : start]
    after = text[end : end + CONTEXT_CHARS]
    # Context starts and ends on whole words where the text has them.
    if start > CONTEXT_CHARS and " " in before:
        before = "…" + before.split(" ", 1)[1]
    if end + CONTEXT_CHARS < len(text) and " " in after:
        after = after.rsplit(" ", 1)[0] + "…"
    return Hit(field=field, start=start, end=end, before=before, match=text[start:end], after=after)


def find_in_texts(texts, query):
    """Matches in the texts of one page, ``{field: text}``, field by field in FIELDS order."""
    return [hit for field in FIELDS for hit in find(texts.get(field) or "", query, field)]


def marked(text, hits):
    """``[(segment, is_match)]`` covering ``text``, for templates to wrap the matches in ``<mark>``."""
    segments, position = [], 0
    for hit in sorted(hits, key=lambda h: h.start):
        if hit.start < position:
            continue
        if hit.start > position:
            segments.append((text[position : hit.start], False))
        segments.append((text[hit.start : hit.end], True))
        position = hit.end
    if position < len(text):
        segments.append((text[position:], False))
    return segments
