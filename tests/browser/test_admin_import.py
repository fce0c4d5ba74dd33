"""The admin import in a real browser: a curator in Vietnamese uploads a spreadsheet, reads the check,
corrects the file, applies it and watches the progress reach the summary."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from wagtail.users.models import UserProfile

from catalogue.models import ArtefactPage, Material
from catalogue.roles import CURATORS, ensure_roles_and_workflow
from tests import factories
from tests.cataloguing.files import ARTEFACT_HEADERS_VI, artefact_rows, write_csv, write_xlsx

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def curator_page(browser, live_server):
    home = factories.ensure_site_tree()
    factories.make_indexes(home)
    groups, _workflow = ensure_roles_and_workflow()
    factories.institution()
    Material.objects.create(key="dong", label_vi="Đồng", label_en="Bronze")
    Material.objects.create(key="sa-thach", label_vi="Sa thạch", label_en="Sandstone")
    from catalogue.models import Culture, ObjectType

    ObjectType.objects.create(key="tuong", label_vi="Tượng", label_en="Statue")
    Culture.objects.create(key="cham", label_vi="Chăm Pa", label_en="Champa")
    user = get_user_model().objects.create_user("curator", "c@example.org", "pw")
    user.groups.add(groups[CURATORS])
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "vi"
    profile.save()
    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page, errors
    context.close()


def test_curator_imports_a_spreadsheet_in_the_browser(live_server, curator_page, tmp_path):
    page, errors = curator_page
    bad = artefact_rows(3)
    bad[1][6] = "Ngọc bích"
    write_csv(tmp_path / "hien-vat.csv", ARTEFACT_HEADERS_VI, bad)
    page.goto(f"{live_server.url}/admin/")
    page.get_by_role("link", name="Nhập hồ sơ").first.click()
    page.set_input_files("input[name=file]", str(tmp_path / "hien-vat.csv"))
    page.get_by_role("button", name="Kiểm tra tệp").click()
    problems = page.locator("[data-problems]")
    problems.wait_for()
    assert "Ngọc bích" in problems.inner_text() and "Chất liệu" in problems.inner_text()
    assert page.locator("[data-apply]").count() == 0
    assert ArtefactPage.objects.count() == 0

    write_xlsx(tmp_path / "hien-vat.xlsx", ARTEFACT_HEADERS_VI, artefact_rows(3))
    page.get_by_role("link", name="Tải lên tệp khác").click()
    page.set_input_files("input[name=file]", str(tmp_path / "hien-vat.xlsx"))
    page.get_by_role("button", name="Kiểm tra tệp").click()
    summary = page.locator("[data-plan-summary]")
    summary.wait_for()
    assert "3 mới" in summary.inner_text()
    page.locator("[data-apply]").click()
    page.wait_for_selector("[data-import-progress][data-state=done]", timeout=60_000)
    assert page.locator("[data-bar]").evaluate("bar => bar.value") == 100
    assert "3 hồ sơ được tạo" in page.locator("[data-summary]").inner_text()
    assert ArtefactPage.objects.count() == 3
    assert not errors, errors
