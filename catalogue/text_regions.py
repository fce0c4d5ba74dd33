"""Where a page's transcription is written on its image: regions, one per line. Pure functions.

A curator types one region per line: the box in the image's pixels, then the characters written
in it, e.g. ``120,80,300,96 來遠橋``. The characters must be the transcription's own, in order:
each region's text is found in the transcription after the previous region's, so every region
covers a known stretch of the text (``start``, ``end``) and a search hit in that stretch can be
drawn on the image. Regions need not cover the whole text.
"""

import re
import unicodedata
from dataclasses import dataclass

_LINE = re.compile(r"^\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s+(\S.*?)\s*$")


@dataclass(frozen=True)
class TextRegion:
    x: int
    y: int
    w: int
    h: int
    text: str
    start: int  # the stretch of the transcription it covers: transcription[start:end] == text
    end: int

    @property
    def xywh(self):
        return f"{self.x},{self.y},{self.w},{self.h}"


class RegionError(ValueError):
    """A line that is not a region of this page: ``line`` (1-based), ``code`` and the line's text."""

    def __init__(self, line, code, text):
        super().__init__(f"line {line}: {code}: {text}")
        self.line, self.code, self.text = line, code, text


def parse(source, transcription, width=None, height=None):
    """The regions written in ``source``, in order; raises RegionError at the first bad line.

    Codes: ``format`` (not "x,y,w,h text"), ``empty`` (zero width or height), ``outside`` (beyond the
    image's ``width`` × ``height`` when given), ``not_in_text`` (the characters are not in the
    transcription after the previous region's)."""
    transcription = unicodedata.normalize("NFC", transcription or "")
    regions, position = [], 0
    for number, raw in enumerate((source or "").splitlines(), start=1):
        if not raw.strip():
            continue
        match = _LINE.match(unicodedata.normalize("NFC", raw))
        if not match:
            raise RegionError(number, "format", raw.strip())
        x, y, w, h = (int(value) for value in match.group(1, 2, 3, 4))
        text = match.group(5)
        if w == 0 or h == 0:
            raise RegionError(number, "empty", raw.strip())
        if width is not None and height is not None and (x + w > width or y + h > height):
            raise RegionError(number, "outside", raw.strip())
        start = transcription.find(text, position)
        if start < 0:
            raise RegionError(number, "not_in_text", text)
        position = start + len(text)
        regions.append(TextRegion(x, y, w, h, text, start, position))
    return regions


def boxes_for(regions, start, end):
    """The regions covering any of ``transcription[start:end]`` — where a hit is on the image."""
    return [region for region in regions if region.start < end and start < region.end]


def union(regions):
    """One box around the given regions, ``(x, y, w, h)``; None when there are none."""
    if not regions:
        return None
    left = min(r.x for r in regions)
    top = min(r.y for r in regions)
    right = max(r.x + r.w for r in regions)
    bottom = max(r.y + r.h for r in regions)
    return (left, top, right - left, bottom - top)


def _is_ideograph(char):
    # A letter of the CJK blocks (Nôm included, in the extensions), not its punctuation (。、).
    return unicodedata.category(char) == "Lo" and unicodedata.name(char, "").startswith("CJK")


def reading_to_text(transcription, transliteration, start, end):
    """The stretch of the transcription that ``transliteration[start:end]`` reads, or None.

    A Sino-Vietnamese reading gives one syllable per character, so the n-th syllable reads the
    n-th ideograph; when the counts differ (notes, Nôm glosses) nothing is claimed."""
    characters = [i for i, char in enumerate(transcription or "") if _is_ideograph(char)]
    syllables = [m.span() for m in re.finditer(r"\w+", transliteration or "")]
    if not characters or len(characters) != len(syllables):
        return None
    covered = [n for n, (s, e) in enumerate(syllables) if s < end and start < e]
    if not covered:
        return None
    return characters[covered[0]], characters[covered[-1]] + 1
