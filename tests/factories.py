"""Builders of real records and real image files for the tests."""

import polib
import pyvips
from django.core.files import File

from catalogue.models import (
    ArtefactIndexPage,
    ArtefactPage,
    DocumentaryIndexPage,
    DocumentaryPage,
    Institution,
    IntangibleIndexPage,
    IntangiblePage,
    SiteIndexPage,
    SitePage,
)
from images.models import HeritageImage

from . import data


def write_image(path, width=640, height=480, fmt=None):
    """Write a real image with pyvips (JPEG, PNG or TIFF by suffix) and return its path."""
    image = pyvips.Image.xyz(width, height)[0].cast("uchar").bandjoin([64, 128]).copy(interpretation="srgb")
    image.write_to_file(str(path), **(fmt or {}))
    return path


def make_image(tmp_path, name="scan.jpg", title="Ảnh", **fields):
    path = write_image(tmp_path / name)
    with path.open("rb") as handle:
        image = HeritageImage(title=title, file=File(handle, name=name), **fields)
        image.save()
    return image


def make_indexes(home):
    indexes = {}
    for key, model, slug in (
        ("site", SiteIndexPage, "di-tich"),
        ("artefact", ArtefactIndexPage, "hien-vat"),
        ("intangible", IntangibleIndexPage, "phi-vat-the"),
        ("documentary", DocumentaryIndexPage, "tu-lieu"),
    ):
        index = model(title=slug, slug=slug)
        home.add_child(instance=index)
        index.save_revision().publish()
        indexes[key] = index
    return indexes


def publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def site(indexes, **fields):
    # Mỹ Sơn as the demo data gives it (tests/data.py), unless the test says otherwise.
    values = data.site_fields(data.MY_SON, **{"slug": "my-son", **fields})
    return publish(indexes["site"], SitePage(**values))


def artefact(indexes, **fields):
    values = {
        "title": "Đài thờ Trà Kiệu",
        "slug": "dai-tho-tra-kieu",
        "status": "national_treasure",
        **fields,
    }
    return publish(indexes["artefact"], ArtefactPage(**values))


def intangible(indexes, **fields):
    values = {
        "title": "Nghệ thuật Bài Chòi",
        "slug": "bai-choi",
        "unesco_domain": "performing_arts",
        "inscription": "unesco_representative",
        "inscription_year": 2017,
        **fields,
    }
    return publish(indexes["intangible"], IntangiblePage(**values))


def documentary(indexes, **fields):
    values = {"title": "Sắc phong đình Cẩm Phô", "slug": "sac-phong", "doc_type": "royal_ordinance", **fields}
    return publish(indexes["documentary"], DocumentaryPage(**values))


def institution(key="cham-museum"):
    return Institution.objects.create(
        key=key, label_vi="Bảo tàng Điêu khắc Chăm", label_en="Museum of Cham Sculpture"
    )


def translate(page, locale, prefix="EN "):
    """Translate a page as wagtail-localize's offline workflow does: export PO, fill, import, publish.

    Returns (translated page, TranslationSource, Translation).
    """
    from django.test import TestCase
    from wagtail_localize.models import Translation, TranslationSource

    source, _ = TranslationSource.get_or_create_from_instance(page)
    translation, _ = Translation.objects.get_or_create(source=source, target_locale=locale)
    po = polib.pofile(str(translation.export_po()))
    for entry in po:
        entry.msgstr = prefix + entry.msgid
    translation.import_po(po)
    # wagtail-localize publishes on commit; the test transaction never commits, so run the callbacks.
    with TestCase.captureOnCommitCallbacks(execute=True):
        translation.save_target(publish=True)
    return page.get_translation(locale).specific, source, translation


def ensure_site_tree():
    """The data the migrations create (locales, root collection, root and home pages, site).

    Transactional tests (live server, browser) flush the database after they run, so a later
    one must put this back itself. Returns the Vietnamese home page.
    """
    from wagtail.models import Collection, Locale, Page, Site

    from catalogue.models import HomePage

    vi, _ = Locale.objects.get_or_create(language_code="vi")
    Locale.objects.get_or_create(language_code="en")
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root", locale=vi))
    home = HomePage.objects.filter(locale=vi).first()
    if home is None:
        home = root.add_child(instance=HomePage(title="Di sản Quảng Nam", slug="home", locale=vi))
        home.save_revision().publish()
    Site.objects.update_or_create(is_default_site=True, defaults={"hostname": "localhost", "root_page": home})
    return home


def show_publicly(*images, title="Hiện vật công khai"):
    """Attach images to a new published artefact record, which is what makes an image public for the
    IIIF Image API (iiif.access). Creates the site tree and the artefact index when missing."""
    from catalogue.models import RecordImage

    home = ensure_site_tree()
    index = ArtefactIndexPage.objects.filter(locale=home.locale).first()
    if index is None:
        index = ArtefactIndexPage(title="hien-vat", slug="hien-vat")
        home.add_child(instance=index)
        index.save_revision().publish()
    slug = f"cong-khai-{ArtefactPage.objects.count() + 1}"
    record = ArtefactPage(title=title, slug=slug, status="national_treasure")
    record.record_images = [RecordImage(image=image, caption=image.title) for image in images]
    return publish(index, record)
