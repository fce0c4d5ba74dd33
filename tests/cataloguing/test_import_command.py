"""import_records / export_records on real CSV and XLSX files, good and bad."""

import pytest
from django.core.management import call_command
from wagtail.models import Revision

from catalogue.models import ArtefactPage, Material, SitePage
from cataloguing.models import ImportedRow
from images.models import HeritageImage

from .. import factories
from .files import ARTEFACT_HEADERS_VI, artefact_rows, write_csv, write_xlsx

pytestmark = pytest.mark.django_db

SITE_HEADERS_EN = [
    "Title",
    "Ranking",
    "Category",
    "Latitude",
    "Longitude",
    "Commune / ward",
    "Sensitive location",
]


def run(capsys, *args):
    """Run import_records; return (exit code, output)."""
    try:
        call_command("import_records", *map(str, args))
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    return code, capsys.readouterr().out


def test_csv_import_creates_drafts_with_terms_dimensions_and_gapless_identifiers(
    indexes, vocab, tmp_path, capsys
):
    code, out = run(capsys, write_csv(tmp_path / "a.csv", ARTEFACT_HEADERS_VI, artefact_rows(3)))
    assert code == 0, out
    pages = list(ArtefactPage.objects.order_by("identifier"))
    assert [p.identifier for p in pages] == ["QN-HV-0001", "QN-HV-0002", "QN-HV-0003"]
    first = pages[0].get_latest_revision_as_object()
    assert not pages[0].live and pages[0].slug == "tuong-phat-so-1"
    assert first.holding_institution == vocab["museum"] and first.culture == vocab["cham"]
    assert set(first.materials.all()) == {vocab["bronze"], vocab["sandstone"]}
    assert str(first.width_mm) == "420.5" and first.earliest_year == 601 and first.status == "antique"
    assert "3 records created" in out.replace("3 hồ sơ", "3 records") or "3" in out


def test_xlsx_with_english_headers_and_labels_imports_sites(indexes, tmp_path, capsys):
    path = write_xlsx(
        tmp_path / "sites.xlsx",
        SITE_HEADERS_EN,
        [
            [
                "Tháp Chiên Đàn",
                "National relic",
                "Architectural and artistic",
                15.5678,
                108.4531,
                "xã Tam Xuân",
                "no",
            ],
            ["Đình Cẩm Phô", "provincial", "historical", "15.8772", "108.3265", "phường Hội An", "không"],
        ],
    )
    code, out = run(capsys, path, "--language", "en")
    assert code == 0, out
    chien_dan = SitePage.objects.get(slug="thap-chien-dan").get_latest_revision_as_object()
    assert chien_dan.ranking == "national" and float(chien_dan.latitude) == 15.5678
    assert SitePage.objects.get(slug="dinh-cam-pho").identifier == "QN-DT-0002"


def test_dry_run_reports_every_problem_by_row_and_column_in_vietnamese_and_writes_nothing(
    indexes, vocab, tmp_path, capsys
):
    rows = artefact_rows(4)
    rows[0][6] = "Đồng; Ngọc bích"  # unknown material
    rows[1][2] = "BTC-0001"  # duplicate inventory number within the file
    rows[2][11] = "-5"  # height must be > 0
    rows[3][9] = "năm 601"  # not a number
    path = write_csv(tmp_path / "bad.csv", ARTEFACT_HEADERS_VI, rows)
    code, out = run(capsys, path, "--dry-run")
    assert code == 1
    assert "Dòng 2, “Chất liệu”" in out and "Ngọc bích" in out
    assert "Dòng 3, “Số kiểm kê”" in out and "BTC-0001" in out
    assert "Dòng 4, “Cao (mm)”" in out
    assert "Dòng 5, “Năm sớm nhất”" in out
    assert ArtefactPage.objects.count() == 0 and Material.objects.count() == 2
    # Without --dry-run the same file writes nothing either.
    code, out = run(capsys, path)
    assert code == 1 and ArtefactPage.objects.count() == 0


def test_unknown_terms_are_created_on_request(indexes, vocab, tmp_path, capsys):
    rows = artefact_rows(1)
    rows[0][6] = "Ngọc bích"
    code, out = run(capsys, write_csv(tmp_path / "a.csv", ARTEFACT_HEADERS_VI, rows), "--create-terms")
    assert code == 0, out
    jade = Material.objects.get(label_vi="Ngọc bích")
    assert list(ArtefactPage.objects.get().get_latest_revision_as_object().materials.all()) == [jade]


def test_swapped_coordinates_are_named_as_such(indexes, tmp_path, capsys):
    path = write_csv(
        tmp_path / "s.csv",
        SITE_HEADERS_EN,
        [
            ["Tháp Bằng An", "national", "historical", "108.2731", "15.8832", "", ""],
        ],
    )
    code, out = run(capsys, path, "--language", "en")
    assert code == 1 and "Row 2" in out and "look swapped" in out
    assert SitePage.objects.count() == 0


@pytest.mark.parametrize("encoding", ["cp1258", "utf-8-sig"])
def test_windows_1258_and_utf8_bom_are_read_as_unicode(indexes, vocab, tmp_path, capsys, encoding):
    path = write_csv(
        tmp_path / "a.csv", ARTEFACT_HEADERS_VI, artefact_rows(1), encoding=encoding, delimiter=";"
    )
    code, out = run(capsys, path)
    assert code == 0, out
    page = ArtefactPage.objects.get()
    assert page.title == "Tượng Phật số 1"  # NFC, whatever the file held
    assert ("Windows-1258" in out) == (encoding == "cp1258")


def test_missing_required_column_and_formulas_are_refused(indexes, vocab, tmp_path, capsys):
    headers = [h for h in ARTEFACT_HEADERS_VI if h != "Tên"]
    rows = [r[:1] + r[2:] for r in artefact_rows(1)]
    code, out = run(capsys, write_csv(tmp_path / "a.csv", headers, rows), "--type", "artefact")
    assert code == 1 and "“Tên” (Title)" in out
    rows = artefact_rows(2)
    rows[1][11] = "=B2*2"
    code, out = run(capsys, write_xlsx(tmp_path / "f.xlsx", ARTEFACT_HEADERS_VI, rows))
    assert code == 1 and "Dòng 3, “Cao (mm)”" in out and "=B2*2" in out
    assert ArtefactPage.objects.count() == 0


def test_a_50_mb_file_is_refused_before_it_is_read(indexes, tmp_path, capsys):
    path = tmp_path / "huge.csv"
    row = ",".join(["Tượng"] * 8) + "\r\n"
    with path.open("w", encoding="utf-8") as handle:
        handle.write(",".join(ARTEFACT_HEADERS_VI) + "\r\n")
        handle.write(row * (50 * 1024 * 1024 // len(row.encode()) + 1))
    assert path.stat().st_size >= 50 * 1024 * 1024
    code, out = run(capsys, path)
    assert code == 1 and "MB" in out and "chia thành các tệp nhỏ hơn" in out
    assert ArtefactPage.objects.count() == 0


def test_reimport_updates_as_new_revision_and_never_duplicates(indexes, vocab, tmp_path, capsys):
    path = write_csv(tmp_path / "a.csv", ARTEFACT_HEADERS_VI, artefact_rows(2))
    run(capsys, path)
    rows = artefact_rows(2)
    rows[0][1] = "Tượng Phật Đồng Dương"  # matched by institution + inventory number
    code, out = run(capsys, write_csv(tmp_path / "b.csv", ARTEFACT_HEADERS_VI, rows))
    assert code == 0, out
    assert ArtefactPage.objects.count() == 2
    page = ArtefactPage.objects.get(identifier="QN-HV-0001")
    assert page.get_latest_revision_as_object().title == "Tượng Phật Đồng Dương"
    assert Revision.page_revisions.filter(object_id=str(page.pk)).count() == 2
    assert (
        Revision.page_revisions.filter(
            object_id=str(ArtefactPage.objects.get(identifier="QN-HV-0002").pk)
        ).count()
        == 1
    )


def test_export_reimported_unchanged_changes_nothing(indexes, vocab, tmp_path, capsys):
    site = factories.site(indexes)
    run(
        capsys,
        write_csv(
            tmp_path / "a.csv",
            ARTEFACT_HEADERS_VI,
            [
                [
                    "",
                    "Tượng = Shiva",
                    "BTC-7",
                    "Museum of Cham Sculpture",
                    "rare",
                    "Statue",
                    "Bronze",
                    "",
                    "",
                    "-200",
                    "100",
                    "1080.5",
                    "",
                    "",
                ],
            ],
        ),
    )
    page = ArtefactPage.objects.get()
    revision = page.get_latest_revision_as_object()
    revision.findspot = site
    revision.summary = "=cmd|' /C calc'!A0"  # a formula-like text stays text both ways
    revision.save_revision()
    for suffix in ("csv", "xlsx"):
        out_file = tmp_path / f"export.{suffix}"
        call_command("export_records", "--type", "artefact", str(out_file))
        revisions = Revision.objects.count()
        code, out = run(capsys, out_file)
        assert code == 0, out
        assert "0 hồ sơ được tạo, 0 được cập nhật, 1 không đổi" in out or "1 unchanged" in out, out
        assert Revision.objects.count() == revisions


def test_images_attached_by_inventory_number_through_ingest_and_reused(indexes, vocab, tmp_path, capsys):
    folder = tmp_path / "scans"
    folder.mkdir()
    factories.write_image(folder / "BTC-0001.jpg")
    factories.write_image(folder / "BTC-0001_2.jpg", 400, 300)
    factories.write_image(folder / "BTC-0002.tif", 300, 200)
    (folder / "BTC-0003.jpg").write_bytes(b"not an image at all")
    path = write_csv(tmp_path / "a.csv", ARTEFACT_HEADERS_VI, artefact_rows(3))
    code, out = run(capsys, path, "--images", folder)
    assert code == 0, out
    first = ArtefactPage.objects.get(identifier="QN-HV-0001").get_latest_revision_as_object()
    assert [ri.image.original_filename for ri in first.record_images.all()] == [
        "BTC-0001.jpg",
        "BTC-0001_2.jpg",
    ]
    assert HeritageImage.objects.count() == 3
    # Named explicitly, the broken file is reported with ingest's own reason.
    rows = artefact_rows(1, start=3)
    rows[0][13] = "BTC-0003.jpg"
    code, out = run(capsys, write_csv(tmp_path / "b.csv", ARTEFACT_HEADERS_VI, rows), "--images", folder)
    assert code == 1 and "BTC-0003.jpg" in out
    # Same images again under other rows: reused, not stored twice.
    rows = artefact_rows(1, start=9)
    rows[0][13] = "BTC-0002.tif"
    code, out = run(capsys, write_csv(tmp_path / "c.csv", ARTEFACT_HEADERS_VI, rows), "--images", folder)
    assert code == 0, out
    assert HeritageImage.objects.count() == 3


def test_a_row_that_kills_the_batch_leaves_it_unwritten_and_a_rerun_completes_without_duplicates(
    indexes, vocab, tmp_path, capsys, monkeypatch
):
    from wagtail.models import Page

    path = write_csv(tmp_path / "a.csv", ARTEFACT_HEADERS_VI, [[*r[:13], ""] for r in artefact_rows(7)])
    rows = artefact_rows(7)
    for r in rows:
        r[2] = ""  # no inventory number: only the file's own row ledger can find them again
    path = write_csv(tmp_path / "a.csv", ARTEFACT_HEADERS_VI, rows)
    original = Page.save_revision
    calls = {"n": 0}

    def dying_save_revision(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 5:
            raise MemoryError("worker killed")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Page, "save_revision", dying_save_revision)
    code, out = run(capsys, path, "--batch-size", "3")
    assert code == 1 and "Dòng 6" in out
    assert ArtefactPage.objects.count() == 3  # the first batch; none of the second
    assert ImportedRow.objects.count() == 3
    monkeypatch.setattr(Page, "save_revision", original)
    code, out = run(capsys, path, "--batch-size", "3")
    assert code == 0, out
    assert ArtefactPage.objects.count() == 7
    assert sorted(ArtefactPage.objects.values_list("identifier", flat=True)) == [
        f"QN-HV-{n:04d}" for n in range(1, 8)
    ]


def test_intangible_and_documentary_records_import_and_round_trip(indexes, tmp_path, capsys):
    from catalogue.models import DocumentaryPage, IntangiblePage, Script

    site = factories.site(indexes)
    Script.objects.create(key="han", label_vi="Chữ Hán", label_en="Chinese characters")
    museum = factories.institution()
    code, out = run(
        capsys,
        write_xlsx(
            tmp_path / "pvt.xlsx",
            ["Title", "UNESCO domain", "Inscription year", "Related sites", "Communities"],
            [
                ["Nghệ thuật Bài Chòi", "Performing arts", 2017, site.identifier, "Hội An; Duy Xuyên"],
            ],
        ),
        "--language",
        "en",
    )
    assert code == 0, out
    bai_choi = IntangiblePage.objects.get().get_latest_revision_as_object()
    assert bai_choi.unesco_domain == "performing_arts" and list(bai_choi.related_sites.all()) == [site]
    code, out = run(
        capsys,
        write_csv(
            tmp_path / "tl.csv",
            ["Tên", "Loại tư liệu", "Chữ viết", "Nơi lưu giữ"],
            [
                ["Sắc phong đình Cẩm Phô", "Sắc phong", "Chinese characters", museum.label_vi],
            ],
        ),
    )
    assert code == 0, out
    ordinance = DocumentaryPage.objects.get().get_latest_revision_as_object()
    assert ordinance.doc_type == "royal_ordinance" and ordinance.holding_institution == museum
    assert [s.key for s in ordinance.scripts.all()] == ["han"]
    for record_type in ("intangible", "documentary"):
        out_file = tmp_path / f"{record_type}.xlsx"
        call_command("export_records", "--type", record_type, str(out_file), "--language", "en")
        revisions = Revision.objects.count()
        code, out = run(capsys, out_file, "--language", "en")
        assert code == 0 and "1 unchanged" in out, out
        assert Revision.objects.count() == revisions
