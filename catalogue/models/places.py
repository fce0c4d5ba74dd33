"""Administrative units of the Quảng Nam heritage region.

Since 1 July 2025 (Resolution 202/2025/QH15) the former province is part of Đà Nẵng city and the
district level is gone. Records keep the current commune/ward, and separately the former district
and province named in their recognition decisions — the names visitors and scholars still use.
"""

from django.utils.translation import gettext_lazy as _

CURRENT_CITY = "thành phố Đà Nẵng"
HISTORICAL_PROVINCE = "tỉnh Quảng Nam"

# The eighteen district-level units of Quảng Nam province before 1 July 2025.
FORMER_DISTRICTS = [
    ("tam-ky", _("Tam Kỳ city")),
    ("hoi-an", _("Hội An city")),
    ("dien-ban", _("Điện Bàn town")),
    ("dai-loc", _("Đại Lộc district")),
    ("duy-xuyen", _("Duy Xuyên district")),
    ("que-son", _("Quế Sơn district")),
    ("nong-son", _("Nông Sơn district")),
    ("thang-binh", _("Thăng Bình district")),
    ("hiep-duc", _("Hiệp Đức district")),
    ("tien-phuoc", _("Tiên Phước district")),
    ("phu-ninh", _("Phú Ninh district")),
    ("nui-thanh", _("Núi Thành district")),
    ("bac-tra-my", _("Bắc Trà My district")),
    ("nam-tra-my", _("Nam Trà My district")),
    ("phuoc-son", _("Phước Sơn district")),
    ("nam-giang", _("Nam Giang district")),
    ("dong-giang", _("Đông Giang district")),
    ("tay-giang", _("Tây Giang district")),
]
