"""search.text and search.params are pure: tested without Django or a database."""

import unicodedata

import pytest

from search.params import ParameterError, parse_search_params
from search.text import (
    MAX_QUERY_CHARS,
    QueryError,
    fold,
    highlight_spans,
    index_text,
    prepare_prefix,
    prepare_query,
    stem,
    toned,
)


class Params(dict):
    def getlist(self, key):
        value = self.get(key)
        return [] if value is None else value if isinstance(value, list) else [value]


@pytest.mark.parametrize(
    ("word", "folded"),
    [
        ("Hội", "hoi"),
        ("HỘI", "hoi"),
        ("Đồng", "dong"),
        ("đ", "d"),
        ("Dương", "duong"),
        ("Chăm", "cham"),
        ("Mỹ", "my"),
        ("Sơn", "son"),
        ("Quảng", "quang"),
        ("漢字", "漢字"),
        ("café", "cafe"),
    ],
)
def test_fold_removes_tones_and_the_stroke_of_d(word, folded):
    assert fold(word) == folded
    assert fold(unicodedata.normalize("NFD", word)) == folded


def test_toned_tokens_tell_tones_apart_and_survive_nfd():
    assert toned("Chàm") != toned("Chăm") != toned("Châm")
    assert toned("Sơn") != toned("Sổn")
    assert toned("Hội") == toned(unicodedata.normalize("NFD", "Hội")) == toned("HỘI")
    assert toned("Đông") != toned("Dông") != ""
    assert toned("an") == "" and toned("lantern") == ""
    assert toned("naïve") == ""  # a mark Vietnamese does not use: folded only, not toned
    assert toned("Hội").isascii() and toned("Hội").isalnum()  # one token for every tokenizer


def test_english_plurals_are_reduced_and_vietnamese_untouched():
    assert [stem(w) for w in ("lanterns", "houses", "churches", "bodies", "glass", "chăm", "son")] == [
        "lantern",
        "house",
        "church",
        "body",
        "glass",
        "chăm",
        "son",
    ]


def test_the_index_holds_folded_words_and_toned_tokens():
    assert index_text("Phố cổ Hội An") == f"pho {toned('Phố')} co {toned('cổ')} hoi {toned('Hội')} an"


def test_queries_are_folded_and_keep_their_tones_when_typed():
    assert prepare_query("hoi an") == prepare_query("Hoi An")
    assert prepare_query("hoi an").toned == ""
    marked = prepare_query("Hội An")
    assert marked.folded == "hoi an" and marked.toned == f"{toned('Hội')} an"
    assert prepare_query(unicodedata.normalize("NFD", "Hội An")) == marked


@pytest.mark.parametrize("raw", ["", "   ", "*:*", ")(", "\\", '"', "🏯", "\x00", "!!!"])
def test_queries_without_words_are_empty(raw):
    assert not prepare_query(raw)


def test_query_syntax_is_read_as_plain_words():
    assert prepare_query("title:* AND (hoi OR an)").folded == "title and hoi or an"
    assert prepare_query("漢字 Hội An").folded == "漢字 hoi an"


def test_overlong_queries_are_refused():
    with pytest.raises(QueryError) as error:
        prepare_query("x" * (MAX_QUERY_CHARS + 1))
    assert error.value.reason == "too_long"
    with pytest.raises(QueryError) as error:
        prepare_query("hoi " * 25)
    assert error.value.reason == "too_many_words"
    assert prepare_prefix("x" * 10_000)  # suggestions cut instead: the box is typed into, not pasted


def test_highlight_spans_match_folded_words():
    text = "Đèn lồng Hội An"
    spans = highlight_spans(text, prepare_query("den long"))
    assert [text[a:b] for a, b in spans] == ["Đèn", "lồng"]


def test_parse_search_params_defaults_and_values():
    params = parse_search_params(
        Params(q="hoi an", ranking=["national", "national", " "], page="2"), ["ranking"]
    )
    assert params.filters == {"ranking": ("national",)}
    assert (params.sort, params.page, params.size, params.offset) == ("relevance", 2, 20, 20)
    assert parse_search_params(Params(), []).sort == "title"
    near = parse_search_params(Params(near="15.88,108.33"), [])
    assert near.sort == "distance" and near.near == (15.88, 108.33, 10.0)
    west, south, east, north = near.area()
    assert south < 15.88 < north and west < 108.33 < east


@pytest.mark.parametrize(
    ("given", "param", "reason"),
    [
        ({"page": "x"}, "page", "not_a_number"),
        ({"size": "51"}, "size", "out_of_range"),
        ({"sort": "random"}, "sort", "unknown"),
        ({"bbox": "108,16,107,15"}, "bbox", "inverted"),
        ({"bbox": "inf,1,2,3"}, "bbox", "not_a_number"),
        ({"near": "15,200"}, "near", "out_of_range"),
        ({"near": "15,108", "km": "0"}, "km", "out_of_range"),
        ({"sort": "distance"}, "sort", "distance_needs_near"),
    ],
)
def test_parse_search_params_refuses_what_it_cannot_search(given, param, reason):
    with pytest.raises(ParameterError) as error:
        parse_search_params(Params(given), ["ranking"])
    assert (error.value.param, error.value.reason) == (param, reason)
