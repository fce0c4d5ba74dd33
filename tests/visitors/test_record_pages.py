"""What the visitor guide adds to record pages: visiting information first, related records both
ways, where an artefact is held, language notes."""

from datetime import UTC, datetime
from unittest import mock

import pytest
from django.utils import timezone

from tests import factories
from visitors.hours import LOCAL_TZ

pytestmark = pytest.mark.django_db


def frozen(moment):
    return mock.patch.object(timezone, "now", return_value=moment)


def test_site_page_shows_visiting_information_first(client, visiting, places):
    with frozen(datetime(2026, 12, 5, 10, tzinfo=LOCAL_TZ)):
        page = client.get(places["my_son"].url).text
    assert page.index('class="visit-info"') < page.index('id="facts-h"')
    assert "Đang mở cửa · đóng lúc 17:00" in page
    assert "150.000\u00a0₫" in page
    assert "Trang phục kín đáo" in page and "Chưa được hai nguồn công bố xác nhận" in page
    site = places["my_son"]
    assert f'href="geo:{site.latitude:.6f},{site.longitude:.6f}?q=' in page


def test_open_now_follows_the_clock_in_vietnam(client, visiting, places):
    # 11:30 UTC is 18:30 in Vietnam: closed, opens tomorrow at 06:00.
    with frozen(datetime(2026, 12, 5, 11, 30, tzinfo=UTC)):
        page = client.get("/en" + places["my_son"].url[3:]).text
    assert "Closed now · opens Sunday 6/12 at 06:00" in page
    assert "Local time in Vietnam (Asia/Ho_Chi_Minh): 18:30" in page
    assert "150,000\u00a0₫" in page


def test_english_reader_gets_the_english_texts(client, visiting, places):
    en = client.get("/en" + places["my_son"].url[3:]).text
    assert "Dress modestly in the tower area." in en and "Trang phục" not in en


def test_site_lists_sites_inside_it_artefacts_found_there_and_intangible(client, places, walk):
    hoi_an = client.get(places["hoi_an"].url).text
    assert "Các di tích bên trong" in hoi_an
    assert hoi_an.index("Chùa Cầu") < hoi_an.index("Nhà cổ Tấn Ký")
    assert "Nghệ thuật Bài Chòi" in hoi_an
    my_son = client.get(places["my_son"].url).text
    assert "Hiện vật tìm thấy tại đây" in my_son
    assert "Tượng thần Shiva Mỹ Sơn C1" in my_son and "nay lưu giữ tại Bảo tàng Điêu khắc Chăm" in my_son
    bridge = client.get(places["bridge"].url).text
    assert "Thuộc" in bridge and places["hoi_an"].url in bridge
    assert "/vi/lo-trinh/hoi-an-walk/" in bridge  # the tours that stop there


def test_artefact_says_where_it_is_held_with_the_museum_hours(client, visiting, places):
    page = client.get(places["shiva"].url).text
    assert "Lưu giữ tại Bảo tàng Điêu khắc Chăm." in page
    assert "không theo nơi tìm thấy" in page
    assert "02 đường 2 Tháng 9" in page


def test_visitor_language_reading_a_record_gets_a_note(client, places):
    page = client.get("/ko" + places["bridge"].url[3:])
    assert page.status_code == 200
    assert '<html lang="ko">' in page.text
    assert "이 기록은 아직 한국어로 번역되지 않아 Tiếng Việt(으)로 표시합니다." in page.text
    assert '<article class="record" lang="vi">' in page.text


def test_visitor_language_interface_has_no_vietnamese_labels(client, walk):
    page = client.get("/ja/tours/hoi-an-walk/").text
    for vietnamese in ("Điểm dừng", "Lộ trình", "Đường dẫn cố định", "Tìm kiếm", "Bản đồ"):
        assert vietnamese not in page
    assert "立ち寄り先" in page and "固定リンク" in page


def test_a_broken_visiting_record_does_not_break_the_page(client, visiting, places):
    visiting.periods.all().delete()
    visiting.texts.all().delete()
    response = client.get(places["my_son"].url)
    assert response.status_code == 200 and "Đang" not in response.text.split('class="visit-info"')[1][:400]


def test_a_site_lists_the_documents_about_it_and_a_document_links_back(client, places, indexes):
    document = factories.documentary(indexes, title="Văn bản thành lập thị xã Faifo", identifier="QN-TL-0002")
    document.about_sites.add(places["hoi_an"])
    document.save_revision().publish()
    draft = factories.documentary(
        indexes, title="Bản nháp chưa công bố", slug="nhap", identifier="QN-TL-0009"
    )
    draft.about_sites.add(places["hoi_an"])
    draft.save_revision()
    draft.unpublish()

    hoi_an = client.get(places["hoi_an"].url).text
    assert "Tư liệu về di tích này" in hoi_an and "Văn bản thành lập thị xã Faifo" in hoi_an
    assert "Bản nháp chưa công bố" not in hoi_an
    assert "Tư liệu về di tích này" not in client.get(places["my_son"].url).text
    assert places["hoi_an"].url in client.get(document.url).text
