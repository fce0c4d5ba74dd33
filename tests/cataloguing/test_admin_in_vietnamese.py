"""The curator's main screens, in Vietnamese, hold no English Wagtail left untranslated."""

import pytest
from django.urls import reverse

from catalogue.models import ArtefactPage

from .. import factories
from .english import english_on

pytestmark = pytest.mark.django_db


@pytest.fixture
def curator(curator_client, roles):
    return curator_client, roles["curator"]


def screens(indexes, record, image):
    artefacts = indexes["artefact"]
    return {
        "dashboard": "/admin/",
        "explorer": reverse("wagtailadmin_explore", args=(artefacts.pk,)),
        "add artefact": reverse("wagtailadmin_pages:add", args=("catalogue", "artefactpage", artefacts.pk)),
        "edit artefact": reverse("wagtailadmin_pages:edit", args=(record.pk,)),
        "artefact listing": "/admin/artefacts/",
        "site listing": "/admin/sites/",
        "images": reverse("wagtailimages:index"),
        "upload images": reverse("wagtailimages:add_multiple"),
        "add image": reverse("wagtailimages:add"),
        "edit image": reverse("wagtailimages:edit", args=(image.pk,)),
        "import": reverse("cataloguing_import"),
    }


def test_curator_screens_have_no_english(curator, indexes, vocab, tmp_path):
    client, user = curator
    image = factories.make_image(tmp_path)
    record = ArtefactPage(title="Tượng Phật Đồng Dương", slug="tuong-phat", owner=user, live=False)
    indexes["artefact"].add_child(instance=record)
    record.save_revision(user=user)
    found = {}
    for name, url in screens(indexes, record, image).items():
        response = client.get(url)
        assert response.status_code == 200, name
        english = english_on(response.content.decode())
        if english:
            found[name] = sorted(english)
    assert not found, found


def test_submitting_for_review_is_said_in_vietnamese(curator, indexes):
    client, user = curator
    record = ArtefactPage(title="Bình gốm Chu Đậu", slug="binh-gom", owner=user, live=False)
    indexes["artefact"].add_child(instance=record)
    record.save_revision(user=user)
    edit = client.get(reverse("wagtailadmin_pages:edit", args=(record.pk,))).content.decode()
    assert "(Record review)" not in edit and "Gửi duyệt" in edit
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

    data = {
        "title": record.title,
        "slug": "binh-gom",
        "identifier": record.identifier,
        "summary": "",
        "dating": "",
        "earliest_year": "",
        "latest_year": "",
        "rights": "http://rightsstatements.org/vocab/InC-EDU/1.0/",
        "status": "other",
        "record_images": inline_formset([]),
        "body": streamfield([]),
        "action-submit": "1",
    }
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=(record.pk,)), nested_form_data(data), follow=True
    )
    html = response.content.decode()
    assert "đã được gửi duyệt" in html, english_on(html)
    assert not english_on(html)
