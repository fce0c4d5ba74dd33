"""The search page on a phone in a real browser: suggestions as you type, keyboard choice, facets."""

import pytest

from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_tourist_without_a_vietnamese_keyboard_finds_my_son(live_server, phone):
    indexes = factories.make_indexes(factories.ensure_site_tree())
    # Transactional test: publishing commits, so search documents are built as in the running site.
    my_son = factories.site(indexes, title="Khu đền tháp Mỹ Sơn", slug="my-son", identifier="QN-DT-0002")
    factories.site(indexes, title="Phố cổ Hội An", slug="hoi-an", identifier="QN-DT-0001", ranking="national")
    factories.artefact(indexes, title="Đài thờ Trà Kiệu", slug="tra-kieu", identifier="QN-HV-0001")

    suggestions = []
    phone.on("response", lambda r: suggestions.append(r) if "/api/search/suggest" in r.url else None)
    phone.goto(live_server.url + "/vi/tim-kiem/")
    box = phone.locator("#search-q")
    box.press_sequentially("my so", delay=60)
    option = phone.locator("#search-suggestions [role=option]").first
    option.wait_for(timeout=10_000)
    assert option.inner_text() == "Khu đền tháp Mỹ Sơn"
    assert box.get_attribute("aria-expanded") == "true"
    # Typing five letters with a 150 ms pause asks the server once or twice, not once per key.
    assert 1 <= len(suggestions) <= 3
    box.press("ArrowDown")
    assert option.get_attribute("aria-selected") == "true"
    box.press("Enter")
    phone.wait_for_url(f"**{my_son.url}")

    phone.goto(live_server.url + "/vi/tim-kiem/?q=")
    assert "3 hồ sơ" in phone.locator(".count").inner_text()
    phone.locator("summary", has_text="Thu hẹp kết quả").click()  # the filters fold away on a phone
    phone.locator("summary", has_text="Xếp hạng").click()
    phone.locator("label", has_text="Di tích quốc gia").locator("input").check()
    phone.locator(".facets button[type=submit]").click()
    phone.wait_for_url("**ranking=national**")
    assert "1 hồ sơ" in phone.locator(".count").inner_text()
    assert phone.locator(".result .card-title").all_inner_texts() == ["Phố cổ Hội An"]
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360  # nothing overflows the phone
