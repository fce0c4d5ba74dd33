"""The pure matching of a query in a document page's texts (iiif.text_match)."""

import unicodedata

from iiif import text_match
from iiif.text_match import find, find_in_texts, marked

PLAQUE = "來遠橋"
READING = "Lai Viễn Kiều"
TRANSLATION = "The Bridge of Friends from Afar; bridges were built by the Japanese community."


def spans(hits):
    return [(h.field, h.match) for h in hits]


def test_han_characters_match_anywhere_in_the_transcription():
    assert spans(find(PLAQUE, "橋", "transcription")) == [("transcription", "橋")]
    assert spans(find(PLAQUE, "遠橋", "transcription")) == [("transcription", "遠橋")]
    assert find(PLAQUE, "廣", "transcription") == []


def test_han_query_is_nfkc_normalised():
    # U+F9C6 is a CJK compatibility ideograph whose NFKC form is the unified 樂 (U+6A02).
    compat = "\uf914"
    unified = unicodedata.normalize("NFKC", compat)
    assert compat != unified
    assert spans(find(f"音{unified}", compat, "transcription")) == [("transcription", unified)]
    # Full-width Latin typed by an input method reads as plain Latin.
    assert spans(find("Cầu Nhật Bản", "ｎｈａｔ", "translation")) == [("translation", "Nhật")]


def test_reading_matches_without_tones_and_only_with_the_tones_given():
    assert spans(find(READING, "lai vien kieu", "transliteration")) == [("transliteration", READING)]
    assert spans(find(READING, "VIEN", "transliteration")) == [("transliteration", "Viễn")]
    assert spans(find(READING, "Viễn", "transliteration")) == [("transliteration", "Viễn")]
    assert find(READING, "Viên", "transliteration") == [], "marks given are marks required"
    assert find("Kiêu", "kiều", "transliteration") == []


def test_d_with_stroke_folds_to_d():
    assert spans(find("Đại Việt", "dai viet", "transliteration")) == [("transliteration", "Đại Việt")]
    assert spans(find("Đại Việt", "Đại", "transliteration")) == [("transliteration", "Đại")]


def test_reading_matches_whole_syllables():
    assert find("Hội An vạn ang", "an", "transliteration") != []
    assert [h.start for h in find("Hội An vạn ang", "an", "transliteration")] == [4]
    assert find("Quang", "an", "transliteration") == []


def test_translation_is_case_insensitive_and_matches_word_starts():
    hits = find(TRANSLATION, "BRIDGE", "translation")
    assert spans(hits) == [("translation", "Bridge"), ("translation", "bridge")]
    assert [TRANSLATION[h.start : h.end] for h in hits] == ["Bridge", "bridge"]
    assert find(TRANSLATION, "ridge", "translation") == [], "a match starts at a word"


def test_phrase_matches_across_different_separators_and_decomposed_text():
    decomposed = unicodedata.normalize("NFD", "Lai  Viễn,\nKiều")
    hits = find(decomposed, "lai-vien kieu", "transliteration")
    composed = unicodedata.normalize("NFC", decomposed)
    assert len(hits) == 1 and (hits[0].start, hits[0].end) == (0, len(composed)), "offsets in the NFC text"
    assert hits[0].match == composed


def test_hits_carry_the_words_around_them():
    text = "Chùa Cầu, cũng gọi là cầu Nhật Bản, được người Nhật xây dựng ở Hội An vào thế kỷ XVII."
    (hit,) = find(text, "hoi an", "translation")
    assert hit.match == "Hội An"
    assert hit.before.endswith("dựng ở ") and hit.after.startswith(" vào")
    assert text[hit.start : hit.end] == "Hội An"


def test_context_is_cut_at_whole_words():
    text = " ".join(["chữ"] * 30) + " Hội An " + " ".join(["nghĩa"] * 30)
    (hit,) = find(text, "hoi an", "translation")
    assert hit.before.startswith("…chữ") and hit.after.endswith("nghĩa…")
    assert len(hit.before) <= text_match.CONTEXT_CHARS + 1


def test_find_in_texts_goes_field_by_field():
    texts = {"transcription": PLAQUE, "transliteration": READING, "translation": "Lai Vien bridge"}
    assert spans(find_in_texts(texts, "lai vien")) == [
        ("transliteration", "Lai Viễn"),
        ("translation", "Lai Vien"),
    ]


def test_empty_and_unknown_inputs_find_nothing():
    assert find(READING, "", "transliteration") == []
    assert find(READING, "   ", "transliteration") == []
    assert find("", "lai", "transliteration") == []
    assert find(READING, "lai", "label") == []
    assert find(READING, "x" * 5000, "transliteration") == []


def test_marked_splits_text_around_matches():
    hits = find(TRANSLATION, "bridge", "translation")
    segments = marked(TRANSLATION, hits)
    assert "".join(text for text, _ in segments) == TRANSLATION
    assert [text for text, is_match in segments if is_match] == ["Bridge", "bridge"]
