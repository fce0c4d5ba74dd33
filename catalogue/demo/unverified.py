"""How the demo names its unverified facts to readers, in Vietnamese and English."""

# Names of the data keys that may be listed as unverified, as readers see them (vi, en).
UNVERIFIED_LABELS = {
    "inventory_number": ("số kiểm kê", "inventory number"),
    "coordinates": ("tọa độ", "coordinates"),
    "decision_date": ("ngày quyết định", "decision date"),
    "decision_number": ("số quyết định", "decision number"),
    "earliest_year": ("năm sớm nhất", "earliest year"),
    "latest_year": ("năm muộn nhất", "latest year"),
    "dating": ("niên đại", "dating"),
    "materials": ("chất liệu", "materials"),
    "holding_institution": ("đơn vị lưu giữ", "holding institution"),
    "commune": ("xã/phường hiện nay", "current commune/ward"),
    "technique": ("kỹ thuật", "technique"),
    "district_historical": ("huyện (cũ)", "former district"),
    "province_historical": ("tỉnh (cũ)", "former province"),
    "findspot": ("địa điểm phát hiện", "findspot"),
    "findspot_site": (
        "nơi phát hiện chưa có bản ghi di tích riêng",
        "the findspot has no site record of its own",
    ),
    "ranking": ("xếp hạng", "ranking"),
    "treasure_decision": ("quyết định công nhận bảo vật", "treasure decision"),
    "treasure_year": ("năm công nhận bảo vật", "treasure year"),
    "condition": ("tình trạng", "condition"),
    "inscription_decision": ("quyết định ghi danh", "inscription decision"),
    "inscription_year": ("năm ghi danh", "inscription year"),
    "summary": ("tóm tắt", "summary"),
    "transcription": ("nguyên văn", "transcription"),
    "pages": ("các trang", "pages"),
    "category": ("loại hình", "category"),
    "height_mm": ("chiều cao", "height"),
    "weight_g": ("trọng lượng", "weight"),
    "title": ("tên gọi", "title"),
    "object_type": ("loại hiện vật", "object type"),
    "unesco_domain": ("loại hình UNESCO", "UNESCO domain"),
    "issued_by": ("người ban hành", "issuer"),
    "doc_type": ("loại tư liệu", "document type"),
    "protection_zones": (
        "ranh giới và khu vực bảo vệ (vẽ minh hoạ, không phải khoanh vùng pháp lý)",
        "boundary and protection zones (drawn for illustration, not the legal demarcation)",
    ),
}


def unverified(item, language):
    """The record's unverified facts named in ``language`` (0 = vi, 1 = en), each once."""
    names = []
    for key in item.get("uncertain", []):
        base = key.removesuffix("_vi").removesuffix("_en")
        name = UNVERIFIED_LABELS.get(base, (base.replace("_", " "),) * 2)[language]
        if name not in names:
            names.append(name)
    return ", ".join(names)
