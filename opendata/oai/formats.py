"""Metadata formats of the OAI-PMH endpoint, built with lxml from the records' plain data.

* ``oai_dc`` — simple Dublin Core, for every record (required by the protocol).
* ``lido`` — LIDO 1.1, for artefacts. LIDO rather than EDM: it is the harvesting schema made by
  the museum community (ICOM CIDOC) for describing objects — inventory number and repository,
  production and finding events, measurements, materials, rights per work and per image — which
  is what our artefact records hold; aggregators of museum data (Europeana's aggregators among
  them) ingest it and map it to EDM themselves. It is one official XSD validated offline, where
  EDM's XML schema only checks an RDF/XML profile and ties the output to one aggregator.
"""

from dataclasses import dataclass

from django.conf import settings
from lxml import etree

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
DC = "http://purl.org/dc/elements/1.1/"
OAI_DC = "http://www.openarchives.org/OAI/2.0/oai_dc/"
LIDO = "http://www.lido-schema.org"
DCMI_TYPE = {
    "site": "PhysicalObject",
    "artefact": "PhysicalObject",
    "intangible": "Event",
    "documentary": "Text",
}


@dataclass(frozen=True)
class Format:
    prefix: str
    schema: str
    namespace: str
    types: tuple  # record types it can describe


FORMATS = {
    "oai_dc": Format(
        "oai_dc",
        "http://www.openarchives.org/OAI/2.0/oai_dc.xsd",
        OAI_DC,
        ("site", "artefact", "intangible", "documentary"),
    ),
    "lido": Format("lido", "http://www.lido-schema.org/schema/v1.1/lido-v1.1.xsd", LIDO, ("artefact",)),
}


def _sub(parent, tag, text=None, lang=None, **attrib):
    # lido__type="…" stands for the attribute lido:type (Clark notation {namespace}type).
    names = {k: f"{{{LIDO}}}{k.removeprefix('lido__')}" if k.startswith("lido__") else k for k in attrib}
    element = etree.SubElement(parent, tag, {names[k]: v for k, v in attrib.items()})
    if text is not None:
        element.text = str(text)
    if lang:
        element.set(XML_LANG, lang)
    return element


def _term_label(term):
    return term["label"] if term else None


def oai_dc(docs):
    """``docs``: {language: record document} (``serialise.document``), Vietnamese first."""
    root = etree.Element(f"{{{OAI_DC}}}dc", nsmap={"oai_dc": OAI_DC, "dc": DC, "xsi": XSI})
    root.set(f"{{{XSI}}}schemaLocation", f"{OAI_DC} {FORMATS['oai_dc'].schema}")
    first = next(iter(docs.values()))
    d = f"{{{DC}}}"
    for lang, doc in docs.items():
        _sub(root, d + "title", doc["title"], lang)
    for lang, doc in docs.items():
        if doc["summary"]:
            _sub(root, d + "description", doc["summary"], lang)
    for lang, doc in docs.items():
        _sub(root, d + "type", doc["type_label"], lang)
    _sub(root, d + "type", DCMI_TYPE[first["type"]])
    for lang, doc in docs.items():
        subjects = [_term_label(doc.get(k)) for k in ("object_type", "culture", "period")]
        subjects += [
            (doc.get(k) or {}).get("label")
            for k in ("category", "ranking", "status", "unesco_domain", "doc_type")
        ]
        subjects += [_term_label(m) for m in doc.get("materials", [])]
        for subject in filter(None, subjects):
            _sub(root, d + "subject", subject, lang)
    for lang, doc in docs.items():
        if doc["dating"]:
            _sub(root, d + "date", doc["dating"], lang)
    if first["earliest_year"] is not None:
        years = {
            first["earliest_year"],
            first["latest_year"] if first["latest_year"] is not None else first["earliest_year"],
        }
        _sub(root, d + "date", "/".join(str(y) for y in sorted(years)))
    _sub(root, d + "identifier", first["uri"])
    _sub(root, d + "identifier", first["id"])
    for url in first["links"]["page"].values():
        _sub(root, d + "identifier", url)
    if first.get("inventory_number"):
        _sub(root, d + "identifier", first["inventory_number"])
    if location := first.get("location"):
        _sub(root, d + "coverage", f"{location['latitude']}, {location['longitude']}")
    for lang, doc in docs.items():
        place = ", ".join(filter(None, [doc.get("commune"), doc.get("city")]))
        if place:
            _sub(root, d + "coverage", place, lang)
    for term in first.get("languages", []):
        _sub(root, d + "language", term["key"])
    if first.get("holding_institution"):
        _sub(root, d + "contributor", first["holding_institution"]["label"])
    if first.get("issued_by"):
        _sub(root, d + "creator", first["issued_by"])
    _sub(root, d + "publisher", settings.WAGTAIL_SITE_NAME)
    if first["links"]["manifest"]:
        _sub(root, d + "relation", first["links"]["manifest"])
    for related in first["links"]["related"]:
        _sub(root, d + "relation", related["api"].replace("/api/records/", "/id/"))
    _sub(root, d + "rights", first["rights"]["uri"])
    for lang, doc in docs.items():
        if doc["rights"]["credit_line"]:
            _sub(root, d + "rights", doc["rights"]["credit_line"], lang)
    return root


def _concept(parent, tag, term, lang=None):
    """A LIDO concept: its URI when the vocabulary has one, and its label."""
    element = _sub(parent, f"{{{LIDO}}}{tag}")
    if term.get("uri"):
        _sub(
            element,
            f"{{{LIDO}}}conceptID",
            term["uri"],
            lido__type="http://terminology.lido-schema.org/lido00100",
        )
    _sub(element, f"{{{LIDO}}}term", term["label"], lang)
    return element


def _legal_body(parent, tag, name):
    body = _sub(parent, f"{{{LIDO}}}{tag}")
    _sub(_sub(body, f"{{{LIDO}}}legalBodyName"), f"{{{LIDO}}}appellationValue", name)
    return body


def _production(parent, doc, lang):
    L = f"{{{LIDO}}}"
    event = _sub(_sub(parent, L + "eventSet"), L + "event")
    kind = _sub(event, L + "eventType")
    _sub(
        kind,
        L + "conceptID",
        "http://terminology.lido-schema.org/lido00007",
        lido__type="http://terminology.lido-schema.org/lido00100",
    )
    _sub(kind, L + "term", "Production", "en")
    if doc.get("culture"):
        _concept(event, "culture", doc["culture"], lang)
    if doc["dating"] or doc["earliest_year"] is not None:
        date_set = _sub(event, L + "eventDate")
        if doc["dating"]:
            _sub(date_set, L + "displayDate", doc["dating"], lang)
        if doc["earliest_year"] is not None:
            date = _sub(date_set, L + "date")
            _sub(date, L + "earliestDate", _year(doc["earliest_year"]))
            _sub(
                date,
                L + "latestDate",
                _year(doc["latest_year"] if doc["latest_year"] is not None else doc["earliest_year"]),
            )
    if doc.get("period"):
        _concept(event, "periodName", doc["period"], lang)
    if doc.get("materials") or doc.get("technique"):
        materials = _sub(_sub(event, L + "eventMaterialsTech"), L + "displayMaterialsTech")
        materials.text = "; ".join(
            filter(None, [", ".join(m["label"] for m in doc["materials"]), doc.get("technique")])
        )
        materials.set(XML_LANG, lang)


def _finding(parent, doc, lang):
    site = next((r for r in doc["links"]["related"] if r["type"] == "site"), None)
    if site is None:
        return
    L = f"{{{LIDO}}}"
    event = _sub(_sub(parent, L + "eventSet"), L + "event")
    kind = _sub(event, L + "eventType")
    _sub(
        kind,
        L + "conceptID",
        "http://terminology.lido-schema.org/lido00002",
        lido__type="http://terminology.lido-schema.org/lido00100",
    )
    _sub(kind, L + "term", "Finding", "en")
    place_set = _sub(event, L + "eventPlace")
    _sub(place_set, L + "displayPlace", site["title"], lang)
    place = _sub(place_set, L + "place")
    _sub(
        place,
        L + "placeID",
        site["api"].replace("/api/records/", "/id/"),
        lido__type="http://terminology.lido-schema.org/lido00099",
    )


def _year(year):
    # xs:gYear-like text LIDO accepts; years before the common era are negative.
    return f"-{abs(year):04d}" if year < 0 else f"{year:04d}"


def lido(docs):
    """LIDO 1.1 of an artefact: one descriptive block per language version."""
    L = f"{{{LIDO}}}"
    first = next(iter(docs.values()))
    root = etree.Element(L + "lido", nsmap={"lido": LIDO, "xsi": XSI})
    root.set(f"{{{XSI}}}schemaLocation", f"{LIDO} {FORMATS['lido'].schema}")
    _sub(
        root,
        L + "lidoRecID",
        first["id"],
        lido__type="http://terminology.lido-schema.org/lido00100",
        lido__source=settings.WAGTAIL_SITE_NAME,
    )
    _sub(
        root, L + "objectPublishedID", first["uri"], lido__type="http://terminology.lido-schema.org/lido00099"
    )
    category = _sub(root, L + "category")
    _sub(
        category,
        L + "conceptID",
        "http://www.cidoc-crm.org/cidoc-crm/E22_Human-Made_Object",
        lido__type="http://terminology.lido-schema.org/lido00100",
    )
    _sub(category, L + "term", "Human-Made Object", "en")
    for lang, doc in docs.items():
        meta = _sub(root, L + "descriptiveMetadata", lang=lang)
        classification = _sub(meta, L + "objectClassificationWrap")
        work_type = doc.get("object_type") or {"label": doc["type_label"], "uri": None}
        _concept(_sub(classification, L + "objectWorkTypeWrap"), "objectWorkType", work_type, lang)
        identification = _sub(meta, L + "objectIdentificationWrap")
        _sub(
            _sub(_sub(identification, L + "titleWrap"), L + "titleSet"),
            L + "appellationValue",
            doc["title"],
            lang,
        )
        if doc.get("holding_institution") or doc.get("inventory_number"):
            repository = _sub(
                _sub(identification, L + "repositoryWrap"), L + "repositorySet", lido__type="current"
            )
            if doc.get("holding_institution"):
                _legal_body(repository, "repositoryName", doc["holding_institution"]["label"])
            if doc.get("inventory_number"):
                _sub(
                    repository,
                    L + "workID",
                    doc["inventory_number"],
                    lido__type="http://terminology.lido-schema.org/lido00113",
                )
        if doc["summary"] or doc.get("condition"):
            wrap = _sub(identification, L + "objectDescriptionWrap")
            for text in filter(None, [doc["summary"], doc.get("condition")]):
                _sub(_sub(wrap, L + "objectDescriptionSet"), L + "descriptiveNoteValue", text, lang)
        if doc.get("dimensions_mm") or doc.get("weight_g") is not None:
            measurements = _sub(
                _sub(identification, L + "objectMeasurementsWrap"), L + "objectMeasurementsSet"
            )
            display = next((f["value"] for f in doc["facts"] if f["value"].endswith(" mm")), None)
            if display:
                _sub(measurements, L + "displayObjectMeasurements", display, lang)
            values = _sub(measurements, L + "objectMeasurements")
            for name, value in doc["dimensions_mm"].items():
                row = _sub(values, L + "measurementsSet")
                _sub(row, L + "measurementType", name, "en")
                _sub(row, L + "measurementUnit", "mm")
                _sub(row, L + "measurementValue", f"{value:g}")
            if doc.get("weight_g") is not None:
                row = _sub(values, L + "measurementsSet")
                _sub(row, L + "measurementType", "weight", "en")
                _sub(row, L + "measurementUnit", "g")
                _sub(row, L + "measurementValue", f"{doc['weight_g']:g}")
        events = _sub(meta, L + "eventWrap")
        _production(events, doc, lang)
        _finding(events, doc, lang)
    for lang, doc in docs.items():
        admin = _sub(root, L + "administrativeMetadata", lang=lang)
        rights = _sub(_sub(admin, L + "rightsWorkWrap"), L + "rightsWorkSet")
        _concept(rights, "rightsType", {"uri": doc["rights"]["uri"], "label": doc["rights"]["label"]}, lang)
        if doc["rights"]["credit_line"]:
            _sub(rights, L + "creditLine", doc["rights"]["credit_line"], lang)
        record = _sub(admin, L + "recordWrap")
        _sub(record, L + "recordID", doc["id"], lido__type="http://terminology.lido-schema.org/lido00100")
        _concept(
            record,
            "recordType",
            {"uri": "http://terminology.lido-schema.org/lido00141", "label": "item"},
            "en",
        )
        _legal_body(record, "recordSource", settings.WAGTAIL_SITE_NAME)
        if doc["links"]["page"].get(lang):
            _sub(_sub(record, L + "recordInfoSet"), L + "recordInfoLink", doc["links"]["page"][lang])
        images = [image for image in doc["links"]["images"] if image["iiif_service"]]
        if images:
            resources = _sub(admin, L + "resourceWrap")
            for image in images:
                resource = _sub(resources, L + "resourceSet")
                representation = _sub(resource, L + "resourceRepresentation")
                _sub(
                    representation, L + "linkResource", image["thumbnail"], lido__formatResource="image/jpeg"
                )
                if image["caption"]:
                    _sub(resource, L + "resourceDescription", image["caption"], lang)
                resource_rights = _sub(resource, L + "rightsResource")
                _concept(
                    resource_rights, "rightsType", {"uri": image["rights"], "label": image["rights"]}, None
                )
                if image["credit_line"]:
                    _sub(resource_rights, L + "creditLine", image["credit_line"])
    return root


BUILDERS = {"oai_dc": oai_dc, "lido": lido}
