from functools import cache
from pathlib import Path

from lxml import etree

NS = {
    "oai": "http://www.openarchives.org/OAI/2.0/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "oai_dc": "http://www.openarchives.org/OAI/2.0/oai_dc/",
    "lido": "http://www.lido-schema.org",
}


@cache
def schema():
    return etree.XMLSchema(etree.parse(str(Path(__file__).with_name("oai-all.xsd"))))


def oai(client, **params):
    """The parsed response, after checking it against the official schemas (payloads included)."""
    response = client.get("/oai", params)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/xml")
    tree = etree.fromstring(response.content)
    schema().assertValid(tree)
    return tree


def error_code(tree):
    errors = tree.xpath("/oai:OAI-PMH/oai:error/@code", namespaces=NS)
    return errors[0] if errors else None


def identifiers(tree):
    return tree.xpath("//oai:header/oai:identifier/text()", namespaces=NS)


def token(tree):
    found = tree.xpath("//oai:resumptionToken", namespaces=NS)
    return found[0] if found else None
