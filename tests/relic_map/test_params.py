"""Parsing map filters: pure, no Django."""

import pytest

from relic_map.params import MAX_VALUES, ParameterError, parse_map_filters

ALLOWED = {
    "ranking": ("world_heritage", "national", "provincial"),
    "category": ("archaeological", "historical"),
    "district": ("hoi-an", "duy-xuyen"),
}


def parse(**query):
    return parse_map_filters(
        {k: v if isinstance(v, list) else [v] for k, v in query.items()}, ALLOWED, ("vi", "en"), "vi"
    )


def test_no_parameters_mean_every_site_in_vietnamese():
    filters = parse()
    assert (filters.ranking, filters.category, filters.district, filters.bbox, filters.language) == (
        frozenset(),
        frozenset(),
        frozenset(),
        None,
        "vi",
    )
    assert filters.keeps("national", "historical", "")


def test_values_repeated_or_comma_separated_are_alternatives_and_filters_combine():
    filters = parse(ranking=["national,provincial", "world_heritage"], district="hoi-an", lang="en")
    assert filters.ranking == {"national", "provincial", "world_heritage"}
    assert filters.language == "en"
    assert filters.keeps("national", "historical", "hoi-an")
    assert not filters.keeps("national", "historical", "duy-xuyen")
    assert parse(ranking="national, provincial ,").ranking == {"national", "provincial"}


def test_the_cache_key_ignores_order():
    assert (
        parse(ranking="national,provincial").cache_key() == parse(ranking="provincial,national").cache_key()
    )
    assert parse(ranking="national").cache_key() != parse(category="historical").cache_key()


def test_bbox_is_west_south_east_north():
    assert parse(bbox="108.2,15.7,108.4,15.9").bbox == (108.2, 15.7, 108.4, 15.9)


@pytest.mark.parametrize(
    ("query", "param", "reason"),
    [
        ({"ranking": "world-heritage"}, "ranking", "unknown"),
        ({"district": "Hội An"}, "district", "unknown"),
        ({"ranking": ",".join(f"x{n}" for n in range(MAX_VALUES + 1))}, "ranking", "too_many_values"),
        ({"bbox": "1,2,3"}, "bbox", "wrong_count"),
        ({"bbox": "a,b,c,d"}, "bbox", "not_a_number"),
        ({"bbox": "nan,15,108,16"}, "bbox", "out_of_range"),
        ({"bbox": "15.7,108.2,15.9,108.4"}, "bbox", "out_of_range"),  # lat,lon order by mistake
        ({"bbox": "108.4,15.7,108.2,15.9"}, "bbox", "inverted"),
        ({"lang": "fr"}, "lang", "unknown"),
    ],
)
def test_bad_parameters_name_the_parameter_and_the_reason(query, param, reason):
    with pytest.raises(ParameterError) as raised:
        parse(**query)
    assert (raised.value.param, raised.value.reason) == (param, reason)
