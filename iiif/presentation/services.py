"""The services a manifest names beside its images: the Content Search service of a document."""

from iiif_prezi3 import ServiceV2, ServiceV3

SEARCH_1_PROFILE = "http://iiif.io/api/search/1/search"
TEXT_FIELDS = ("transcription", "transliteration", "translation")


def search_service_id(identifier, base_url, version=2):
    """The IIIF Content Search service of a document: ``version`` 2, or 1 for viewers that read only
    Search 1.0."""
    return f"{base_url}/iiif/search/{version}/{identifier}"


def carries_text(items):
    """Whether any canvas item is a document page with a text (what a search service can find)."""
    return any(
        getattr(item, "carries_text", False) and any(getattr(item, field) for field in TEXT_FIELDS)
        for item in items
    )


def search_services(identifier, base_url):
    """Content Search 2.0, the standard, and its Search 1.0 twin answering the same hits for viewers
    that know only 1.0: Mirador 4.0 looks for a ``…/search/1/search`` profile and reads 1.0 answers
    (``resources`` and ``hits``) only."""
    return [
        ServiceV3(id=search_service_id(identifier, base_url), type="SearchService2"),
        ServiceV2(
            id=search_service_id(identifier, base_url, 1), type="SearchService1", profile=SEARCH_1_PROFILE
        ),
    ]
