"""The OAI-PMH repository: what each verb answers, from ``RecordState`` and the catalogue.

Lists are ordered by (datestamp, identifier) and resumed after the last record sent; a record
made private or deleted keeps its row and is reported with ``status="deleted"`` for ever.
"""

import re

from django.conf import settings
from django.db.models import Min, Q
from django.urls import reverse

from ..models import RecordState
from ..records import TYPES, versions_by_key
from ..serialise import Batch, document
from .formats import BUILDERS, FORMATS
from .params import OAIError, encode_token

PAGE_SIZE = 100
SET_NAMES = {
    "site": "Di tích – Heritage sites",
    "artefact": "Hiện vật – Artefacts",
    "intangible": "Di sản phi vật thể – Intangible heritage",
    "documentary": "Di sản tư liệu – Documentary heritage",
}
_DOMAIN = re.compile(r"^[a-zA-Z][a-zA-Z0-9\-]*(\.[a-zA-Z][a-zA-Z0-9\-]*)+$")


def repository_identifier():
    """The namespace of our OAI identifiers (``oai:<this>:QN-DT-0001``): the public host name when
    it is a domain name, so identifiers stay the same for the life of the deployment."""
    configured = getattr(settings, "OAI_REPOSITORY_IDENTIFIER", "")
    if configured:
        return configured
    host = settings.PUBLIC_BASE_URL.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0]
    return host if _DOMAIN.match(host) else "heritage.localhost"


def oai_identifier(identifier):
    return f"oai:{repository_identifier()}:{identifier}"


def admin_email():
    return getattr(settings, "OAI_ADMIN_EMAIL", "") or f"archive@{repository_identifier()}"


def base_url():
    return settings.PUBLIC_BASE_URL + reverse("opendata:oai")


def local_identifier(oai_id):
    prefix = f"oai:{repository_identifier()}:"
    if not oai_id.startswith(prefix):
        raise OAIError("idDoesNotExist", f"'{oai_id}' is not an identifier of this repository.")
    return oai_id.removeprefix(prefix)


def find_state(oai_id):
    state = RecordState.objects.filter(identifier=local_identifier(oai_id)).first()
    if state is None:
        raise OAIError("idDoesNotExist", f"No record has the identifier '{oai_id}'.")
    return state


def earliest_datestamp():
    return RecordState.objects.aggregate(first=Min("datestamp"))["first"]


def formats_for(state=None):
    if state is None:
        return list(FORMATS.values())
    if state.deleted:
        raise OAIError("noMetadataFormats", "The record has been deleted; no format is disseminated.")
    return [f for f in FORMATS.values() if state.record_type in f.types]


def metadata_format(prefix, record_type=None):
    fmt = FORMATS.get(prefix)
    if fmt is None:
        raise OAIError("cannotDisseminateFormat", f"The metadata format '{prefix}' is not supported.")
    if record_type is not None and record_type not in fmt.types:
        raise OAIError("cannotDisseminateFormat", f"'{prefix}' is only given for: {', '.join(fmt.types)}.")
    return fmt


def sets():
    return [(spec, name) for spec, name in SET_NAMES.items()]


def _states(request, fmt):
    types = list(fmt.types)
    if request.set_spec:
        types = [t for t in types if t == request.set_spec]
    states = RecordState.objects.filter(record_type__in=types)
    if request.start:
        states = states.filter(datestamp__gte=request.start)
    if request.end:
        states = states.filter(datestamp__lt=request.end)
    return states


def list_page(request, with_metadata):
    """(records, resumption token or None, complete list size) of one page of a list verb.

    ``records`` are (state, metadata element or None); None for deleted or withheld records.
    """
    fmt = metadata_format(request.prefix)
    states = _states(request, fmt)
    total = states.count()
    if request.after:
        stamp, identifier = request.after
        states = states.filter(Q(datestamp__gt=stamp) | Q(datestamp=stamp, identifier__gt=identifier))
    rows = list(states.order_by("datestamp", "identifier")[: PAGE_SIZE + 1])
    if not rows and request.after is None:
        raise OAIError("noRecordsMatch", "No record matches these arguments.")
    more = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    metadata = metadata_for(rows, fmt) if with_metadata else {}
    records = [(row, metadata.get(row.pk)) for row in rows]
    token = (
        encode_token(request, rows[-1].datestamp, rows[-1].identifier, request.cursor + len(rows))
        if more
        else None
    )
    return records, token, total


def metadata_for(rows, fmt):
    """{state pk: metadata element} of the rows whose record is public now."""
    groups = {}
    for name, model in TYPES.items():
        keys = [row.translation_key for row in rows if row.record_type == name and not row.deleted]
        groups.update(versions_by_key(model, keys))
    batch = Batch(groups.values())
    built = {}
    for row in rows:
        versions = groups.get(row.translation_key)
        if row.deleted or not versions:
            continue
        docs = {lang: document(versions, lang, batch, row.datestamp) for lang in versions}
        built[row.pk] = BUILDERS[fmt.prefix](docs)
    return built


def get_record(request):
    state = find_state(request.identifier)
    fmt = metadata_format(request.prefix, state.record_type)
    return state, metadata_for([state], fmt).get(state.pk)
