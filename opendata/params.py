"""Parsing of the records API's query parameters: pure, no database, no HTTP."""

import base64
import binascii
import datetime as dt
from dataclasses import dataclass, field

MAX_SIZE, DEFAULT_SIZE = 100, 20
LANGS = ("vi", "en", "both")


class ParameterError(ValueError):
    def __init__(self, param, reason, allowed=()):
        super().__init__(f"{param}: {reason}")
        self.param, self.reason, self.allowed = param, reason, tuple(allowed)


@dataclass
class ListQuery:
    types: list = field(default_factory=list)
    rankings: list = field(default_factory=list)
    statuses: list = field(default_factory=list)
    since: dt.datetime | None = None
    after: tuple | None = None  # (datestamp, identifier) of the last record of the previous page
    size: int = DEFAULT_SIZE
    lang: str = "vi"
    deleted: bool = False  # also list records withdrawn since (id, type, updated, deleted: true)


def parse_datetime(text):
    """An ISO 8601 date or date-time; naive values are UTC. Raises ValueError."""
    text = text.strip()
    if len(text) == 10:
        day = dt.date.fromisoformat(text)
        return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
    value = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def encode_cursor(datestamp, identifier):
    raw = f"{datestamp.astimezone(dt.UTC).isoformat()}|{identifier}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(text):
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)).decode()
        stamp, identifier = raw.split("|", 1)
        return parse_datetime(stamp), identifier
    except (ValueError, binascii.Error, UnicodeDecodeError) as error:
        raise ParameterError("cursor", "invalid") from error


def _values(query, name, allowed):
    values = [v.strip() for raw in query.get(name, []) for v in raw.split(",") if v.strip()]
    for value in values:
        if value not in allowed:
            raise ParameterError(name, "unknown", allowed)
    return values


def parse_list_query(query, allowed, default_lang="vi"):
    """``query``: {name: [values]} as from ``QueryDict.lists()``; ``allowed``: {param: values}."""
    known = {"type", "ranking", "status", "updated_since", "cursor", "size", "lang", "deleted"}
    for name in query:
        if name not in known:
            raise ParameterError(name, "unknown_parameter", sorted(known))
    result = ListQuery(lang=parse_lang(query, default_lang))
    result.types = _values(query, "type", allowed["type"])
    result.rankings = _values(query, "ranking", allowed["ranking"])
    result.statuses = _values(query, "status", allowed["status"])
    if since := (query.get("updated_since") or [""])[-1]:
        try:
            result.since = parse_datetime(since)
        except ValueError as error:
            raise ParameterError("updated_since", "not_a_date") from error
    if size := (query.get("size") or [""])[-1]:
        if not size.isdigit() or not 1 <= int(size) <= MAX_SIZE:
            raise ParameterError("size", "size", (str(MAX_SIZE),))
        result.size = int(size)
    if deleted := (query.get("deleted") or [""])[-1]:
        if deleted not in ("include", "exclude"):
            raise ParameterError("deleted", "unknown", ("include", "exclude"))
        result.deleted = deleted == "include"
    if cursor := (query.get("cursor") or [""])[-1]:
        result.after = decode_cursor(cursor)
    return result


def parse_lang(query, default="vi"):
    lang = (query.get("lang") or [default])[-1] or default
    if lang not in LANGS:
        raise ParameterError("lang", "unknown", LANGS)
    return lang
