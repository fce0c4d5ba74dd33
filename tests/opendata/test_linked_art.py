"""Linked Art JSON-LD: expanded with pyld against the published context kept in the repository;
every term we write is one the context defines (nothing is silently dropped), and the CIDOC-CRM
classes and properties are the ones the Linked Art model prescribes."""

import json
from pathlib import Path

import pytest
from pyld import jsonld

pytestmark = pytest.mark.django_db
CONTEXT_FILE = Path(__file__).resolve().parents[2] / "opendata" / "contexts" / "linked-art.json"
CRM = "http://www.cidoc-crm.org/cidoc-crm/"


def local_loader(url, options=None):
    assert url == "https://linked.art/ns/v1/linked-art.json", f"no network: {url}"
    return {"contextUrl": None, "documentUrl": url, "document": json.loads(CONTEXT_FILE.read_text())}


def expand(document):
    return jsonld.expand(document, {"documentLoader": local_loader})


def keys(value):
    if isinstance(value, dict):
        return {k for k in value if k != "@context"} | {k for v in value.values() for k in keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in keys(v)}
    return set()


def test_artefact_is_a_human_made_object(client, archive):
    response = client.get("/api/linked-art/QN-HV-0001")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/ld+json")
    document = json.loads(response.content)
    expanded = expand(document)
    node = expanded[0]
    assert node["@type"] == [CRM + "E22_Human-Made_Object"]
    assert node["@id"] == "http://127.0.0.1:8000/api/linked-art/QN-HV-0001"
    text = json.dumps(expanded)
    for prop in (
        "P1_is_identified_by",
        "P43_has_dimension",
        "P45_consists_of",
        "P108i_was_produced_by",
        "P67i_is_referred_to_by",
    ):
        assert CRM + prop in text, prop
    assert "http://vocab.getty.edu/aat/300011765" in text  # sandstone, from the vocabulary's URI
    assert "http://vocab.getty.edu/aat/300312355" in text and "BTC-1" in text
    # Compacting the expansion gives the document back: no term of ours is unknown to the context.
    compacted = jsonld.compact(
        expanded, "https://linked.art/ns/v1/linked-art.json", {"documentLoader": local_loader}
    )
    assert keys(compacted) == keys(document)


def test_site_is_a_place_with_its_public_point(client, archive):
    document = json.loads(client.get("/api/linked-art/QN-DT-0002").content)
    assert document["defined_by"] == "POINT(108.1245 15.7641)"
    assert document["part_of"][0]["id"] == "http://127.0.0.1:8000/api/linked-art/QN-DT-0001"
    expanded = expand(document)
    assert expanded[0]["@type"] == [CRM + "E53_Place"]
    compacted = jsonld.compact(
        expanded, "https://linked.art/ns/v1/linked-art.json", {"documentLoader": local_loader}
    )
    assert keys(compacted) == keys(document)


def test_no_linked_art_for_intangible_or_missing_records(client, archive):
    assert client.get("/api/linked-art/QN-PVT-0001").status_code == 404
    assert client.get("/api/linked-art/QN-HV-0999").status_code == 404
    assert client.get("/api/linked-art/QN-TL-0001").status_code == 200  # a document is an object


def test_the_context_is_served_as_published(client):
    served = json.loads(client.get("/api/linked-art/context.json").content)
    assert served == json.loads(CONTEXT_FILE.read_text())


def test_schema_org_on_every_public_record_page(client, archive):
    import re

    for page in (archive["altar"], archive["bai_choi"], archive["ordinance"], archive["my_son"]):
        html = client.get(page.url).content.decode()
        blocks = [
            json.loads(b) for b in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html)
        ]
        assert len(blocks) == 1, page.url
        assert blocks[0]["@context"] == "https://schema.org" and blocks[0]["identifier"] == page.identifier
        assert f'href="/api/records/{page.identifier}?lang=vi"' in html
    artefact = json.loads(
        re.search(r'ld\+json">(.*?)</script>', client.get(archive["altar"].url).content.decode()).group(1)
    )
    assert artefact["@type"] == ["VisualArtwork"] and artefact["artMedium"] == "Sa thạch"
