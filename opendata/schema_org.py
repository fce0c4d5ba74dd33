"""schema.org JSON-LD of a record, for the <head> of its public page (search engines) and for the
intangible heritage in the JSON-LD dump. Sites keep the richer description the catalogue gives
them (``site_json_ld``: landmark, tourist attraction, public location)."""

import json

from django.utils.safestring import mark_safe

SCHEMA_TYPES = {
    "artefact": ["VisualArtwork"],
    "documentary": ["ArchiveComponent"],
    "intangible": ["CreativeWork"],
    "site": ["LandmarksOrHistoricalBuildings", "TouristAttraction"],
}


def thing(doc):
    """schema.org description of one language version (a record document)."""
    data = {
        "@context": "https://schema.org",
        "@type": SCHEMA_TYPES[doc["type"]],
        "@id": doc["uri"],
        "name": doc["title"],
        "identifier": doc["id"],
        "inLanguage": doc["language"],
        "url": doc["links"]["page"].get(doc["language"]) or doc["uri"],
        "license": doc["rights"]["uri"],
    }
    if doc["summary"]:
        data["description"] = doc["summary"]
    if doc["dating"]:
        data["temporalCoverage"] = doc["dating"]
    if doc["rights"]["credit_line"]:
        data["creditText"] = doc["rights"]["credit_line"]
    if (holder := doc.get("holding_institution")) and doc["type"] == "documentary":
        data["holdingArchive"] = {"@type": "ArchiveOrganization", "name": holder["label"]}
    if doc.get("materials"):
        data["artMedium"] = ", ".join(m["label"] for m in doc["materials"])
    if doc.get("object_type"):
        data["artform"] = doc["object_type"]["label"]
    images = [i["thumbnail"] for i in doc["links"]["images"] if i["thumbnail"]]
    if images:
        data["image"] = images
    if related := doc["links"]["related"]:
        data["isRelatedTo" if doc["type"] != "intangible" else "about"] = [
            {"@id": r["api"].replace("/api/records/", "/id/"), "name": r["title"]} for r in related
        ]
    if location := doc.get("location"):
        data["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": location["latitude"],
            "longitude": location["longitude"],
        }
    return data


def script_tag(data):
    text = json.dumps(data, ensure_ascii=False)
    # Inside <script>, "<", ">" and "&" must not end the element or open a comment.
    text = text.replace("<", "\\u003C").replace(">", "\\u003E").replace("&", "\\u0026")
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308 - escaped above
