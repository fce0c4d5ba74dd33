"""The region editor's image data: staff who may choose the image only, the size in image pixels."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission

pytestmark = pytest.mark.django_db


def test_region_editor_image_data_for_staff_only(client, exhibit, admin_user):
    url = f"/admin/exhibitions/image/{exhibit['private'].pk}.json"
    assert client.get(url).status_code in (302, 403)  # anonymous: to the admin's sign-in
    reader = get_user_model().objects.create_user("reader", password="pw")
    reader.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(reader)
    denied = client.get(url)
    assert denied.status_code == 403 and "error" in denied.json()
    client.force_login(admin_user)
    data = client.get(url).json()
    assert (data["width"], data["height"]) == (1600, 1200)
    assert data["preview"] == "/iiif/3/ex-private/full/1200,/0/default.jpg"
    assert client.get("/admin/exhibitions/image/999999.json").status_code == 404


def test_the_editor_loads_the_region_editor(admin_client, exhibit):
    page = admin_client.get(f"/admin/pages/{exhibit['exhibition'].pk}/edit/").text
    assert "exhibitions/region_editor.js" in page and "/admin/exhibitions/image/0.json" in page


def test_the_exhibition_editor_has_no_english_for_a_vietnamese_curator(client, exhibit, admin_user):
    from wagtail.users.models import UserProfile

    from tests.cataloguing.english import english_on

    profile = UserProfile.get_for_user(admin_user)
    profile.preferred_language = "vi"
    profile.save()
    client.force_login(admin_user)
    index = exhibit["index"]
    for url in (
        f"/admin/pages/{exhibit['exhibition'].pk}/edit/",
        f"/admin/pages/add/exhibitions/exhibitionpage/{index.pk}/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert not english_on(response.content.decode()), (url, sorted(english_on(response.content.decode())))
