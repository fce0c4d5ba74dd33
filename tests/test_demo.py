"""The demo archive: real places and objects, both languages, illustrative images, idempotent."""

import json
from decimal import Decimal
from pathlib import Path

import pytest
import pyvips
from django.core.management import call_command
from wagtail.models import Page

from catalogue.demo import images
from catalogue.demo.loader import DATA_DIR
from catalogue.models import ArtefactPage, DocumentaryPage, Institution, IntangiblePage, SitePage
from catalogue.models.geo import validate_point
from images.models import HeritageImage

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


@pytest.fixture
def demo(db):
    call_command("load_demo", image_scale=0.05, skip_renditions=True, stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_demo_content(demo):
    """Breadth, both languages, curator-grade validity and illustrative images, from one load."""
    sites = SitePage.objects.published().filter(locale__language_code="vi")
    assert sites.count() >= 15
    data = {
        name: json.loads((DATA_DIR / f"{name}.json").read_text())
        for name in ("sites", "artefacts", "documentary")
    }
    assert sites.count() == len(data["sites"])
    assert ArtefactPage.objects.published().filter(locale__language_code="vi").count() == len(
        data["artefacts"]
    )
    assert IntangiblePage.objects.published().filter(locale__language_code="vi").count() >= 3
    documents = DocumentaryPage.objects.published().filter(locale__language_code="vi")
    assert documents.count() == len(data["documentary"]) and all(
        len(d.ordered_pages()) >= 3 for d in documents
    )
    world_heritage = set(sites.filter(ranking="world_heritage").values_list("slug", flat=True))
    assert len(world_heritage) == 2
    assert IntangiblePage.objects.filter(
        title__icontains="Bài Chòi", inscription="unesco_representative"
    ).exists()
    assert ArtefactPage.objects.filter(status="national_treasure", locale__language_code="vi").count() >= 5
    assert sites.filter(sensitive=True, category="archaeological").exists()
    every_record_is_published_in_both_languages_with_the_same_identity()
    corrections_and_places_reach_the_pages()
    demo_sites_pass_the_same_validation_as_curators()
    demo_images_are_marked_illustrative()


def every_record_is_published_in_both_languages_with_the_same_identity():
    for model in (SitePage, ArtefactPage, IntangiblePage, DocumentaryPage):
        for page in model.objects.filter(locale__language_code="vi"):
            english = page.get_translation(page.locale.__class__.objects.get(language_code="en")).specific
            assert page.live and english.live
            assert english.identifier == page.identifier
            assert english.title and english.title != "" and english.url.startswith("/en/")
            if model is SitePage:
                assert (english.latitude, english.longitude) == (page.latitude, page.longitude)


def corrections_and_places_reach_the_pages():
    """What issue 13 corrected is what a visitor reads, in her language."""
    vi_sites = SitePage.objects.filter(locale__language_code="vi")
    chien_dan = vi_sites.get(identifier="QN-DT-0005")
    assert (float(chien_dan.latitude), float(chien_dan.longitude)) == (15.6161, 108.4426)
    assert chien_dan.commune == "xã Tây Hồ" and chien_dan.former_district == "phu-ninh"
    hoi_an = vi_sites.get(identifier="QN-DT-0001")
    inside = set(vi_sites.filter(part_of=hoi_an).values_list("identifier", flat=True))
    assert {"QN-DT-0003", "QN-DT-0017", "QN-DT-0018"} <= inside
    english_bridge = vi_sites.get(identifier="QN-DT-0003").get_translation(
        hoi_an.locale.__class__.objects.get(language_code="en")
    )
    assert english_bridge.specific.part_of_id == hoi_an.pk
    assert vi_sites.get(identifier="QN-DT-0020").get_ranking_display()
    linga = ArtefactPage.objects.get(locale__language_code="vi", identifier="QN-HV-0020")
    assert linga.status == "national_treasure"
    assert "chiều cao" in linga.unverified_facts and "height" not in linga.unverified_facts
    english_linga = ArtefactPage.objects.get(locale__language_code="en", identifier="QN-HV-0020")
    assert "height" in english_linga.unverified_facts and "chiều" not in english_linga.unverified_facts
    assert ArtefactPage.objects.filter(
        locale__language_code="vi", identifier="QN-HV-0008", title="Tượng Shiva Mỹ Sơn C1"
    ).exists()
    cham_museum = Institution.objects.get(key="bao_tang_dieu_khac_cham")
    assert "2 Tháng 9" in cham_museum.address and cham_museum.website.startswith("https://")
    assert all(site.former_district for site in vi_sites if site.commune and site.identifier != "QN-DT-0021")


def demo_sites_pass_the_same_validation_as_curators():
    for site in SitePage.objects.all():
        assert validate_point(site.latitude, site.longitude) == {}
        site.full_clean()


def demo_images_are_marked_illustrative():
    assert HeritageImage.objects.count() >= 40
    assert not HeritageImage.objects.filter(illustrative=False).exists()


def test_load_demo_is_idempotent_updates_old_records_and_every_page_renders(client, demo):
    """Loading again adds nothing; with --update a database loaded before a correction gets it."""
    counts = (Page.objects.count(), HeritageImage.objects.count())
    stale = SitePage.objects.get(locale__language_code="vi", identifier="QN-DT-0005")
    stale.latitude, stale.commune = Decimal("15.6144"), "xã Chiên Đàn"  # as an earlier demo had it
    stale.save_revision().publish()
    stale_en = stale.get_translation(stale.locale.__class__.objects.get(language_code="en")).specific
    stale_en.unverified_facts = "decision date"
    stale_en.save_revision().publish()
    with open("/dev/null", "w") as quiet:
        call_command("load_demo", image_scale=0.05, skip_renditions=True, update=True, stdout=quiet)
    assert (Page.objects.count(), HeritageImage.objects.count()) == counts
    stale.refresh_from_db()
    stale_en.refresh_from_db()
    assert (stale.latitude, stale.commune) == (Decimal("15.616100"), "xã Tây Hồ")
    assert stale_en.latitude == stale.latitude and "coordinates" in stale_en.unverified_facts
    assert not stale.has_unpublished_changes and not stale_en.has_unpublished_changes
    for page in Page.objects.live().specific().filter(depth__gte=2):
        response = client.get(page.url)
        assert response.status_code == 200, page.url


def test_demo_data_files_are_consistent():
    data = {
        name: json.loads((DATA_DIR / f"{name}.json").read_text())
        for name in ("sites", "artefacts", "intangible", "documentary")
    }
    identifiers = [item["identifier"] for items in data.values() for item in items]
    assert len(identifiers) == len(set(identifiers))
    site_ids = {item["identifier"] for item in data["sites"]}
    assert all(a["findspot"] in site_ids for a in data["artefacts"] if a["findspot"])
    my_son = next(item for item in data["sites"] if item["slug_en"] == "my-son-sanctuary")
    assert my_son["ranking"] == "world_heritage" and my_son["commune_vi"] == "xã Thu Bồn"
    assert Path(DATA_DIR, "SOURCES.md").exists()


def test_generated_images_have_real_scan_sizes(tmp_path):
    path = images.render(tmp_path / "scan.jpg", 4000, 3000, "Thánh địa Mỹ Sơn", "QN-DT-0002", "site")
    header = pyvips.Image.new_from_file(str(path))
    assert (header.width, header.height) == (4000, 3000)
    assert "exif-data" not in header.get_fields()
    tiff = images.render(
        tmp_path / "page.tif", 3000, 4200, "Sắc phong", "QN-TL-0001", "documentary", "Trang 1"
    )
    assert pyvips.Image.new_from_file(str(tiff)).get("vips-loader") == "tiffload"
