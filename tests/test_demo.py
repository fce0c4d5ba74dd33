"""The demo archive: real places and objects, both languages, illustrative images, idempotent."""

import json
from pathlib import Path

import pytest
import pyvips
from django.core.management import call_command
from wagtail.models import Page

from catalogue.demo import images
from catalogue.demo.loader import DATA_DIR
from catalogue.models import ArtefactPage, DocumentaryPage, IntangiblePage, SitePage
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
    assert ArtefactPage.objects.published().filter(locale__language_code="vi").count() == 20
    assert IntangiblePage.objects.published().filter(locale__language_code="vi").count() >= 3
    documents = DocumentaryPage.objects.published().filter(locale__language_code="vi")
    assert documents.count() == 2 and all(len(d.ordered_pages()) >= 3 for d in documents)
    world_heritage = set(sites.filter(ranking="world_heritage").values_list("slug", flat=True))
    assert len(world_heritage) == 2
    assert IntangiblePage.objects.filter(
        title__icontains="Bài Chòi", inscription="unesco_representative"
    ).exists()
    assert ArtefactPage.objects.filter(status="national_treasure", locale__language_code="vi").count() >= 5
    assert sites.filter(sensitive=True, category="archaeological").exists()
    every_record_is_published_in_both_languages_with_the_same_identity()
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


def demo_sites_pass_the_same_validation_as_curators():
    for site in SitePage.objects.all():
        assert validate_point(site.latitude, site.longitude) == {}
        site.full_clean()


def demo_images_are_marked_illustrative():
    assert HeritageImage.objects.count() >= 40
    assert not HeritageImage.objects.filter(illustrative=False).exists()


def test_load_demo_is_idempotent_and_every_page_renders(client, demo):
    counts = (Page.objects.count(), HeritageImage.objects.count())
    call_command("load_demo", image_scale=0.05, skip_renditions=True, stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert (Page.objects.count(), HeritageImage.objects.count()) == counts
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
