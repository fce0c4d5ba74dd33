"""The pure parts: cell values, header matching, record type recognition, slugs."""

from datetime import date
from decimal import Decimal

import pytest

from catalogue.slugs import ascii_slug
from cataloguing import columns as c
from cataloguing.planning import detect_type
from cataloguing.tables import FileProblem, decode_csv_bytes, header_key, read_table
from cataloguing.values import CellError, escape_formula, format_value, parse_cell


@pytest.mark.parametrize(
    ("kind", "raw", "expected"),
    [
        (c.DECIMAL, "420,5", Decimal("420.5")),
        (c.DECIMAL, 1080, Decimal("1080")),
        (c.DECIMAL, " 1 080 ", Decimal("1080")),
        (c.INTEGER, "-200", -200),
        (c.INTEGER, 601.0, 601),
        (c.DATE, "21/08/2009", date(2009, 8, 21)),
        (c.DATE, "2009-08-21", date(2009, 8, 21)),
        (c.BOOLEAN, "Có", True),
        (c.BOOLEAN, "khong", False),
        (c.TERMS, "Đồng; Sa thạch\nGỗ", ["Đồng", "Sa thạch", "Gỗ"]),
        (c.TEXT, "'=SUM(A1)", "=SUM(A1)"),
        (c.TEXT, "Ho\u0302\u0323i An", "Hội An"),
    ],
)
def test_cells_parse_as_curators_type_them(kind, raw, expected):
    assert parse_cell(c.Column("x", "x", "x", kind), raw) == expected


@pytest.mark.parametrize(
    ("kind", "raw"),
    [(c.DECIMAL, "một trăm"), (c.INTEGER, "năm 601"), (c.DATE, "31/02/2009"), (c.BOOLEAN, "có lẽ")],
)
def test_bad_cells_are_refused_with_the_value_named(kind, raw):
    with pytest.raises(CellError) as error:
        parse_cell(c.Column("x", "x", "x", kind), raw)
    assert raw in str(error.value)


def test_required_and_choice_cells():
    ranking = c.RECORD_TYPES["site"].column("ranking")
    assert parse_cell(ranking, "National relic") == "national"
    assert parse_cell(ranking, "national") == "national"
    with pytest.raises(CellError):
        parse_cell(ranking, "quốc tế")
    with pytest.raises(CellError):
        parse_cell(c.RECORD_TYPES["site"].column("title"), "  ")


def test_export_formatting_imports_back():
    column = c.Column("x", "x", "x", c.DECIMAL)
    assert parse_cell(column, format_value(column, Decimal("1080.0"))) == Decimal("1080")
    text = c.Column("x", "x", "x")
    assert escape_formula("=HYPERLINK()") == "'=HYPERLINK()"
    assert parse_cell(text, format_value(text, "-5 °C")) == "-5 °C"


def test_headers_match_without_tones_and_the_type_is_recognised():
    assert header_key("  Số  kiểm kê ") == header_key("so kiem ke") == "so kiem ke"
    assert detect_type(["Tên", "Số kiểm kê", "Chất liệu"]).key == "artefact"
    assert detect_type(["Title", "Ranking", "Latitude"]).key == "site"
    assert detect_type(["Title", "Summary"]) is None


def test_encodings_and_file_limits(tmp_path):
    assert decode_csv_bytes("Tên".encode("utf-8-sig")) == ("Tên", "UTF-8 (BOM)")
    assert decode_csv_bytes(b"T\xean")[1] == "Windows-1258"
    big = tmp_path / "big.csv"
    big.write_bytes(b"a,b\n" * 300)
    with pytest.raises(FileProblem, match="MB"):
        read_table(big, max_bytes=1000)
    with pytest.raises(FileProblem):
        read_table(b"hello", name="notes.docx")


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Đài thờ Trà Kiệu", "dai-tho-tra-kieu"),
        ("Tượng Phật Đồng Dương", "tuong-phat-dong-duong"),
        ("ĐÌNH CẨM PHÔ", "dinh-cam-pho"),
        ("Chùa Cầu (Lai Viễn Kiều)", "chua-cau-lai-vien-kieu"),
    ],
)
def test_slugs_are_ascii_without_tones(title, slug):
    assert ascii_slug(title) == slug
