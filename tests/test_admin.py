"""Curators' admin: every record type created through the real admin views; listings; workflow."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield
from wagtail.users.models import UserProfile

from catalogue.models import ArtefactPage, DocumentaryPage, IntangiblePage, SitePage
from catalogue.roles import CURATORS, HEADS, ensure_roles_and_workflow

from . import factories

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def base_fields(title, slug, **extra):
    defaults = {
        "identifier": "",
        "summary": "Tóm tắt",
        "dating": "thế kỷ VII",
        "earliest_year": "601",
        "latest_year": "700",
        "rights": "http://rightsstatements.org/vocab/InC-EDU/1.0/",
        "record_images": inline_formset([]),
        "body": streamfield([("paragraph", rich_text("<p>Mô tả</p>"))]),
    }
    return {"title": title, "slug": slug, **defaults, **extra}


def post_page(client, model, parent, fields, action="action-publish"):
    url = reverse("wagtailadmin_pages:add", args=("catalogue", model._meta.model_name, parent.pk))
    return client.post(url, nested_form_data({**fields, action: "1"}))


def site_fields(**extra):
    values = {
        "ranking": "national",
        "category": "architectural_artistic",
        "latitude": "15.5678",
        "longitude": "108.4531",
        "commune": "xã Tam Xuân",
        "city": "thành phố Đà Nẵng",
        "former_district": "phu-ninh",
        "former_province": "tỉnh Quảng Nam",
        "boundary": "null",
        "protection_zone_1": "null",
        "protection_zone_2": "null",
        **extra,
    }
    return base_fields(values.pop("title", "Tháp Chiên Đàn"), values.pop("slug", "thap-chien-dan"), **values)


def test_each_record_type_is_created_and_published_through_the_admin(admin_client, indexes, tmp_path):
    image = factories.make_image(tmp_path)
    museum = factories.institution()
    site_images = inline_formset([{"image": image.pk, "caption": "Toàn cảnh", "role": "overview"}])
    response = post_page(admin_client, SitePage, indexes["site"], site_fields(record_images=site_images))
    assert response.status_code == 302, response.content.decode()[:3000]
    site = SitePage.objects.get(slug="thap-chien-dan")
    assert site.live and site.identifier == "QN-DT-0001"
    assert [(i.image, i.caption) for i in site.record_images.all()] == [(image, "Toàn cảnh")]

    response = post_page(
        admin_client,
        ArtefactPage,
        indexes["artefact"],
        base_fields(
            "Tượng Phật Đồng Dương",
            "tuong-phat",
            inventory_number="BTLS 1234",
            holding_institution=museum.pk,
            status="national_treasure",
            findspot=site.pk,
            height_mm="1080",
            condition="Tốt",
        ),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert ArtefactPage.objects.get(slug="tuong-phat").findspot.specific == site

    response = post_page(
        admin_client,
        IntangiblePage,
        indexes["intangible"],
        base_fields(
            "Bài Chòi",
            "bai-choi",
            unesco_domain="performing_arts",
            inscription="unesco_representative",
            inscription_year="2017",
            communities="Hội An",
            practitioners=inline_formset([{"name": "Nguyễn Văn A", "title": "nghe_nhan_uu_tu", "note": ""}]),
            recordings=inline_formset([]),
            related_sites=[site.pk],
        ),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    bai_choi = IntangiblePage.objects.get(slug="bai-choi")
    assert [p.name for p in bai_choi.practitioners.all()] == ["Nguyễn Văn A"]

    pages = inline_formset(
        [
            {
                "image": image.pk,
                "label": "Trang 1",
                "transcription": "敕",
                "transliteration": "Sắc",
                "translation": "Sắc phong",
            }
        ]
    )
    response = post_page(
        admin_client,
        DocumentaryPage,
        indexes["documentary"],
        base_fields(
            "Sắc phong", "sac-phong", doc_type="royal_ordinance", issued_by="Vua Minh Mạng", pages=pages
        ),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert DocumentaryPage.objects.get(slug="sac-phong").ordered_pages()[0].transcription == "敕"


def test_invalid_site_shows_errors_in_the_curators_language_and_saves_nothing(
    admin_client, admin_user, indexes
):
    profile = UserProfile.get_for_user(admin_user)
    profile.preferred_language = "vi"
    profile.save()
    response = post_page(
        admin_client,
        SitePage,
        indexes["site"],
        site_fields(latitude="105.8", longitude="21.0", earliest_year="900", latest_year="800"),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Vĩ độ phải nằm trong khoảng" in html, "latitude error not in Vietnamese"
    assert "Năm muộn nhất không được sớm hơn năm sớm nhất" in html
    assert not SitePage.objects.exists()


def test_duplicate_identifier_through_the_admin(admin_client, indexes):
    factories.site(indexes, identifier="QN-DT-0005")
    response = post_page(admin_client, SitePage, indexes["site"], site_fields(identifier="QN-DT-0005"))
    assert response.status_code == 200
    assert "Another record already uses the identifier QN-DT-0005" in response.content.decode()
    assert SitePage.objects.count() == 1


def test_listings_show_and_filter_by_ranking_and_district(admin_client, indexes):
    factories.site(indexes, slug="my-son", title="Mỹ Sơn")
    factories.site(
        indexes,
        slug="hau-xa",
        title="Hậu Xá",
        ranking="provincial",
        former_district="hoi-an",
        latitude=None,
        longitude=None,
    )
    response = admin_client.get(reverse("sites:index"), {"ranking": "provincial"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Hậu Xá" in html and "Mỹ Sơn" not in html
    assert "Provincial relic" in html and "QN-DT-0002" in html
    html = admin_client.get(reverse("sites:index"), {"former_district": "duy-xuyen"}).content.decode()
    assert "Mỹ Sơn" in html and "Hậu Xá" not in html


def test_artefact_listing_filters_by_status(admin_client, indexes):
    factories.artefact(indexes, slug="a", title="Bảo vật A")
    factories.artefact(indexes, slug="b", title="Cổ vật B", status="antique")
    html = admin_client.get(reverse("artefacts:index"), {"status": "antique"}).content.decode()
    assert "Cổ vật B" in html and "Bảo vật A" not in html


def test_vocabulary_snippets_are_editable(admin_client):
    url = reverse("wagtailsnippets_catalogue_material:add")
    response = admin_client.post(
        url,
        {
            "key": "sandstone",
            "label_vi": "Sa thạch",
            "label_en": "Sandstone",
            "uri": "http://vocab.getty.edu/aat/300011384",
        },
    )
    assert response.status_code == 302
    assert "Sa thạch" in admin_client.get(reverse("wagtailsnippets_catalogue_material:list")).content.decode()


def test_curator_submits_and_head_of_collection_approves(client, indexes):
    ensure_roles_and_workflow()
    users = get_user_model().objects
    curator = users.create_user("curator", password="pw")
    curator.groups.add(Group.objects.get(name=CURATORS))
    head = users.create_user("head", password="pw")
    head.groups.add(Group.objects.get(name=HEADS))

    client.force_login(curator)
    response = post_page(client, SitePage, indexes["site"], site_fields(), action="action-publish")
    assert not SitePage.objects.filter(live=True).exists(), "a curator must not be able to publish"
    response = post_page(
        client, SitePage, indexes["site"], site_fields(slug="thap-2"), action="action-submit"
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    page = SitePage.objects.get(slug="thap-2")
    assert not page.live
    state = page.current_workflow_state
    assert state is not None and state.status == "in_progress"

    client.force_login(head)
    task_state = state.current_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=(page.pk, "approve", task_state.pk))
    response = client.post(url, {"comment": "Đã kiểm tra"})
    assert response.status_code in (200, 302)
    page.refresh_from_db()
    assert page.live
    assert Page.objects.get(pk=page.pk).get_latest_revision() is not None


def test_an_image_still_used_by_a_record_cannot_be_deleted(admin_client, indexes, tmp_path):
    """RecordImage protects its master (PROTECT); Wagtail's reference index enforces it in the admin."""
    from catalogue.models import RecordImage
    from images.models import HeritageImage

    image = factories.make_image(tmp_path)
    site = factories.site(indexes)
    site.record_images = [RecordImage(image=image, caption="x")]
    site.save_revision().publish()
    url = reverse("wagtailimages:delete", args=[image.pk])
    assert "Yes, delete" not in admin_client.get(url).content.decode()
    admin_client.post(url)
    assert HeritageImage.objects.filter(pk=image.pk).exists()


def test_page_tree_allows_each_record_type_only_under_its_index(indexes, home):
    from catalogue.models import ArtefactIndexPage, SiteIndexPage

    assert SitePage.can_create_at(indexes["site"]) and not SitePage.can_create_at(indexes["artefact"])
    assert not SitePage.can_create_at(home)
    assert ArtefactPage.can_create_at(indexes["artefact"]) and not ArtefactPage.can_create_at(indexes["site"])
    assert not IntangiblePage.can_create_at(indexes["documentary"])
    assert DocumentaryPage.can_create_at(indexes["documentary"])
    assert not SiteIndexPage.can_create_at(home), "one index per type under the home page"
    assert not ArtefactIndexPage.can_create_at(indexes["site"])
    assert SitePage.allowed_subpage_models() == []
