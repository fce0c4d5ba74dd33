"""The demo's home page and section (index) pages, in Vietnamese and English."""

from ..models import ArtefactIndexPage, DocumentaryIndexPage, IntangibleIndexPage, SiteIndexPage

HOME_EN = {
    "title": "Quảng Nam Heritage",
    "intro": (
        "The digital archive of the cultural heritage of Quảng Nam: relics, artefacts, intangible and "
        "documentary heritage."
    ),
}
SECTIONS = {
    "site": (
        SiteIndexPage,
        {
            "slug": "di-tich",
            "title": "Di tích",
            "intro": "Di tích lịch sử – văn hóa và danh lam "
            "thắng cảnh của vùng di sản Quảng Nam, từ Di sản Thế giới đến di tích cấp tỉnh.",
        },
        {
            "slug": "sites",
            "title": "Heritage sites",
            "intro": "Historic and cultural relics and scenic "
            "landscapes of the Quảng Nam heritage region, from World Heritage to provincial relics.",
        },
    ),
    "artefact": (
        ArtefactIndexPage,
        {
            "slug": "hien-vat",
            "title": "Hiện vật",
            "intro": "Bảo vật quốc gia, cổ vật và hiện vật quý hiếm tìm thấy ở Quảng Nam.",
        },
        {
            "slug": "artefacts",
            "title": "Artefacts",
            "intro": "National treasures, antiques and rare artefacts found in Quảng Nam.",
        },
    ),
    "intangible": (
        IntangibleIndexPage,
        {
            "slug": "phi-vat-the",
            "title": "Di sản văn hóa phi vật thể",
            "intro": "Nghệ thuật trình diễn, lễ hội và nghề thủ công truyền thống.",
        },
        {
            "slug": "intangible-heritage",
            "title": "Intangible heritage",
            "intro": "Performing arts, festivals and traditional crafts.",
        },
    ),
    "documentary": (
        DocumentaryIndexPage,
        {
            "slug": "tu-lieu",
            "title": "Di sản tư liệu",
            "intro": "Sắc phong, văn bản Hán Nôm, bản đồ và ảnh tư liệu.",
        },
        {
            "slug": "documents",
            "title": "Documentary heritage",
            "intro": "Royal ordinances, Hán-Nôm documents, maps and photographs.",
        },
    ),
}
