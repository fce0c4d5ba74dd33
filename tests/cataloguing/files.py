"""Real CSV and XLSX files as curators make them."""

import csv
import io
import unicodedata

import openpyxl

ARTEFACT_HEADERS_VI = [
    "Mã định danh",
    "Tên",
    "Số kiểm kê",
    "Nơi lưu giữ",
    "Loại hiện vật",
    "Loại đối tượng",
    "Chất liệu",
    "Văn hóa",
    "Niên đại",
    "Năm sớm nhất",
    "Năm muộn nhất",
    "Cao (mm)",
    "Rộng (mm)",
    "Ảnh",
]


def artefact_rows(count=3, start=1):
    return [
        [
            "",
            f"Tượng Phật số {n}",
            f"BTC-{n:04d}",
            "Bảo tàng Điêu khắc Chăm",
            "Cổ vật",
            "Tượng",
            "Đồng; Sa thạch",
            "Chăm Pa",
            "thế kỷ VII",
            "601",
            "700",
            "1080",
            "420,5",
            "",
        ]
        for n in range(start, start + count)
    ]


def write_csv(path, headers, rows, encoding="utf-8-sig", delimiter=","):
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerows(rows)
    text = buffer.getvalue()
    path.write_bytes(to_cp1258(text) if encoding == "cp1258" else text.encode(encoding))
    return path


TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"


def to_cp1258(text):
    """Encode as Excel does on a Vietnamese Windows: letters such as ô, ơ, ă precomposed, the five
    tones as combining marks after them ("ộ" → "ô" + combining dot below)."""
    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        try:
            out += char.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        decomposed = unicodedata.normalize("NFD", char)
        tones = "".join(mark for mark in decomposed if mark in TONE_MARKS)
        base = unicodedata.normalize("NFC", "".join(mark for mark in decomposed if mark not in TONE_MARKS))
        out += base.encode("cp1258") + tones.encode("cp1258")
    return bytes(out)


def write_xlsx(path, headers, rows):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path
