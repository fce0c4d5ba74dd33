"""The spreadsheet columns of each record type: headers in both languages, kind, vocabulary, example.

One declaration serves the importer, the exporter and the downloadable template, so the three cannot
drift apart. Headers are fixed strings (not translated by the UI language) because a file written by a
Vietnamese office must import the same in an English admin, and the reverse.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from catalogue.models import (
    ArtefactPage,
    ArtefactStatus,
    Culture,
    DocumentaryPage,
    DocumentType,
    Inscription,
    Institution,
    IntangiblePage,
    Language,
    Material,
    ObjectType,
    Period,
    Ranking,
    Script,
    SiteCategory,
    SitePage,
    UnescoDomain,
)
from catalogue.models.places import FORMER_DISTRICTS
from images.models import RIGHTS_CHOICES

# Kinds of value, each parsed by cataloguing.values.
TEXT, INTEGER, DECIMAL, DATE, BOOLEAN, CHOICE, TERM, TERMS, RECORD, RECORDS, IMAGES = (
    "text",
    "integer",
    "decimal",
    "date",
    "boolean",
    "choice",
    "term",
    "terms",
    "record",
    "records",
    "images",
)

KIND_LABELS = {
    TEXT: _("text"),
    INTEGER: _("whole number"),
    DECIMAL: _("number (decimal point or comma)"),
    DATE: _("date (YYYY-MM-DD or DD/MM/YYYY)"),
    BOOLEAN: _("yes / no (có / không)"),
    CHOICE: _("one of the listed values"),
    TERM: _("a vocabulary term, by its Vietnamese or English label"),
    TERMS: _("vocabulary terms separated by ;"),
    RECORD: _("identifier of a heritage site, e.g. QN-DT-0001"),
    RECORDS: _("identifiers of heritage sites separated by ;"),
    IMAGES: _("image file names or IIIF identifiers separated by ;"),
}


@dataclass(frozen=True)
class Column:
    key: str  # the model field (or "images")
    vi: str
    en: str
    kind: str = TEXT
    required: bool = False
    choices: tuple = ()  # (value, label) pairs for CHOICE
    vocabulary: type | None = None  # the VocabularyTerm model for TERM/TERMS
    example: str = ""
    help: str = field(default="", compare=False)

    def header(self, language):
        return self.vi if language == "vi" else self.en


COMMON_HEAD = (
    Column(
        "identifier",
        "Mã định danh",
        "Identifier",
        example="QN-HV-0001",
        help=_("Leave empty for a new record: the next number is given. Used to find the record again."),
    ),
    Column("title", "Tên", "Title", required=True, example="Tượng Phật Đồng Dương"),
    Column("summary", "Tóm tắt", "Summary", example="Tượng Phật bằng đồng, thế kỷ IV–VI."),
)
DATING = (
    Column("dating", "Niên đại", "Dating", example="thế kỷ VII"),
    Column(
        "earliest_year", "Năm sớm nhất", "Earliest year", INTEGER, example="601", help=_("Negative for BCE.")
    ),
    Column("latest_year", "Năm muộn nhất", "Latest year", INTEGER, example="700"),
)
COMMON_TAIL = (
    Column(
        "rights",
        "Quyền sử dụng",
        "Rights",
        CHOICE,
        choices=tuple(RIGHTS_CHOICES),
        example="http://rightsstatements.org/vocab/InC-EDU/1.0/",
    ),
    Column("credit_line", "Ghi công", "Credit line", example="Bảo tàng Điêu khắc Chăm Đà Nẵng"),
    Column(
        "sources",
        "Nguồn",
        "Sources",
        example="Trần Kỳ Phương (2008), Mỹ Sơn…",
        help=_("Published sources, one per line within the cell."),
    ),
    Column("unverified_facts", "Dữ kiện chưa kiểm chứng", "Unverified facts"),
    Column(
        "images",
        "Ảnh",
        "Images",
        IMAGES,
        example="BTC-0012.tif; BTC-0012_2.tif",
        help=_(
            "File names in the images folder, or IIIF identifiers of images already in the archive. "
            "Empty: files named after the inventory number or identifier are attached; "
            "existing images are kept."
        ),
    ),
)

SITE = (
    *COMMON_HEAD,
    Column("ranking", "Xếp hạng", "Ranking", CHOICE, choices=tuple(Ranking.choices), example="national"),
    Column("recognition_decision", "Quyết định xếp hạng", "Recognition decision", example="1419/QĐ-TTg"),
    Column("recognition_date", "Ngày xếp hạng", "Recognition date", DATE, example="2009-08-21"),
    Column(
        "category",
        "Loại hình",
        "Category",
        CHOICE,
        choices=tuple(SiteCategory.choices),
        example="architectural_artistic",
    ),
    *DATING,
    Column("latitude", "Vĩ độ", "Latitude", DECIMAL, example="15.764"),
    Column("longitude", "Kinh độ", "Longitude", DECIMAL, example="108.124"),
    Column("commune", "Xã / phường", "Commune / ward", example="xã Thu Bồn"),
    Column("city", "Thành phố / tỉnh", "City / province", example="thành phố Đà Nẵng"),
    Column(
        "former_district",
        "Huyện cũ",
        "Former district",
        CHOICE,
        choices=tuple(FORMER_DISTRICTS),
        example="duy-xuyen",
    ),
    Column("former_province", "Tỉnh cũ", "Former province", example="tỉnh Quảng Nam"),
    Column("part_of", "Thuộc di tích", "Part of", RECORD, example="QN-DT-0001"),
    Column("sensitive", "Vị trí nhạy cảm", "Sensitive location", BOOLEAN, example="không"),
    *COMMON_TAIL,
)

ARTEFACT = (
    *COMMON_HEAD,
    Column(
        "inventory_number",
        "Số kiểm kê",
        "Inventory number",
        example="BTC-0012",
        help=_("Unique within the holding institution; finds the record again on a later import."),
    ),
    Column(
        "holding_institution",
        "Nơi lưu giữ",
        "Holding institution",
        TERM,
        vocabulary=Institution,
        example="Bảo tàng Điêu khắc Chăm",
    ),
    Column(
        "status",
        "Loại hiện vật",
        "Heritage status",
        CHOICE,
        choices=tuple(ArtefactStatus.choices),
        example="antique",
    ),
    Column("status_decision", "Quyết định công nhận", "Status decision"),
    Column("object_type", "Loại đối tượng", "Object type", TERM, vocabulary=ObjectType, example="Tượng"),
    Column("materials", "Chất liệu", "Materials", TERMS, vocabulary=Material, example="Sa thạch; Đồng"),
    Column("technique", "Kỹ thuật", "Technique", example="Chạm khắc"),
    Column("culture", "Văn hóa", "Culture", TERM, vocabulary=Culture, example="Chăm Pa"),
    Column("period", "Thời kỳ", "Period", TERM, vocabulary=Period),
    Column("findspot", "Nơi phát hiện", "Findspot", RECORD, example="QN-DT-0001"),
    *DATING,
    Column("height_mm", "Cao (mm)", "Height (mm)", DECIMAL, example="1080"),
    Column("width_mm", "Rộng (mm)", "Width (mm)", DECIMAL, example="420,5"),
    Column("depth_mm", "Dày (mm)", "Depth (mm)", DECIMAL),
    Column("diameter_mm", "Đường kính (mm)", "Diameter (mm)", DECIMAL),
    Column("weight_g", "Trọng lượng (g)", "Weight (g)", DECIMAL),
    Column("condition", "Tình trạng", "Condition", example="Nguyên vẹn"),
    *COMMON_TAIL,
)

INTANGIBLE = (
    *COMMON_HEAD,
    Column(
        "unesco_domain",
        "Loại hình UNESCO",
        "UNESCO domain",
        CHOICE,
        required=True,
        choices=tuple(UnescoDomain.choices),
        example="performing_arts",
    ),
    Column(
        "inscription",
        "Danh mục",
        "Inscription",
        CHOICE,
        choices=tuple(Inscription.choices),
        example="national_inventory",
    ),
    Column("inscription_year", "Năm ghi danh", "Inscription year", INTEGER, example="2017"),
    Column("inscription_decision", "Quyết định ghi danh", "Inscription decision"),
    *DATING,
    Column("communities", "Cộng đồng", "Communities", example="Hội An, Duy Xuyên"),
    Column("related_sites", "Di tích liên quan", "Related sites", RECORDS, example="QN-DT-0002"),
    *COMMON_TAIL,
)

DOCUMENTARY = (
    *COMMON_HEAD,
    Column(
        "doc_type",
        "Loại tư liệu",
        "Document type",
        CHOICE,
        required=True,
        choices=tuple(DocumentType.choices),
        example="royal_ordinance",
    ),
    Column("issued_by", "Người ban hành / tác giả", "Issued by / author", example="Vua Tự Đức"),
    Column("scripts", "Chữ viết", "Scripts", TERMS, vocabulary=Script, example="Chữ Hán"),
    Column("languages", "Ngôn ngữ", "Languages", TERMS, vocabulary=Language),
    Column("holding_institution", "Nơi lưu giữ", "Holding institution", TERM, vocabulary=Institution),
    Column("about_sites", "Di tích được đề cập", "Sites it is about", RECORDS, example="QN-DT-0001"),
    *DATING,
    *COMMON_TAIL,
)


@dataclass(frozen=True)
class RecordType:
    key: str
    model: type
    columns: tuple
    vi: str
    en: str

    def column(self, key):
        return next(c for c in self.columns if c.key == key)


RECORD_TYPES = {
    rt.key: rt
    for rt in (
        RecordType("site", SitePage, SITE, "di tích", "heritage site"),
        RecordType("artefact", ArtefactPage, ARTEFACT, "hiện vật", "artefact"),
        RecordType("intangible", IntangiblePage, INTANGIBLE, "di sản phi vật thể", "intangible heritage"),
        RecordType("documentary", DocumentaryPage, DOCUMENTARY, "di sản tư liệu", "documentary heritage"),
    )
}
