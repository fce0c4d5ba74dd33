"""The import and export screens of the admin, and the curator's first-time-right admin."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield
from wagtail.users.models import UserProfile

from catalogue.models import ArtefactPage
from cataloguing.models import ImportRun
from images.models import HeritageImage

from .. import factories
from .files import ARTEFACT_HEADERS_VI, artefact_rows, write_csv

pytestmark = pytest.mark.django_db


def upload(client, path, **fields):
    with path.open("rb") as handle:
        data = {"file": SimpleUploadedFile(path.name, handle.read()), **fields}
    return client.post(reverse("cataloguing_import"), data)


def test_upload_preview_apply_in_background_with_progress(
    curator_client, vocab, tmp_path, django_capture_on_commit_callbacks
):
    response = upload(curator_client, write_csv(tmp_path / "a.csv", ARTEFACT_HEADERS_VI, artefact_rows(3)))
    assert response.status_code == 302
    run = ImportRun.objects.get()
    preview = curator_client.get(response["Location"]).content.decode()
    assert "3 mới, 0 cập nhật" in preview and "Tượng Phật số 2" in preview
    assert ArtefactPage.objects.count() == 0  # checking writes nothing
    with django_capture_on_commit_callbacks(execute=True):
        response = curator_client.post(reverse("cataloguing_import_apply", args=(run.pk,)))
    assert response.status_code == 302
    status = curator_client.get(reverse("cataloguing_import_status", args=(run.pk,))).json()
    assert status["status"] == "done" and status["rows_done"] == 3 and status["percent"] == 100
    assert "3 hồ sơ được tạo" in status["summary"]
    pages = ArtefactPage.objects.all()
    assert pages.count() == 3 and not any(p.live for p in pages)
    # A curator may not publish: the drafts are in the review workflow.
    assert all(p.workflow_in_progress for p in pages)
    progress = curator_client.get(reverse("cataloguing_import_progress", args=(run.pk,))).content.decode()
    assert "3 hồ sơ được tạo" in progress


def test_a_bad_file_is_reported_in_the_preview_and_cannot_be_applied(curator_client, vocab, tmp_path):
    rows = artefact_rows(2)
    rows[1][6] = "Vàng ròng"
    response = upload(curator_client, write_csv(tmp_path / "a.csv", ARTEFACT_HEADERS_VI, rows))
    page = curator_client.get(response["Location"]).content.decode()
    assert "Vàng ròng" in page and "Chất liệu" in page and "data-apply" not in page
    run = ImportRun.objects.get()
    response = curator_client.post(reverse("cataloguing_import_apply", args=(run.pk,)), follow=True)
    assert "Tệp này có lỗi" in response.content.decode()
    assert ImportRun.objects.get().status == "checked"
    assert ArtefactPage.objects.count() == 0


def test_templates_document_every_column(curator_client, vocab):
    response = curator_client.get(reverse("cataloguing_template", args=("artefact",)))
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    headers = [cell.value for cell in book.worksheets[0][1]]
    assert headers[:3] == ["Mã định danh", "Tên", "Tóm tắt"] and "Số kiểm kê" in headers
    docs = {row[0]: row for row in book.worksheets[1].iter_rows(values_only=True)}
    assert "Đồng" in docs["Chất liệu"][4] and docs["Chất liệu"][1] == "Materials"
    assert docs["Tên"][2] == "có" and docs["Cao (mm)"][5] == "1080"


def test_export_from_a_listing_keeps_its_filters(admin_client, indexes, vocab):
    factories.artefact(indexes, status="national_treasure", inventory_number="A-1")
    factories.artefact(indexes, title="Bình gốm", slug="binh-gom", status="antique", inventory_number="A-2")
    listing = admin_client.get("/admin/artefacts/?status=antique").content.decode()
    assert "/admin/cataloguing/export/artefact/?status=antique" in listing.replace("&amp;", "&")
    response = admin_client.get("/admin/cataloguing/export/artefact/?status=antique&format=csv")
    text = response.content.decode("utf-8-sig")
    assert "Bình gốm" in text and "Đài thờ Trà Kiệu" not in text


def test_dashboard_shows_my_drafts_and_failed_tiling_beside_other_panels(
    curator_client, roles, indexes, tmp_path
):
    image = factories.make_image(tmp_path)
    HeritageImage.objects.filter(pk=image.pk).update(
        tiling_status="failed", tiling_error="VipsJpeg: premature end"
    )
    draft = ArtefactPage(title="Nháp của tôi", slug="nhap", owner=roles["curator"], live=False)
    indexes["artefact"].add_child(instance=draft)
    draft.save_revision(user=roles["curator"])
    # The restoration archive's fixity alarm (another app's panel) stands beside ours.
    from restoration.models import AuditAction, AuditEntry, AuditOutcome
    from restoration.roles import grant_archive_permissions

    grant_archive_permissions()  # what the archive does on commit when the curators' group is created

    AuditEntry.log(
        AuditAction.FIXITY_CHECK, AuditOutcome.MISMATCH, record_identifier="QN-HV-0042", summary="1 changed"
    )
    html = curator_client.get("/admin/").content.decode()
    assert "Bản nháp của tôi" in html and "Nháp của tôi" in html
    assert "Ảnh không tạo được ô xem phóng to" in html and "premature end" in html
    assert "QN-HV-0042" in html and 'role="alert"' in html


def test_save_draft_works_first_time_with_a_vietnamese_title_and_no_slug(curator_client, indexes, vocab):
    url = reverse("wagtailadmin_pages:add", args=("catalogue", "artefactpage", indexes["artefact"].pk))
    fields = {
        "title": "Đài thờ Trà Kiệu",
        "slug": "",
        "identifier": "",
        "summary": "",
        "dating": "",
        "earliest_year": "",
        "latest_year": "",
        "rights": "http://rightsstatements.org/vocab/InC-EDU/1.0/",
        "status": "other",
        "record_images": inline_formset([]),
        "body": streamfield([]),
        "action-draft": "1",
    }
    for _n in range(2):
        response = curator_client.post(url, nested_form_data(fields))
        assert response.status_code == 302, response.content.decode()[:2000]
    slugs = sorted(Page.objects.filter(title="Đài thờ Trà Kiệu").values_list("slug", flat=True))
    assert slugs == ["dai-tho-tra-kieu", "dai-tho-tra-kieu-2"]
    assert sorted(ArtefactPage.objects.values_list("identifier", flat=True)) == ["QN-HV-0001", "QN-HV-0002"]


def test_image_upload_takes_its_title_from_the_file_hides_focal_points_and_offers_the_duplicate(
    curator_client, roles, tmp_path
):
    form = curator_client.get(reverse("wagtailimages:add")).content.decode()
    assert (
        'type="hidden" name="focal_point_x"' in form
        and 'data-w-sync-name-value="wagtail:images-upload"' in form
    )
    path = factories.write_image(tmp_path / "BTC-0012_mat_truoc.jpg")
    with path.open("rb") as handle:
        response = curator_client.post(
            reverse("wagtailimages:add"),
            {"title": "", "file": handle, "rights": "http://rightsstatements.org/vocab/InC-EDU/1.0/"},
        )
    assert response.status_code == 302, response.content.decode()[:3000]
    image = HeritageImage.objects.get()
    assert image.title == "BTC-0012 mat truoc"
    with path.open("rb") as handle:
        response = curator_client.post(
            reverse("wagtailimages:add"),
            {"title": "", "file": handle, "rights": "http://rightsstatements.org/vocab/InC-EDU/1.0/"},
        )
    html = response.content.decode()
    assert reverse("wagtailimages:edit", args=(image.pk,)) in html and "Dùng ảnh đã có" in html


def test_an_import_writes_each_moderator_once_not_once_per_record(
    curator_client, roles, vocab, tmp_path, mailoutbox, django_capture_on_commit_callbacks
):
    head = UserProfile.get_for_user(roles["head"])
    head.preferred_language = "vi"
    head.save()
    response = upload(curator_client, write_csv(tmp_path / "a.csv", ARTEFACT_HEADERS_VI, artefact_rows(30)))
    run = ImportRun.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        curator_client.post(reverse("cataloguing_import_apply", args=(run.pk,)))
    assert ArtefactPage.objects.filter(live=False).count() == 30
    assert all(page.workflow_in_progress for page in ArtefactPage.objects.all())
    to_head = [mail for mail in mailoutbox if "head@example.org" in mail.to]
    assert len(to_head) == 1, [mail.subject for mail in mailoutbox]
    (mail,) = to_head
    assert mail.subject == "30 hồ sơ nhập từ tệp đang chờ anh/chị duyệt"
    identifiers = sorted(ArtefactPage.objects.values_list("identifier", flat=True))
    assert all(f"- {identifier}" in mail.body for identifier in identifiers)
    assert len(mailoutbox) <= 2  # at most the head and the curator who imported, once each

    # Outside an import, a submission is notified by Wagtail as before.
    mailoutbox.clear()
    page = ArtefactPage.objects.first()
    page.current_workflow_state.cancel(user=roles["curator"])
    page.get_workflow().start(page, roles["curator"])
    assert any("head@example.org" in mail.to for mail in mailoutbox)
    assert response.status_code == 302
