"""Nothing withheld leaks: a sweep of every public response for records and images that are not public.

Three records are withheld in different ways — a draft, a record whose *English* version alone is
password-restricted (Wagtail restricts page by page, and each translation is a page), a record whose
Vietnamese version alone requires a login — and one public record shows an image kept in a private
collection. Every public response reachable from the site's entry points (pages, map, GeoJSON,
JSON-LD, search, sitemap, manifests, collections, images and what they link to) is gathered and
searched for their identifiers, titles and image identifiers; their IIIF images answer 401 to
anonymous visitors, 403 to signed-in users without permission, and are served to staff.
"""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.test import TestCase
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from catalogue.models import RecordImage
from iiif import access, storage
from images.ingest import ingest_file
from tests import factories
from tests.iiif import samples
from tests.relic_map.test_sensitive_sites import gather

pytestmark = pytest.mark.django_db


def tiled(tmp_path, name, seed, collection=None):
    path = samples.write(samples.noise(900, 600, seed=seed), tmp_path / name)
    with TestCase.captureOnCommitCallbacks(execute=True):
        result = ingest_file(path, collection=collection)
    assert result.status == "accepted", result.message
    result.image.refresh_from_db()
    return result.image


@pytest.fixture
def archive(indexes, en, tmp_path):
    """Public and withheld records, each with its own image; returns what must never be public."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        public = factories.site(indexes, title="Chùa Cầu", slug="chua-cau", identifier="QN-DT-0101")
        public_image = tiled(tmp_path, "cau.jpg", 1)
        root = Collection.get_first_root_node()
        private_collection = root.add_child(name="Ảnh nội bộ")
        CollectionViewRestriction.objects.create(
            collection=private_collection, restriction_type=CollectionViewRestriction.LOGIN
        )
        private_image = tiled(tmp_path, "noi-bo.jpg", 2, collection=private_collection)
        public.record_images = [
            RecordImage(image=public_image, caption="Cầu"),
            RecordImage(image=private_image, caption="Nội bộ"),
        ]
        public.save_revision().publish()
        factories.translate(public, en)

        english_locked = factories.site(
            indexes, title="Giếng cổ Bá Lễ", slug="gieng-ba-le", identifier="QN-DT-0202", sensitive=False
        )
        english_image = tiled(tmp_path, "gieng.jpg", 3)
        english_locked.record_images = [RecordImage(image=english_image, caption="Giếng")]
        english_locked.save_revision().publish()
        english_version = factories.translate(english_locked, en)[0]
        PageViewRestriction.objects.create(
            page=english_version, restriction_type=PageViewRestriction.PASSWORD, password="bí-mật"
        )

        vietnamese_locked = factories.artefact(
            indexes, title="Tượng Tara Đồng Dương", slug="tara", identifier="QN-HV-0303"
        )
        tara_image = tiled(tmp_path, "tara.jpg", 4)
        vietnamese_locked.record_images = [RecordImage(image=tara_image, caption="Tara")]
        vietnamese_locked.save_revision().publish()
        factories.translate(vietnamese_locked, en)
        PageViewRestriction.objects.create(page=vietnamese_locked, restriction_type=PageViewRestriction.LOGIN)

        draft = factories.artefact(
            indexes, title="Bình gốm Cù Lao Chàm", slug="binh-gom", identifier="QN-HV-0404"
        )
        draft_image = tiled(tmp_path, "binh.jpg", 5)
        draft.record_images = [RecordImage(image=draft_image, caption="Bình")]
        draft.save_revision().publish()
        draft.unpublish()
        unattached = tiled(tmp_path, "le.jpg", 6)  # e.g. only in a restoration event
        withheld_images = [private_image, english_image, tara_image, draft_image, unattached]
        exhibition(
            [public_image, *withheld_images],
            [public, english_locked, english_version, vietnamese_locked, draft],
        )
    return {
        "public": public,
        "public_image": public_image,
        "english_locked": english_locked,
        "english_version": english_version,
        "vietnamese_locked": vietnamese_locked,
        "withheld_identifiers": ["QN-DT-0202", "QN-HV-0303", "QN-HV-0404"],
        "withheld_titles": ["Giếng cổ Bá Lễ", "Tượng Tara Đồng Dương", "Bình gốm Cù Lao Chàm"],
        "withheld_images": withheld_images,
    }


def exhibition(images, records):
    """A published exhibition whose curator chose every image and every record above: it may show
    only what the records and the IIIF access layer already show to anyone."""
    from wagtail.rich_text import RichText

    from catalogue.models import HomePage
    from exhibitions.models import ExhibitionIndexPage, ExhibitionPage

    home = HomePage.objects.get(locale__language_code="vi")
    index = ExhibitionIndexPage(title="Triển lãm", slug="trien-lam")
    home.add_child(instance=index)
    index.save_revision().publish()
    region = {"x": 0, "y": 0, "w": 300, "h": 200}
    steps = [
        (
            "view",
            {
                "text": RichText(f"<p>Bước {n}</p>"),
                "image": image,
                "alt": f"Ảnh {n}",
                "region": region,
                "record": records[n % len(records)],
                "source": "",
            },
        )
        for n, image in enumerate(images)
    ]
    steps.append(("records", {"heading": "", "records": records}))
    steps.append(("quotation", {"quote": "Trích", "source": "Nguồn", "record": records[2]}))
    page = ExhibitionPage(title="Triển lãm thử", slug="thu", body=steps)
    index.add_child(instance=page)
    page.save_revision().publish()


def start_urls(archive):
    return [
        "/vi/",
        "/en/",
        "/vi/di-tich/",
        "/vi/hien-vat/",
        archive["public"].url,
        archive["english_locked"].url,  # the unrestricted Vietnamese version of a restricted record
        archive["english_version"].url,
        "/id/QN-DT-0202",
        "/id/QN-HV-0303",
        "/vi/ban-do/",
        "/en/map/",
        "/api/sites.geojson",
        "/api/sites.geojson?lang=en",
        "/iiif/collection/top.json",
        "/iiif/collection/sitepage.json",
        "/iiif/collection/artefactpage.json",
        "/iiif/manifest/QN-DT-0101.json",
        "/iiif/manifest/QN-DT-0202.json",
        "/iiif/manifest/QN-HV-0303.json",
        "/iiif/manifest/QN-HV-0404.json",
        "/api/search?q=gieng",
        "/api/search?q=tara&lang=en",
        "/api/search?q=",
        "/api/search/suggest?q=gi",
        "/vi/tim-kiem/?q=ba+le",
        "/en/search/?q=tara",
        "/sitemap.xml",
        # Offline packs: a public site's pack (it has a private image), a withheld site's.
        "/offline/QN-DT-0101.json",
        "/offline/QN-DT-0101.json?lang=en",
        "/offline/QN-DT-0202.json?lang=en",
        # An exhibition that chose every image and record: its page, list and manifest.
        "/vi/trien-lam/",
        "/vi/trien-lam/thu/",
        "/en/exhibitions/thu/",
        "/iiif/exhibition/vi/thu.json",
    ]


def test_no_public_response_shows_a_withheld_record_or_image(client, archive):
    responses = gather(client, start_urls(archive))
    assert len(responses) > 20
    assert any(archive["public_image"].iiif_identifier in url for url in responses), "images were followed"
    shown = responses["/vi/trien-lam/thu/"][1].decode()
    assert archive["public_image"].iiif_identifier in shown and "Chùa Cầu" in shown, (
        "the exhibition was swept"
    )
    forbidden = (
        archive["withheld_identifiers"]
        + archive["withheld_titles"]
        + [image.iiif_identifier for image in archive["withheld_images"]]
    )
    for url, (content_type, body) in responses.items():
        if content_type.startswith("image/"):
            continue
        text = body.decode("utf-8", "replace")
        leaked = [value for value in forbidden if value in text]
        assert not leaked, f"{url} shows {leaked}"


def test_a_restriction_on_one_language_version_covers_the_other(client, archive):
    vietnamese = client.get(archive["english_locked"].url)
    assert vietnamese.status_code == 200 and 'name="password"' in vietnamese.content.decode()
    assert "Giếng cổ Bá Lễ" not in vietnamese.content.decode()
    english_of_locked = archive["vietnamese_locked"].get_translation(archive["english_version"].locale)
    response = client.get(english_of_locked.url)
    assert response.status_code == 302 and "login" in response["Location"]
    assert client.get("/id/QN-DT-0202", follow=True).status_code == 404
    assert client.get("/iiif/manifest/QN-DT-0202.json").status_code == 404


def image_urls(image):
    base = f"/iiif/3/{image.iiif_identifier}"
    return [
        f"{base}/info.json",
        base,
        f"{base}/0,0,512,512/512,/0/default.jpg",  # a tile
        f"{base}/10,10,300,200/150,/0/default.png",  # a region
        f"{base}/full/200,/0/default.jpg",  # a rendition
        f"{base}/full/max/90/gray.webp",
    ]


def test_iiif_images_are_public_only_through_a_public_record(client, archive):
    for url in image_urls(archive["public_image"]):
        response = client.get(url)
        assert response.status_code in (200, 303), url
        assert "public" in response.get("Cache-Control", "public"), url
    for image in archive["withheld_images"]:
        for url in image_urls(image):
            response = client.get(url)
            assert response.status_code == 401, (url, response.status_code)
            assert response["Cache-Control"] == "private, no-store"
    nobody = get_user_model().objects.create_user("visitor", password="pw")
    client.force_login(nobody)
    for image in archive["withheld_images"]:
        assert client.get(image_urls(image)[0]).status_code == 403


def test_staff_with_permission_still_see_every_image(client, archive, admin_user):
    client.force_login(admin_user)
    for image in archive["withheld_images"]:
        for url in image_urls(image):
            response = client.get(url)
            assert response.status_code in (200, 303), url
            if response.status_code == 200:
                assert response["Cache-Control"] == "private, no-store", url
    reader = get_user_model().objects.create_user("reader", password="pw")
    reader.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(reader)  # in the admin, but may not choose or edit images
    assert client.get(image_urls(archive["withheld_images"][1])[0]).status_code == 403


def test_nginx_serves_tiles_only_through_the_public_links(client, archive, settings):
    links = access.links_root()
    names = {entry.name for entry in links.iterdir()}
    assert names == {archive["public_image"].iiif_identifier}
    link = links / archive["public_image"].iiif_identifier
    assert link.resolve() == storage.pyramid_dir(archive["public_image"].iiif_identifier).resolve()
    assert (link / "0,0,512,512/512,512/0/default.jpg").is_file()
    # Restricting the public record withdraws its image at once (on commit), in nginx's folder too.
    with TestCase.captureOnCommitCallbacks(execute=True):
        PageViewRestriction.objects.create(page=archive["public"], restriction_type=PageViewRestriction.LOGIN)
    assert not list(links.iterdir())
    assert client.get(image_urls(archive["public_image"])[0]).status_code == 401
