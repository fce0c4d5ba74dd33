"""``/oai``: the OAI-PMH 2.0 endpoint (GET and POST), XML built with lxml."""

from django.http import HttpResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from lxml import etree

from . import repository as repo
from .params import OAIError, format_datestamp, parse

OAI = "http://www.openarchives.org/OAI/2.0/"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
OAI_ID = "http://www.openarchives.org/OAI/2.0/oai-identifier"
OAI_NS = f"{{{OAI}}}"


def _sub(parent, tag, text=None, **attrib):
    element = etree.SubElement(parent, OAI_NS + tag, attrib)
    if text is not None:
        element.text = str(text)
    return element


def _header(parent, state):
    header = _sub(parent, "header", **({"status": "deleted"} if state.deleted else {}))
    _sub(header, "identifier", repo.oai_identifier(state.identifier))
    _sub(header, "datestamp", format_datestamp(state.datestamp))
    _sub(header, "setSpec", state.record_type)
    return header


def _record(parent, state, metadata):
    record = _sub(parent, "record")
    if metadata is None and not state.deleted:
        # Withheld since its state was written (the sync is on its way): report it as deleted.
        state.deleted = True
    _header(record, state)
    if metadata is not None:
        _sub(record, "metadata").append(metadata)


def identify(root, request):
    node = _sub(root, "Identify")
    _sub(node, "repositoryName", "Di sản Quảng Nam – Quảng Nam Heritage")
    _sub(node, "baseURL", repo.base_url())
    _sub(node, "protocolVersion", "2.0")
    _sub(node, "adminEmail", repo.admin_email())
    _sub(node, "earliestDatestamp", format_datestamp(repo.earliest_datestamp() or timezone.now()))
    _sub(node, "deletedRecord", "persistent")
    _sub(node, "granularity", "YYYY-MM-DDThh:mm:ssZ")
    description = _sub(node, "description")
    ident = etree.SubElement(description, f"{{{OAI_ID}}}oai-identifier", nsmap={None: OAI_ID})
    ident.set(f"{{{XSI}}}schemaLocation", f"{OAI_ID} http://www.openarchives.org/OAI/2.0/oai-identifier.xsd")
    for tag, text in (
        ("scheme", "oai"),
        ("repositoryIdentifier", repo.repository_identifier()),
        ("delimiter", ":"),
        ("sampleIdentifier", repo.oai_identifier("QN-DT-0001")),
    ):
        etree.SubElement(ident, f"{{{OAI_ID}}}{tag}").text = text


def list_metadata_formats(root, request):
    state = repo.find_state(request.identifier) if request.identifier else None
    formats = repo.formats_for(state)
    node = _sub(root, "ListMetadataFormats")
    for fmt in formats:
        item = _sub(node, "metadataFormat")
        _sub(item, "metadataPrefix", fmt.prefix)
        _sub(item, "schema", fmt.schema)
        _sub(item, "metadataNamespace", fmt.namespace)


def list_sets(root, request):
    if request.after is not None:
        raise OAIError("badResumptionToken", "This list has no further part.")
    node = _sub(root, "ListSets")
    for spec, name in repo.sets():
        item = _sub(node, "set")
        _sub(item, "setSpec", spec)
        _sub(item, "setName", name)


def get_record(root, request):
    state, metadata = repo.get_record(request)
    _record(_sub(root, "GetRecord"), state, metadata)


def _list(root, request, with_metadata):
    records, token, total = repo.list_page(request, with_metadata)
    node = _sub(root, "ListRecords" if with_metadata else "ListIdentifiers")
    for state, metadata in records:
        if with_metadata:
            _record(node, state, metadata)
        else:
            _header(node, state)
    if token or request.after is not None:
        # The last part of a resumed list carries an empty token (spec 3.5).
        _sub(
            node,
            "resumptionToken",
            token or "",
            cursor=str(request.cursor),
            completeListSize=str(max(total, 1)),
        )


VERBS = {
    "Identify": identify,
    "ListMetadataFormats": list_metadata_formats,
    "ListSets": list_sets,
    "GetRecord": get_record,
    "ListIdentifiers": lambda root, request: _list(root, request, False),
    "ListRecords": lambda root, request: _list(root, request, True),
}


@csrf_exempt
@require_http_methods(["GET", "POST", "HEAD"])
def endpoint(request):
    query = dict((request.POST if request.method == "POST" else request.GET).lists())
    root = etree.Element(OAI_NS + "OAI-PMH", nsmap={None: OAI, "xsi": XSI})
    root.set(f"{{{XSI}}}schemaLocation", f"{OAI} http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd")
    _sub(root, "responseDate", format_datestamp(timezone.now()))
    request_node = _sub(root, "request", repo.base_url())
    try:
        oai_request = parse(query)
        for name, value in oai_request.args.items():
            request_node.set(name, value)
        request_node.set("verb", oai_request.verb)
        VERBS[oai_request.verb](root, oai_request)
    except OAIError as error:
        if error.code in ("badVerb", "badArgument"):
            request_node.attrib.clear()  # the spec: no attributes echoed for these two
        for child in list(root)[2:]:
            root.remove(child)
        _sub(root, "error", error.message, code=error.code)
    body = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    response = HttpResponse(body, content_type="text/xml; charset=utf-8")
    response["Access-Control-Allow-Origin"] = "*"
    return response
