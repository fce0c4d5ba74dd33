"""QR labels decode back to the short URL; /id/ opens tours, stops and records in the reader's language."""

import io

import pytest
import zxingcpp
from django.conf import settings
from PIL import Image
from pypdf import PdfReader

from visitors.views.label_sheet import build_sheet

pytestmark = pytest.mark.django_db


def decode_png(data):
    results = zxingcpp.read_barcodes(Image.open(io.BytesIO(data)))
    return [result.text for result in results]


@pytest.mark.parametrize("identifier", ["QN-DT-0003", "QN-HV-0008", "QN-LT-0001", "QN-LT-0001-12"])
def test_png_label_decodes_to_the_short_url(client, walk, identifier):
    response = client.get(f"/id/{identifier}/qr.png")
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert decode_png(response.content) == [f"{settings.PUBLIC_BASE_URL}/id/{identifier}"]


def test_svg_label_is_the_same_code_as_the_png(client, walk):
    from xml.etree import ElementTree

    response = client.get("/id/QN-DT-0003/qr.svg")
    assert response.status_code == 200 and response["Content-Type"] == "image/svg+xml"
    svg = ElementTree.fromstring(response.content)  # noqa: S314 - our own response
    assert svg.tag.endswith("svg") and svg.find("{http://www.w3.org/2000/svg}path") is not None
    # Decoded in a real browser in tests/browser/test_visitor_guide.py (libvips here refuses SVG).


def test_labels_only_for_published_things(client, walk, places):
    assert client.get("/id/QN-DT-9999/qr.svg").status_code == 404
    assert client.get("/id/QN-LT-0001-07/qr.png").status_code == 404
    places["tan_ky"].unpublish()
    assert client.get("/id/QN-DT-0017/qr.svg").status_code == 404
    assert client.get("/id/<script>/qr.svg").status_code == 404


def test_resolver_sends_tours_and_stops_to_the_readers_language(client, walk):
    assert client.get("/id/QN-LT-0001", HTTP_ACCEPT_LANGUAGE="en")["Location"] == "/en/tours/hoi-an-walk/"
    assert (
        client.get("/id/qn-lt-0001-12", HTTP_ACCEPT_LANGUAGE="ja,en;q=0.5")["Location"]
        == "/ja/tours/hoi-an-walk/12/"
    )
    response = client.get("/id/QN-LT-0001-01", HTTP_ACCEPT_LANGUAGE="de")
    assert response["Location"] == "/vi/lo-trinh/hoi-an-walk/1/"
    assert "Accept-Language" in response["Vary"]
    assert client.get("/id/QN-LT-0009", follow=True).status_code == 404


def test_resolver_still_resolves_records(client, walk, places):
    response = client.get("/id/QN-DT-0003", HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 302 and response["Location"] == places["bridge"].url


def test_label_sheet_pdf_has_a_label_per_identifier(walk):
    ids = ["QN-DT-0003", "QN-LT-0001-12"]
    pdf = PdfReader(io.BytesIO(build_sheet(ids * 11)))  # 22 labels: two A4 pages
    assert len(pdf.pages) == 2
    width, height = (float(v) for v in pdf.pages[0].mediabox[2:])
    assert round(width / 72 * 25.4) == 210 and round(height / 72 * 25.4) == 297
    text = pdf.pages[0].extract_text()
    assert "QN-DT-0003" in text and "Chùa Cầu" in text


def test_label_sheet_from_the_admin(admin_client, walk):
    page = admin_client.get("/admin/qr-labels/")
    assert page.status_code == 200
    bad = admin_client.post("/admin/qr-labels/", {"identifiers": "QN-DT-0003 QN-DT-9999"})
    assert (
        bad.status_code == 200 and "QN-DT-9999" in bad.text and "application/pdf" not in bad["Content-Type"]
    )
    good = admin_client.post("/admin/qr-labels/", {"identifiers": "QN-DT-0003, QN-LT-0001-12"})
    assert good.status_code == 200 and good["Content-Type"] == "application/pdf"
    assert good.content.startswith(b"%PDF")


def test_label_sheet_is_for_staff_only(client, walk):
    assert client.get("/admin/qr-labels/").status_code == 302


def test_records_ticked_in_a_page_listing_go_to_the_label_sheet(admin_client, walk, places):
    bridge, tan_ky = places["bridge"], places["tan_ky"]
    listing = admin_client.get(f"/admin/pages/{bridge.get_parent().pk}/").text
    assert "/admin/bulk/wagtailcore/page/qr_labels/" in listing  # offered beside publish, move…
    response = admin_client.get(
        f"/admin/bulk/wagtailcore/page/qr_labels/?id={bridge.pk}&id={tan_ky.pk}&id={bridge.get_parent().pk}"
    )
    assert response.status_code == 302
    sheet = admin_client.get(response["Location"]).text
    assert "QN-DT-0003 QN-DT-0017" in sheet  # the index page has no identifier and is left out
    pdf = admin_client.post("/admin/qr-labels/", {"identifiers": "QN-DT-0003 QN-DT-0017"})
    assert pdf["Content-Type"] == "application/pdf"
