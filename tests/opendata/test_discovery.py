"""IIIF Change Discovery 1.0: our OrderedCollection, pages and activities take the shape of the
specification's own examples (read from the spec text kept in tests/opendata/data), and an
aggregator walking backwards from the last page sees every change in order."""

import json
import re
from pathlib import Path

import pytest

from opendata import discovery

from .conftest import commit, publish

pytestmark = pytest.mark.django_db
SPEC = (Path(__file__).parent / "data" / "iiif-discovery-1.0.md").read_text()


def spec_examples():
    blocks = []
    for text in re.findall(r"```json-doc\n(.*?)```", SPEC, re.S):
        try:
            blocks.append(json.loads(text))
        except json.JSONDecodeError:
            continue  # fragments such as { "id": ... } lists
    return blocks


def example(kind):
    """The spec's largest example of an OrderedCollection or OrderedCollectionPage."""
    return max((b for b in spec_examples() if b.get("type") == kind), key=len)


def activity_keys():
    keys = set()
    for block in spec_examples():
        for item in block.get("orderedItems", []) + ([block] if "object" in block else []):
            keys |= set(item)
    return keys


def same_shape(ours, theirs, path="$"):
    """Every key we use appears in the spec's example with a value of the same JSON type."""
    for key, value in ours.items():
        assert key in theirs, f"{path}.{key} is not in the spec's example"
        if isinstance(value, dict):
            same_shape(value, theirs[key], f"{path}.{key}")
        else:
            assert type(value) is type(theirs[key]) or {type(value), type(theirs[key])} <= {int, float}, (
                f"{path}.{key}"
            )


def get(client, url):
    response = client.get(url.removeprefix("http://127.0.0.1:8000"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/ld+json")
    assert response["Access-Control-Allow-Origin"] == "*"
    return json.loads(response.content)


def test_collection_and_pages_match_the_spec(client, archive, monkeypatch):
    monkeypatch.setattr(discovery, "PAGE_SIZE", 2)
    altar = archive["altar"]
    publish(altar)
    commit(altar.unpublish)
    collection = get(client, "/iiif/discovery/collection.json")
    same_shape(collection, example("OrderedCollection"))
    assert collection["@context"] == "http://iiif.io/api/discovery/1/context.json"
    # Walk backwards from the last page, as the spec tells consumers to.
    seen, url = [], collection["last"]["id"]
    while url:
        page = get(client, url)
        same_shape({k: v for k, v in page.items() if k != "orderedItems"}, example("OrderedCollectionPage"))
        assert page["partOf"]["id"] == collection["id"] and page["orderedItems"]
        for item in page["orderedItems"]:
            assert set(item) <= activity_keys() | {"id"}
            assert item["type"] in ("Create", "Update", "Delete")
            assert item["object"]["type"] == "Manifest"
            assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", item["endTime"])
        seen = page["orderedItems"] + seen
        url = page.get("prev", {}).get("id")
    assert len(seen) == collection["totalItems"]
    assert {i["object"]["id"] for i in seen} == {"http://127.0.0.1:8000/iiif/manifest/QN-HV-0001.json"}
    assert seen[0]["type"] == "Create" and len(seen) >= 4  # its images, its translation…
    # …republished, then the Vietnamese source unpublished: the English version keeps it, an update.
    assert [i["type"] for i in seen[1:]] == ["Update"] * (len(seen) - 1)
    end_times = [i["endTime"] for i in seen]
    assert end_times == sorted(end_times)
    first = get(client, collection["first"]["id"])
    assert "prev" not in first and first["startIndex"] == 0
    assert client.get("/iiif/discovery/page-99.json").status_code == 404


def test_deleted_manifests_are_announced(client, archive, en):
    commit(archive["altar"].unpublish)
    commit(archive["altar"].get_translation(en).unpublish)
    collection = get(client, "/iiif/discovery/collection.json")
    last = get(client, collection["last"]["id"])
    assert last["orderedItems"][-1]["type"] == "Delete"
    manifest = last["orderedItems"][-1]["object"]["id"]
    assert client.get(manifest.removeprefix("http://127.0.0.1:8000")).status_code == 404
