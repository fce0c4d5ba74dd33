"""OAI-PMH 2.0: every verb valid against the official schemas (the payloads too), every error
code, second-granularity from/until, persistent deletions, and resumption tokens that survive
edits made during a harvest."""

import datetime as dt

import pytest
from wagtail.models import PageViewRestriction

from opendata.models import RecordState
from opendata.oai import repository

from .conftest import commit, publish
from .oai_helpers import NS, error_code, identifiers, oai, schema, token

pytestmark = pytest.mark.django_db
PREFIX = "oai:heritage.localhost:"


def test_identify_names_the_repository_and_its_policies(client, archive):
    tree = oai(client, verb="Identify")
    text = lambda path: tree.xpath(path, namespaces=NS)[0]  # noqa: E731
    assert text("//oai:baseURL/text()") == "http://127.0.0.1:8000/oai"
    assert text("//oai:deletedRecord/text()") == "persistent"
    assert text("//oai:granularity/text()") == "YYYY-MM-DDThh:mm:ssZ"
    earliest = min(RecordState.objects.values_list("datestamp", flat=True))
    assert text("//oai:earliestDatestamp/text()") == earliest.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert tree.xpath("//oai:request/@verb", namespaces=NS) == ["Identify"]


def test_formats_and_sets(client, archive):
    formats = oai(client, verb="ListMetadataFormats")
    assert formats.xpath("//oai:metadataPrefix/text()", namespaces=NS) == ["oai_dc", "lido"]
    site = oai(client, verb="ListMetadataFormats", identifier=PREFIX + "QN-DT-0001")
    assert site.xpath("//oai:metadataPrefix/text()", namespaces=NS) == ["oai_dc"]
    artefact = oai(client, verb="ListMetadataFormats", identifier=PREFIX + "QN-HV-0001")
    assert artefact.xpath("//oai:metadataPrefix/text()", namespaces=NS) == ["oai_dc", "lido"]
    sets = oai(client, verb="ListSets")
    assert sets.xpath("//oai:setSpec/text()", namespaces=NS) == [
        "site",
        "artefact",
        "intangible",
        "documentary",
    ]


def test_list_records_in_both_formats(client, archive):
    dc = oai(client, verb="ListRecords", metadataPrefix="oai_dc")
    assert sorted(identifiers(dc)) == sorted(
        PREFIX + i for i in ("QN-DT-0001", "QN-DT-0002", "QN-HV-0001", "QN-PVT-0001", "QN-TL-0001")
    )
    titles = dc.xpath("//dc:title[../dc:identifier='QN-DT-0001']", namespaces=NS)
    assert {(t.text, t.get("{http://www.w3.org/XML/1998/namespace}lang")) for t in titles} == {
        ("Khu đền tháp Mỹ Sơn", "vi"),
        ("EN Khu đền tháp Mỹ Sơn", "en"),
    }
    assert token(dc) is None  # one page: no token at all
    lido = oai(client, verb="ListRecords", metadataPrefix="lido")
    assert identifiers(lido) == [PREFIX + "QN-HV-0001"]
    record = lido.xpath("//lido:lido", namespaces=NS)[0]
    assert record.xpath("lido:lidoRecID/text()", namespaces=NS) == ["QN-HV-0001"]
    assert record.xpath(".//lido:workID/text()", namespaces=NS) == ["BTC-1", "BTC-1"]
    assert "1100" in record.xpath(".//lido:measurementValue/text()", namespaces=NS)
    assert record.xpath(".//lido:descriptiveMetadata/@xml:lang", namespaces=NS) == ["vi", "en"]
    assert record.xpath(".//lido:linkResource/text()", namespaces=NS)[0].endswith(
        "/iiif/3/dai-tho/full/400,/0/default.jpg"
    )
    sites = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc", set="site")
    assert sorted(identifiers(sites)) == [PREFIX + "QN-DT-0001", PREFIX + "QN-DT-0002"]
    got = oai(client, verb="GetRecord", metadataPrefix="lido", identifier=PREFIX + "QN-HV-0001")
    assert got.xpath("//lido:lidoRecID/text()", namespaces=NS) == ["QN-HV-0001"]


def test_post_is_answered_like_get(client, archive):
    response = client.post("/oai", {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc", "set": "artefact"})
    from lxml import etree

    tree = etree.fromstring(response.content)
    schema().assertValid(tree)
    assert identifiers(tree) == [PREFIX + "QN-HV-0001"]


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({}, "badVerb"),
        ({"verb": "Harvest"}, "badVerb"),
        ({"verb": "Identify", "set": "site"}, "badArgument"),
        ({"verb": "ListRecords"}, "badArgument"),
        ({"verb": "GetRecord", "metadataPrefix": "oai_dc"}, "badArgument"),
        ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2025-13-01"}, "badArgument"),
        ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2025-01-01T00:00:00"}, "badArgument"),
        (
            {
                "verb": "ListRecords",
                "metadataPrefix": "oai_dc",
                "from": "2025-01-01",
                "until": "2025-02-01T00:00:00Z",
            },
            "badArgument",
        ),
        (
            {"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2025-02-01", "until": "2025-01-01"},
            "badArgument",
        ),
        (
            {"verb": "ListRecords", "metadataPrefix": "oai_dc", "resumptionToken": "x", "set": "site"},
            "badArgument",
        ),
        ({"verb": "ListRecords", "metadataPrefix": "marc21"}, "cannotDisseminateFormat"),
        (
            {"verb": "GetRecord", "metadataPrefix": "lido", "identifier": PREFIX + "QN-DT-0001"},
            "cannotDisseminateFormat",
        ),
        (
            {"verb": "GetRecord", "metadataPrefix": "oai_dc", "identifier": PREFIX + "QN-DT-9999"},
            "idDoesNotExist",
        ),
        (
            {"verb": "GetRecord", "metadataPrefix": "oai_dc", "identifier": "oai:elsewhere.org:QN-DT-0001"},
            "idDoesNotExist",
        ),
        ({"verb": "ListMetadataFormats", "identifier": PREFIX + "QN-DT-9999"}, "idDoesNotExist"),
        ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2999-01-01"}, "noRecordsMatch"),
        ({"verb": "ListIdentifiers", "metadataPrefix": "oai_dc", "set": "photographs"}, "noRecordsMatch"),
        ({"verb": "ListRecords", "resumptionToken": "not-a-token"}, "badResumptionToken"),
        ({"verb": "ListSets", "resumptionToken": "e30"}, "badResumptionToken"),
    ],
)
def test_every_error_code(client, archive, params, code):
    tree = oai(client, **params)
    assert error_code(tree) == code
    request = tree.xpath("//oai:request", namespaces=NS)[0]
    if code in ("badVerb", "badArgument"):
        assert dict(request.attrib) == {}  # the spec: only the base URL for these two


def test_a_repeated_argument_is_a_bad_argument(client, archive):
    from lxml import etree

    response = client.get("/oai?verb=ListRecords&metadataPrefix=oai_dc&metadataPrefix=lido")
    assert error_code(etree.fromstring(response.content)) == "badArgument"
    response = client.get("/oai?verb=Identify&verb=Identify")
    assert error_code(etree.fromstring(response.content)) == "badVerb"


def test_deleted_records_are_reported_for_ever(client, archive, en):
    altar = archive["altar"]
    commit(altar.unpublish)
    assert oai(client, verb="GetRecord", metadataPrefix="oai_dc", identifier=PREFIX + "QN-HV-0001").xpath(
        "//dc:title/text()", namespaces=NS
    ) == ["EN Đài thờ Trà Kiệu"], "the English version keeps the record public"
    commit(altar.get_translation(en).unpublish)
    got = oai(client, verb="GetRecord", metadataPrefix="oai_dc", identifier=PREFIX + "QN-HV-0001")
    header = got.xpath("//oai:header", namespaces=NS)[0]
    assert header.get("status") == "deleted" and not got.xpath("//oai:metadata", namespaces=NS)
    assert (
        error_code(oai(client, verb="ListMetadataFormats", identifier=PREFIX + "QN-HV-0001"))
        == "noMetadataFormats"
    )
    lido = oai(client, verb="ListIdentifiers", metadataPrefix="lido")
    assert lido.xpath("//oai:header/@status", namespaces=NS) == ["deleted"]
    # A restriction on one language version withholds the whole record, reported as deleted too.
    tower = archive["tower"]
    commit(PageViewRestriction.objects.create, page=tower, restriction_type="password", password="x")
    tree = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc", set="site")
    statuses = {
        h.findtext("oai:identifier", namespaces=NS): h.get("status")
        for h in tree.xpath("//oai:header", namespaces=NS)
    }
    assert statuses == {PREFIX + "QN-DT-0001": None, PREFIX + "QN-DT-0002": "deleted"}
    # Deleting the page leaves the deletion on record.
    commit(tower.delete)
    assert oai(client, verb="GetRecord", metadataPrefix="oai_dc", identifier=PREFIX + "QN-DT-0002").xpath(
        "//oai:header/@status", namespaces=NS
    ) == ["deleted"]


def _stamp(identifier, value):
    RecordState.objects.filter(identifier=identifier).update(datestamp=value)


def test_from_and_until_at_second_granularity(client, archive):
    base = dt.datetime(2025, 7, 1, 8, 0, 0, tzinfo=dt.UTC)
    _stamp("QN-DT-0001", base)
    _stamp("QN-DT-0002", base + dt.timedelta(seconds=1, microseconds=400_000))
    _stamp("QN-HV-0001", base + dt.timedelta(seconds=2))
    _stamp("QN-PVT-0001", base + dt.timedelta(days=1))
    _stamp("QN-TL-0001", base - dt.timedelta(days=1))

    def listed(**params):
        return [
            i.removeprefix(PREFIX)
            for i in identifiers(oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc", **params))
        ]

    assert listed(**{"from": "2025-07-01T08:00:01Z", "until": "2025-07-01T08:00:01Z"}) == ["QN-DT-0002"]
    assert listed(**{"from": "2025-07-01T08:00:00Z", "until": "2025-07-01T08:00:02Z"}) == [
        "QN-DT-0001",
        "QN-DT-0002",
        "QN-HV-0001",
    ]
    assert listed(**{"from": "2025-07-01T08:00:02Z"}) == ["QN-HV-0001", "QN-PVT-0001"]
    assert listed(until="2025-07-01") == ["QN-TL-0001", "QN-DT-0001", "QN-DT-0002", "QN-HV-0001"]
    tree = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc", until="2025-07-01T08:00:00Z")
    datestamps = tree.xpath("//oai:datestamp/text()", namespaces=NS)
    assert datestamps == ["2025-06-30T08:00:00Z", "2025-07-01T08:00:00Z"]


def test_resumption_survives_edits_during_a_harvest(client, archive, monkeypatch):
    monkeypatch.setattr(repository, "PAGE_SIZE", 2)
    base = dt.datetime(2025, 7, 1, tzinfo=dt.UTC)
    order = ["QN-TL-0001", "QN-PVT-0001", "QN-DT-0002", "QN-HV-0001", "QN-DT-0001"]
    for offset, identifier in enumerate(order):
        _stamp(identifier, base + dt.timedelta(minutes=offset))
    first = oai(client, verb="ListRecords", metadataPrefix="oai_dc")
    seen = [i.removeprefix(PREFIX) for i in identifiers(first)]
    assert seen == order[:2]
    first_token = token(first)
    assert first_token.get("cursor") == "0" and first_token.get("completeListSize") == "5"
    # Meanwhile: a record not yet harvested is edited, one already harvested too, another unpublished.
    publish(archive["tower"])
    publish(archive["ordinance"])
    commit(archive["bai_choi"].unpublish)
    tree, next_token = first, first_token.text
    while next_token:
        tree = oai(client, verb="ListRecords", resumptionToken=next_token)
        seen += [i.removeprefix(PREFIX) for i in identifiers(tree)]
        next_token = token(tree).text
    assert set(order) <= set(seen), "nothing was skipped"
    assert seen[-3:] == sorted(seen[-3:], key=lambda i: RecordState.objects.get(identifier=i).datestamp)
    assert {"QN-DT-0002", "QN-TL-0001"} <= set(seen[-3:]), "edited records come again, at the end"
    last = token(tree)
    assert last.text is None and int(last.get("cursor")) >= 4  # the empty token of a list's last part
    deleted = tree.xpath("//oai:header[@status='deleted']/oai:identifier/text()", namespaces=NS)
    assert deleted == [PREFIX + "QN-PVT-0001"]
