"""OAI-PMH 2.0 request arguments and resumption tokens: pure parsing, no database, no HTTP.

Datestamps have second granularity (``YYYY-MM-DDThh:mm:ssZ``); day-granularity arguments are
accepted as the spec requires. A resumption token carries the whole request and the position
after the last record sent (its datestamp and identifier): lists are ordered by (datestamp,
identifier), so an edit during a harvest moves the record to the end of the list instead of
shifting the others — nothing is skipped, and the token never expires.
"""

import base64
import binascii
import datetime as dt
import json
from dataclasses import dataclass

VERBS = {
    "Identify": (set(), set()),
    "ListMetadataFormats": (set(), {"identifier"}),
    "ListSets": (set(), {"resumptionToken"}),
    "GetRecord": ({"identifier", "metadataPrefix"}, set()),
    "ListIdentifiers": ({"metadataPrefix"}, {"from", "until", "set", "resumptionToken"}),
    "ListRecords": ({"metadataPrefix"}, {"from", "until", "set", "resumptionToken"}),
}
TOKEN_VERSION = 1


class OAIError(Exception):
    def __init__(self, code, message):
        super().__init__(message)
        self.code, self.message = code, message


@dataclass
class OAIRequest:
    verb: str
    args: dict  # the arguments as given (echoed in <request>)
    identifier: str | None = None
    prefix: str | None = None
    set_spec: str | None = None
    start: dt.datetime | None = None  # inclusive
    end: dt.datetime | None = None  # exclusive
    after: tuple | None = None  # (datestamp, identifier) of the last record sent
    cursor: int = 0


def parse_datestamp(text, name):
    """(datetime in UTC, granularity) of a ``from``/``until`` argument."""
    try:
        if len(text) == 10:
            day = dt.date.fromisoformat(text)
            return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC), "day"
        if len(text) == 20 and text.endswith("Z") and text[10] == "T":
            return dt.datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.UTC), "second"
    except ValueError:
        pass
    raise OAIError("badArgument", f"'{name}' must be YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ, not '{text}'.")


def format_datestamp(value):
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _range(args):
    start = end = None
    granularities = set()
    if "from" in args:
        start, granularity = parse_datestamp(args["from"], "from")
        granularities.add(granularity)
    if "until" in args:
        until, granularity = parse_datestamp(args["until"], "until")
        granularities.add(granularity)
        # until is inclusive at its own granularity: the whole second, or the whole day.
        end = until + (dt.timedelta(days=1) if granularity == "day" else dt.timedelta(seconds=1))
    if len(granularities) > 1:
        raise OAIError("badArgument", "'from' and 'until' must have the same granularity.")
    if start and end and start >= end:
        raise OAIError("badArgument", "'from' is later than 'until'.")
    return start, end


def parse(query):
    """``query``: {name: [values]} as from ``QueryDict.lists()``. Returns an OAIRequest."""
    verbs = query.get("verb", [])
    if len(verbs) != 1:
        raise OAIError("badVerb", "Give exactly one verb." if verbs else "The verb argument is missing.")
    verb = verbs[0]
    if verb not in VERBS:
        raise OAIError("badVerb", f"'{verb}' is not an OAI-PMH verb.")
    args = {}
    for name, values in query.items():
        if name == "verb":
            continue
        if len(values) > 1:
            raise OAIError("badArgument", f"The argument '{name}' is repeated.")
        args[name] = values[0]
    required, optional = VERBS[verb]
    illegal = set(args) - required - optional
    if illegal:
        raise OAIError("badArgument", f"Illegal argument(s) for {verb}: {', '.join(sorted(illegal))}.")
    if "resumptionToken" in args:
        if len(args) > 1:
            raise OAIError("badArgument", "resumptionToken is an exclusive argument.")
        return decode_token(verb, args)
    missing = required - set(args)
    if missing:
        raise OAIError("badArgument", f"Missing argument(s) for {verb}: {', '.join(sorted(missing))}.")
    request = OAIRequest(verb, args, args.get("identifier"), args.get("metadataPrefix"), args.get("set"))
    request.start, request.end = _range(args)
    return request


def encode_token(request, last_datestamp, last_identifier, cursor):
    payload = {
        "v": TOKEN_VERSION,
        "verb": request.verb,
        "p": request.prefix,
        "s": request.set_spec,
        "f": request.start.isoformat() if request.start else None,
        "u": request.end.isoformat() if request.end else None,
        "d": last_datestamp.astimezone(dt.UTC).isoformat(),
        "i": last_identifier,
        "c": cursor,
    }
    raw = json.dumps(payload, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_token(verb, args):
    text = args["resumptionToken"]
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        payload = json.loads(raw)
        if payload["v"] != TOKEN_VERSION or payload["verb"] != verb:
            raise ValueError("another verb's token")
        request = OAIRequest(verb, args, prefix=payload["p"], set_spec=payload["s"])
        request.start = dt.datetime.fromisoformat(payload["f"]) if payload["f"] else None
        request.end = dt.datetime.fromisoformat(payload["u"]) if payload["u"] else None
        request.after = (dt.datetime.fromisoformat(payload["d"]), str(payload["i"]))
        request.cursor = int(payload["c"])
        if request.cursor < 0 or not isinstance(request.prefix, str):
            raise ValueError("bad cursor or prefix")
    except (ValueError, KeyError, TypeError, binascii.Error, UnicodeDecodeError) as error:
        raise OAIError("badResumptionToken", "The resumption token is not valid.") from error
    return request
