"""Linked Art JSON-LD (https://linked.art/model/): artefacts as HumanMadeObject, sites as Place.

Built from the record's API documents (so it never shows more than they do) in both languages;
the Getty AAT terms used are those the Linked Art model prescribes for names, identifiers,
statements and dimensions. The published context is kept in ``contexts/linked-art.json``.
"""

from .serialise import url_for

CONTEXT = "https://linked.art/ns/v1/linked-art.json"
AAT = "http://vocab.getty.edu/aat/"
PRIMARY_NAME = AAT + "300404670"
ACCESSION_NUMBER = AAT + "300312355"
SYSTEM_NUMBER = AAT + "300435704"
DESCRIPTION = AAT + "300435416"
BRIEF_TEXT = AAT + "300418049"
CREDIT_LINE = AAT + "300026687"
WEB_PAGE = AAT + "300264578"
DIMENSIONS = {
    "height": AAT + "300055644",
    "width": AAT + "300055647",
    "depth": AAT + "300072633",
    "diameter": AAT + "300055624",
}
WEIGHT = AAT + "300056240"
MILLIMETRES, GRAMS = AAT + "300379097", AAT + "300379225"
IIIF_PRESENTATION = "http://iiif.io/api/presentation/3/context.json"


def entity_id(identifier):
    return url_for("opendata:linked_art", identifier)


def _type(uri, label):
    return {"id": uri, "type": "Type", "_label": label}


def _names(docs):
    return [
        {
            "type": "Name",
            "classified_as": [_type(PRIMARY_NAME, "Primary Name")] if i == 0 else [],
            "content": doc["title"],
            "_label": f"{doc['title']} ({lang})",
        }
        for i, (lang, doc) in enumerate(docs.items())
    ]


def _statements(docs):
    statements = []
    for doc in docs.values():
        if doc["summary"]:
            statements.append(
                {
                    "type": "LinguisticObject",
                    "classified_as": [
                        {
                            **_type(DESCRIPTION, "Description"),
                            "classified_as": [_type(BRIEF_TEXT, "Brief Text")],
                        }
                    ],
                    "content": doc["summary"],
                }
            )
        if doc["rights"]["credit_line"]:
            statements.append(
                {
                    "type": "LinguisticObject",
                    "classified_as": [_type(CREDIT_LINE, "Credit Line")],
                    "content": doc["rights"]["credit_line"],
                }
            )
    return statements


def _term(term):
    entry = {"type": "Type", "_label": term["label"]}
    if term.get("uri"):
        entry["id"] = term["uri"]
    return entry


def _pages(first):
    pages = [
        {
            "type": "LinguisticObject",
            "_label": f"Web page ({lang})",
            "digitally_carried_by": [
                {
                    "type": "DigitalObject",
                    "classified_as": [_type(WEB_PAGE, "Web Page")],
                    "format": "text/html",
                    "access_point": [{"id": url, "type": "DigitalObject"}],
                }
            ],
        }
        for lang, url in first["links"]["page"].items()
    ]
    if first["links"]["manifest"]:
        pages.append(
            {
                "type": "LinguisticObject",
                "_label": "IIIF manifest",
                "digitally_carried_by": [
                    {
                        "type": "DigitalObject",
                        "format": "application/ld+json",
                        "conforms_to": [{"id": IIIF_PRESENTATION, "type": "InformationObject"}],
                        "access_point": [{"id": first["links"]["manifest"], "type": "DigitalObject"}],
                    }
                ],
            }
        )
    return pages


def _common(first, docs, kind):
    return {
        "@context": CONTEXT,
        "id": entity_id(first["id"]),
        "type": kind,
        "_label": first["title"],
        "identified_by": [
            *_names(docs),
            {
                "type": "Identifier",
                "classified_as": [_type(SYSTEM_NUMBER, "System-Assigned Number")],
                "content": first["id"],
            },
        ],
        "referred_to_by": _statements(docs),
        "subject_of": _pages(first),
        "equivalent": [{"id": first["uri"], "type": kind, "_label": first["title"]}],
    }


def human_made_object(docs):
    first = next(iter(docs.values()))
    data = _common(first, docs, "HumanMadeObject")
    if first.get("inventory_number"):
        data["identified_by"].append(
            {
                "type": "Identifier",
                "classified_as": [_type(ACCESSION_NUMBER, "Accession Number")],
                "content": first["inventory_number"],
            }
        )
    if first.get("object_type"):
        data["classified_as"] = [_term(first["object_type"])]
    if first.get("materials"):
        data["made_of"] = [{**_term(m), "type": "Material"} for m in first["materials"]]
    dimensions = [
        {
            "type": "Dimension",
            "value": value,
            "unit": {"id": MILLIMETRES, "type": "MeasurementUnit", "_label": "millimetres"},
            "classified_as": [_type(DIMENSIONS[name], name)],
        }
        for name, value in first.get("dimensions_mm", {}).items()
    ]
    if first.get("weight_g") is not None:
        dimensions.append(
            {
                "type": "Dimension",
                "value": first["weight_g"],
                "unit": {"id": GRAMS, "type": "MeasurementUnit", "_label": "grams"},
                "classified_as": [_type(WEIGHT, "weight")],
            }
        )
    if dimensions:
        data["dimension"] = dimensions
    production = {"type": "Production"}
    if first["earliest_year"] is not None:
        latest = first["latest_year"] if first["latest_year"] is not None else first["earliest_year"]
        production["timespan"] = {
            "type": "TimeSpan",
            "identified_by": [{"type": "Name", "content": first["dating"]}] if first["dating"] else [],
            "begin_of_the_begin": f"{_year(first['earliest_year'])}-01-01T00:00:00Z",
            "end_of_the_end": f"{_year(latest)}-12-31T23:59:59Z",
        }
    if first.get("technique"):
        production["technique"] = [{"type": "Type", "_label": first["technique"]}]
    if first.get("culture") or first.get("period"):
        production["classified_as"] = [_term(t) for t in (first.get("culture"), first.get("period")) if t]
    if len(production) > 1:
        data["produced_by"] = production
    if first.get("holding_institution"):
        data["current_owner"] = [{**_term(first["holding_institution"]), "type": "Group"}]
    site = next((r for r in first["links"]["related"] if r["type"] == "site"), None)
    if site:
        data["encountered_by"] = [
            {
                "type": "Encounter",
                "took_place_at": [{"id": entity_id(site["id"]), "type": "Place", "_label": site["title"]}],
            }
        ]
    images = [i for i in first["links"]["images"] if i["iiif_service"]]
    if images:
        data["representation"] = [
            {
                "type": "VisualItem",
                "_label": image["caption"] or first["title"],
                "digitally_shown_by": [
                    {
                        "type": "DigitalObject",
                        "format": "image/jpeg",
                        "access_point": [{"id": image["thumbnail"], "type": "DigitalObject"}],
                    }
                ],
            }
            for image in images
        ]
    data["subject_to"] = [
        {
            "type": "Right",
            "classified_as": [
                {"id": first["rights"]["uri"], "type": "Type", "_label": first["rights"]["label"]}
            ],
        }
    ]
    return data


def place(docs):
    first = next(iter(docs.values()))
    data = _common(first, docs, "Place")
    if location := first.get("location"):
        # WKT puts longitude first; a sensitive site's point is the generalised one.
        data["defined_by"] = f"POINT({location['longitude']} {location['latitude']})"
    parent = next((r for r in first["links"]["related"] if r["type"] == "site"), None)
    if parent:
        data["part_of"] = [{"id": entity_id(parent["id"]), "type": "Place", "_label": parent["title"]}]
    if first.get("category"):
        data["classified_as"] = [{"type": "Type", "_label": first["category"]["label"]}]
    return data


def _year(year):
    return f"-{abs(year):04d}" if year < 0 else f"{year:04d}"


BUILDERS = {"artefact": human_made_object, "documentary": human_made_object, "site": place}
