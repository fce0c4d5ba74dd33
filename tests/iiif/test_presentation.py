"""IIIF Presentation 3 manifests and collections: bilingual content, canvases, texts, and the IIIF schema.

Every document built here is also validated against the IIIF Presentation 3.0 JSON Schema kept in
``tests/iiif/schema/`` (see its README for where it comes from).
"""

import json
from pathlib import Path

import jsonschema
import pytest
from wagtail.models import PageViewRestriction

from catalogue.models import DocumentPageImage, RecordImage, Script
from iiif import presentation
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

BASE = "https://heritage.example.org"
SCHEMA = json.loads((Path(__file__).parent / "schema" / "iiif_3_0.json").read_text(encoding="utf-8"))
# The schema declares the unversioned "http://json-schema.org/schema#"; the IIIF validator applies it
# with Draft 7 (it relies on Draft 7's "dependencies"), so do we.
VALIDATOR = jsonschema.Draft7Validator(SCHEMA)
CC_BY = "https://creativecommons.org/licenses/by/4.0/"


NAVPLACE_CONTEXT = "http://iiif.io/api/extension/navplace/context.json"


def assert_navplace(nav_place):
    """The navPlace extension: a GeoJSON FeatureCollection (RFC 7946) with IIIF ids."""
    assert nav_place["type"] == "FeatureCollection" and nav_place["id"].startswith("http")
    for feature in nav_place["features"]:
        assert feature["type"] == "Feature" and feature["id"].startswith("http")
        assert feature["geometry"]["type"] == "Point"
        longitude, latitude = feature["geometry"]["coordinates"]
        assert 107 < longitude < 109 and 14.5 < latitude < 16.5, "GeoJSON order: longitude, latitude"


def assert_valid(document):
    """Fail with the most relevant schema errors when a IIIF document does not validate.

    The schema (2020) predates the navPlace extension and allows no extra property, so navPlace
    is checked on its own and its context must come before the Presentation context.
    """
    if "navPlace" in document:
        document = dict(document)
        assert_navplace(document.pop("navPlace"))
        assert document["@context"][0] == NAVPLACE_CONTEXT
    errors = list(VALIDATOR.iter_errors(document))
    if errors:
        best = jsonschema.exceptions.best_match(errors)
        details = [f"{list(e.absolute_path)}: {e.message}" for e in (best.context or [best])[:8]]
        pytest.fail("IIIF schema errors:\n" + "\n".join(details))


def translate_to_english(page, en):
    return factories.translate(page, en)[0]


@pytest.fixture
def english_tree(home, en, indexes):
    for page in (home, *indexes.values()):
        translate_to_english(page, en)
    return indexes


def image(tmp_path, name, **fields):
    return factories.make_image(tmp_path, name, title=name, **fields)


def with_images(page, *images, captions=None):
    captions = captions or [f"Ảnh {n}" for n in range(1, len(images) + 1)]
    page.record_images = [
        RecordImage(image=img, caption=cap) for img, cap in zip(images, captions, strict=True)
    ]
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def service(img):
    return {"id": f"{BASE}/iiif/3/{img.iiif_identifier}", "type": "ImageService3", "profile": "level2"}


def as_json(record):
    document = json.loads(presentation.manifest_json(record, BASE))
    assert_valid(document)
    return document


# -- the schema itself ----------------------------------------------------------------------------


def test_schema_is_a_valid_draft7_schema_that_rejects_broken_manifests():
    jsonschema.Draft7Validator.check_schema(SCHEMA)
    good = {
        "@context": "http://iiif.io/api/presentation/3/context.json",
        "id": f"{BASE}/iiif/manifest/X.json",
        "type": "Manifest",
        "label": {"vi": ["X"]},
        "items": [],
    }
    assert VALIDATOR.is_valid(good)
    assert not VALIDATOR.is_valid({**good, "label": "X"}), "labels must be language maps"
    assert not VALIDATOR.is_valid({**good, "rights": CC_BY}), "IIIF wants http:// Creative Commons URIs"


def test_manifest_id_follows_the_public_url():
    assert presentation.manifest_id("QN-DT-0007", BASE) == f"{BASE}/iiif/manifest/QN-DT-0007.json"


# -- manifests --------------------------------------------------------------------------------------


def test_manifest_of_a_translated_site(english_tree, en, tmp_path):
    first = image(tmp_path, "a.jpg")
    second = image(tmp_path, "b.jpg")
    second.tiled_width, second.tiled_height = 1200, 900  # the upright pyramid, not the stored file
    second.save()
    site = factories.site(
        english_tree, summary="Quần thể đền tháp Chăm.", credit_line="Ban Quản lý Mỹ Sơn", rights=CC_BY
    )
    with_images(site, first, second, captions=["Toàn cảnh", "Tháp B1"])
    english = translate_to_english(site, en)

    for record in (site, english):  # either language's page gives the same manifest
        doc = as_json(record)
        # A site has a place: the navPlace extension's context comes first.
        assert doc["@context"] == [NAVPLACE_CONTEXT, "http://iiif.io/api/presentation/3/context.json"]
        assert doc["navPlace"]["features"][0]["geometry"]["coordinates"] == [108.117, 15.767]
        assert doc["id"] == f"{BASE}/iiif/manifest/{site.identifier}.json"
        assert doc["label"] == {"vi": ["Khu đền tháp Mỹ Sơn"], "en": ["EN Khu đền tháp Mỹ Sơn"]}
        assert doc["summary"] == {"vi": ["Quần thể đền tháp Chăm."], "en": ["EN Quần thể đền tháp Chăm."]}

    metadata = {entry["label"]["en"][0]: entry for entry in doc["metadata"]}
    assert metadata["Identifier"] == {
        "label": {"vi": ["Mã định danh"], "en": ["Identifier"]},
        "value": {"vi": [site.identifier], "en": [site.identifier]},
    }
    assert metadata["Ranking"]["value"]["vi"] == ["Di sản Thế giới (UNESCO)"]
    assert all(set(entry["label"]) == {"vi", "en"} for entry in doc["metadata"])

    assert doc["requiredStatement"] == {
        "label": {"vi": ["Ghi công"], "en": ["Attribution"]},
        "value": {"vi": ["Ban Quản lý Mỹ Sơn"], "en": ["EN Ban Quản lý Mỹ Sơn"]},
    }
    assert doc["rights"] == "http://creativecommons.org/licenses/by/4.0/"
    assert doc["homepage"] == [
        {
            "id": BASE + site.url,
            "type": "Text",
            "label": {"vi": ["Khu đền tháp Mỹ Sơn"]},
            "format": "text/html",
            "language": ["vi"],
        },
        {
            "id": BASE + english.url,
            "type": "Text",
            "label": {"en": ["EN Khu đền tháp Mỹ Sơn"]},
            "format": "text/html",
            "language": ["en"],
        },
    ]
    assert doc["thumbnail"] == [
        {
            "id": f"{BASE}/iiif/3/{first.iiif_identifier}/full/!400,400/0/default.jpg",
            "type": "Image",
            "format": "image/jpeg",
            "service": [service(first)],
        }
    ]
    assert "behavior" not in doc

    base_id = f"{BASE}/iiif/manifest/{site.identifier}"
    canvases = doc["items"]
    assert [c["id"] for c in canvases] == [f"{base_id}/canvas/1", f"{base_id}/canvas/2"]
    assert [(c["width"], c["height"]) for c in canvases] == [(640, 480), (1200, 900)]
    # Image rows are translatable: wagtail-localize translated the captions with the page.
    assert [c["label"] for c in canvases] == [
        {"vi": ["Toàn cảnh"], "en": ["EN Toàn cảnh"]},
        {"vi": ["Tháp B1"], "en": ["EN Tháp B1"]},
    ]
    page = canvases[1]["items"][0]
    assert page["id"] == f"{base_id}/canvas/2/page" and page["type"] == "AnnotationPage"
    painting = page["items"][0]
    assert painting["id"] == f"{base_id}/canvas/2/page/image"
    assert painting["motivation"] == "painting" and painting["target"] == f"{base_id}/canvas/2"
    assert painting["body"] == {
        "id": f"{BASE}/iiif/3/{second.iiif_identifier}/full/max/0/default.jpg",
        "type": "Image",
        "format": "image/jpeg",
        "width": 1200,
        "height": 900,
        "service": [service(second)],
    }
    assert all("annotations" not in c for c in canvases)


def test_build_manifest_returns_a_prezi3_manifest(indexes, tmp_path):
    site = with_images(factories.site(indexes), image(tmp_path, "a.jpg"))
    manifest = presentation.build_manifest(site, BASE)
    assert type(manifest).__name__ == "Manifest" and len(manifest.items) == 1


def test_vietnamese_only_record_has_only_vietnamese_maps(indexes, tmp_path):
    art = with_images(factories.artefact(indexes, summary=""), image(tmp_path, "a.jpg"), captions=[""])
    doc = as_json(art)
    assert doc["label"] == {"vi": ["Đài thờ Trà Kiệu"]}
    assert "summary" not in doc
    assert [h["language"] for h in doc["homepage"]] == [["vi"]]
    assert all(set(entry["label"]) == {"vi"} for entry in doc["metadata"])
    assert {"label": {"vi": ["Mã định danh"]}, "value": {"vi": [art.identifier]}} in doc["metadata"]
    assert "label" not in doc["items"][0], "an empty caption gives no canvas label"


def test_metadata_keeps_each_language_apart_when_the_facts_differ(english_tree, en, tmp_path):
    site = with_images(factories.site(english_tree, dating="thế kỷ 7"), image(tmp_path, "a.jpg"))
    english = translate_to_english(site, en)
    english.dating = ""
    english.save_revision().publish()
    doc = as_json(site)
    languages = [tuple(entry["label"]) for entry in doc["metadata"]]
    assert set(languages) == {("vi",), ("en",)}
    assert {"label": {"vi": ["Niên đại"]}, "value": {"vi": ["thế kỷ 7"]}} in doc["metadata"]
    assert not any(entry["label"].get("en") == ["Dating"] for entry in doc["metadata"])
    assert languages.count(("vi",)) == languages.count(("en",)) + 1


def test_required_statement_falls_back_to_the_image_then_to_the_archive(indexes, tmp_path):
    credited = image(tmp_path, "a.jpg", credit_line="Ảnh: Nguyễn Văn A")
    site = with_images(factories.site(indexes), credited)
    assert as_json(site)["requiredStatement"]["value"] == {"none": ["Ảnh: Nguyễn Văn A"]}

    art = with_images(factories.artefact(indexes), image(tmp_path, "b.jpg"))
    assert as_json(art)["requiredStatement"] == {
        "label": {"vi": ["Ghi công"], "en": ["Attribution"]},
        "value": {"vi": ["Di sản Quảng Nam"], "en": ["Quảng Nam Heritage"]},
    }
    assert as_json(art)["rights"] == "http://rightsstatements.org/vocab/InC-EDU/1.0/"


def test_documentary_manifest_pages_and_texts(english_tree, en, tmp_path):
    scans = [image(tmp_path, f"p{n}.jpg") for n in range(1, 4)]
    doc_page = factories.documentary(english_tree)
    doc_page.scripts = [Script.objects.create(key="han", label_vi="Chữ Hán", label_en="Han")]
    doc_page.pages = [
        DocumentPageImage(
            image=scans[0],
            label="Trang 1",
            transcription="敕旨廣南省",
            transliteration="Sắc chỉ Quảng Nam tỉnh",
            translation="Sắc chỉ cho tỉnh Quảng Nam",
        ),
        DocumentPageImage(image=scans[1], label="Trang 2", transcription="欽哉"),
        DocumentPageImage(image=scans[2], label="Bìa sau"),
    ]
    doc_page.save_revision().publish()
    english = translate_to_english(doc_page, en)
    # Page rows are translated with the page; the original text and its reading are synchronised.
    translated = as_json(english)["items"][0]["annotations"][0]["items"]
    assert [a["body"]["language"] for a in translated] == ["lzh", "vi", "vi", "en"]
    assert translated[0]["body"]["value"] == "敕旨廣南省"

    rows = list(english.pages.all())  # an editor translates the first page of the English version
    rows[0].label, rows[0].translation = "Page 1", "Royal edict to Quảng Nam province"
    english.pages = rows
    english.save_revision().publish()

    doc = as_json(english)
    assert doc["behavior"] == ["paged"] and doc["viewingDirection"] == "left-to-right"
    canvases = doc["items"]
    base_id = f"{BASE}/iiif/manifest/{doc_page.identifier}"
    assert [c["label"] for c in canvases] == [
        {"vi": ["Trang 1"], "en": ["Page 1"]},
        {"vi": ["Trang 2"], "en": ["EN Trang 2"]},
        {"vi": ["Bìa sau"], "en": ["EN Bìa sau"]},
    ]
    assert [c["items"][0]["items"][0]["body"]["service"] for c in canvases] == [[service(s)] for s in scans]
    assert doc["thumbnail"][0]["service"] == [service(scans[0])]

    texts = canvases[0]["annotations"]
    assert [page["id"] for page in texts] == [f"{base_id}/canvas/1/text"]
    annotations = texts[0]["items"]
    assert [a["id"] for a in annotations] == [f"{base_id}/canvas/1/text/{k}" for k in range(1, 5)]
    assert {(a["motivation"], a["target"]) for a in annotations} == {("supplementing", f"{base_id}/canvas/1")}
    assert [a["body"] for a in annotations] == [
        {"type": "TextualBody", "value": "敕旨廣南省", "format": "text/plain", "language": "lzh"},
        {"type": "TextualBody", "value": "Sắc chỉ Quảng Nam tỉnh", "format": "text/plain", "language": "vi"},
        {
            "type": "TextualBody",
            "value": "Sắc chỉ cho tỉnh Quảng Nam",
            "format": "text/plain",
            "language": "vi",
        },
        {
            "type": "TextualBody",
            "value": "Royal edict to Quảng Nam province",
            "format": "text/plain",
            "language": "en",
        },
    ]
    assert [a["label"]["en"] for a in annotations] == [
        ["Transcription"],
        ["Transliteration"],
        ["Translation"],
        ["Translation"],
    ]
    assert [a["body"]["value"] for a in canvases[1]["annotations"][0]["items"]] == ["欽哉"]
    assert "annotations" not in canvases[2], "a page without text has no text annotations"
    metadata = {entry["label"]["en"][0]: entry["value"] for entry in doc["metadata"]}
    assert metadata["Pages"] == {"vi": ["3"], "en": ["3"]}


def test_single_sheet_in_nom_is_not_paged_and_is_tagged_as_vietnamese(indexes, tmp_path):
    sheet = factories.documentary(indexes, slug="van-te", doc_type="manuscript")
    sheet.scripts = [Script.objects.create(key="nom", label_vi="Chữ Nôm", label_en="Nom script")]
    sheet.pages = [DocumentPageImage(image=image(tmp_path, "a.jpg"), label="Tờ 1", transcription="𡨸喃")]
    sheet.save_revision().publish()
    doc = as_json(sheet)
    assert "behavior" not in doc and doc["viewingDirection"] == "left-to-right"
    body = doc["items"][0]["annotations"][0]["items"][0]["body"]
    assert (body["value"], body["language"]) == ("𡨸喃", "vi-Hani")


def test_records_without_images_have_no_manifest(indexes):
    for record in (factories.site(indexes), factories.documentary(indexes)):
        with pytest.raises(LookupError):
            presentation.build_manifest(record, BASE)
        with pytest.raises(LookupError):
            presentation.manifest_json(record, BASE)


def test_unpublished_records_have_no_manifest(indexes, tmp_path):
    site = with_images(factories.site(indexes), image(tmp_path, "a.jpg"))
    site.unpublish()
    with pytest.raises(LookupError):
        presentation.build_manifest(site, BASE)


# -- collections ------------------------------------------------------------------------------------


def test_top_collection_lists_one_sub_collection_per_record_type(indexes):
    doc = json.loads(presentation.collection_json(BASE))
    assert_valid(doc)
    assert doc["id"] == f"{BASE}/iiif/collection/top.json" and doc["type"] == "Collection"
    assert doc["label"] == {"vi": ["Di sản Quảng Nam"], "en": ["Quảng Nam Heritage"]}
    assert [(item["id"], item["type"]) for item in doc["items"]] == [
        (f"{BASE}/iiif/collection/{name}.json", "Collection")
        for name in ("sitepage", "artefactpage", "intangiblepage", "documentarypage")
    ]
    assert doc["items"][0]["label"] == {"vi": ["Di tích"], "en": ["Heritage sites"]}
    assert doc["items"][3]["label"] == {"vi": ["Di sản tư liệu"], "en": ["Documentary heritage"]}


def test_type_collections_list_published_records_with_images(english_tree, en, tmp_path):
    shown = with_images(factories.site(english_tree, slug="my-son"), image(tmp_path, "a.jpg"))
    translate_to_english(shown, en)
    also = with_images(
        factories.site(english_tree, title="Chùa Cầu", slug="chua-cau"), image(tmp_path, "b.jpg")
    )
    draft = with_images(factories.site(english_tree, slug="ban-nhap"), image(tmp_path, "c.jpg"))
    draft.unpublish()
    private = with_images(factories.site(english_tree, slug="rieng-tu"), image(tmp_path, "d.jpg"))
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    factories.site(english_tree, slug="khong-anh")  # published, but nothing to show
    document = factories.documentary(english_tree)
    document.pages = [DocumentPageImage(image=image(tmp_path, "e.jpg"), label="Trang 1")]
    document.save_revision().publish()

    sites = json.loads(presentation.collection_json(BASE, "sitepage"))
    assert_valid(sites)
    assert sites["id"] == f"{BASE}/iiif/collection/sitepage.json"
    assert sites["label"] == {"vi": ["Di tích"], "en": ["Heritage sites"]}
    assert sites["items"] == [
        {
            "id": f"{BASE}/iiif/manifest/{shown.identifier}.json",
            "type": "Manifest",
            "label": {"vi": ["Khu đền tháp Mỹ Sơn"], "en": ["EN Khu đền tháp Mỹ Sơn"]},
        },
        {
            "id": f"{BASE}/iiif/manifest/{also.identifier}.json",
            "type": "Manifest",
            "label": {"vi": ["Chùa Cầu"]},
        },
    ]
    documents = json.loads(presentation.collection_json(BASE, "documentarypage"))
    assert_valid(documents)
    assert [item["id"] for item in documents["items"]] == [f"{BASE}/iiif/manifest/{document.identifier}.json"]
    for record_type in ("artefactpage", "intangiblepage"):
        empty = json.loads(presentation.collection_json(BASE, record_type))
        assert_valid(empty)
        assert empty["items"] == []
    for item in sites["items"] + documents["items"]:  # every listed manifest exists and validates
        identifier = item["id"].rsplit("/", 1)[1].removesuffix(".json")
        record = next(r for r in (shown, also, document) if r.identifier == identifier)
        assert as_json(record)["id"] == item["id"]


def test_build_collection_returns_a_prezi3_collection_and_rejects_unknown_types(indexes):
    assert type(presentation.build_collection(BASE)).__name__ == "Collection"
    with pytest.raises(LookupError):
        presentation.build_collection(BASE, "homepage")
