"""The OpenAPI 3.1 description of the open-data endpoints (served at /api/openapi.json)."""

from catalogue.models import ArtefactStatus, Ranking

from .params import DEFAULT_SIZE, MAX_SIZE
from .records import TYPES

NULLABLE_STRING = {"type": ["string", "null"]}
TERM = {
    "type": ["object", "null"],
    "properties": {"key": {"type": "string"}, "label": {"type": "string"}, "uri": NULLABLE_STRING},
}
CHOICE = {
    "type": ["object", "null"],
    "properties": {"value": {"type": "string"}, "label": {"type": "string"}},
}
IMAGE = {
    "type": "object",
    "properties": {
        "caption": {"type": "string"},
        "iiif_service": {**NULLABLE_STRING, "format": "uri"},
        "info_json": NULLABLE_STRING,
        "thumbnail": NULLABLE_STRING,
        "width": {"type": ["integer", "null"]},
        "height": {"type": ["integer", "null"]},
        "rights": {"type": "string", "format": "uri"},
        "credit_line": {"type": "string"},
        "illustrative": {"type": "boolean", "description": "A generated illustration, not a photograph."},
    },
}
RECORD = {
    "type": "object",
    "required": ["id", "type", "uri", "language", "title", "rights", "links"],
    "properties": {
        "id": {"type": "string", "pattern": "^QN-(DT|HV|PVT|TL)-[0-9]{4,6}$", "examples": ["QN-DT-0001"]},
        "type": {"type": "string", "enum": list(TYPES)},
        "type_label": {"type": "string"},
        "uri": {"type": "string", "format": "uri", "description": "Persistent URI (/id/<identifier>)."},
        "language": {"type": "string", "enum": ["vi", "en"]},
        "fallback": {
            "type": "boolean",
            "description": "True when the record is not translated into the language asked for.",
        },
        "available_languages": {"type": "array", "items": {"type": "string"}},
        "updated": {**NULLABLE_STRING, "format": "date-time"},
        "title": {"type": "string"},
        "summary": {"type": "string"},
        "dating": {"type": "string"},
        "earliest_year": {"type": ["integer", "null"]},
        "latest_year": {"type": ["integer", "null"]},
        "facts": {
            "type": "array",
            "description": "The fact list of the record page, labelled in the record's language.",
            "items": {
                "type": "object",
                "properties": {"label": {"type": "string"}, "value": {"type": "string"}},
            },
        },
        "ranking": CHOICE,
        "category": CHOICE,
        "location": {
            "type": ["object", "null"],
            "description": "Sites: the public point; a sensitive site's is generalised (2.5–4.5 km off).",
            "properties": {
                "latitude": {"type": "number"},
                "longitude": {"type": "number"},
                "generalised": {"type": "boolean"},
            },
        },
        "status": CHOICE,
        "holding_institution": TERM,
        "object_type": TERM,
        "materials": {"type": "array", "items": TERM},
        "culture": TERM,
        "period": TERM,
        "body": {"type": "array", "items": {"type": "object"}},
        "sources": {"type": "array", "items": {"type": "string"}},
        "unverified_facts": {"type": "string"},
        "rights": {
            "type": "object",
            "properties": {
                "uri": {"type": "string", "format": "uri"},
                "label": {"type": "string"},
                "credit_line": {"type": "string"},
            },
        },
        "attribution": {"type": "string"},
        "links": {
            "type": "object",
            "properties": {
                "self": {"type": "string", "format": "uri"},
                "page": {"type": "object", "additionalProperties": {"type": "string", "format": "uri"}},
                "manifest": {**NULLABLE_STRING, "format": "uri"},
                "linked_art": {**NULLABLE_STRING, "format": "uri"},
                "images": {"type": "array", "items": IMAGE},
                "related": {"type": "array", "items": {"type": "object"}},
            },
        },
    },
}
ERROR = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "properties": {"param": {"type": "string"}, "message": {"type": "string"}},
        }
    },
}


def _param(name, description, schema, where="query", required=False):
    return {"name": name, "in": where, "required": required, "description": description, "schema": schema}


def _json(schema_ref):
    return {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema_ref}"}}}


LANG = _param(
    "lang",
    "Language of the texts: vi (default), en, or both (each version side by side).",
    {"type": "string", "enum": ["vi", "en", "both"], "default": "vi"},
)
IDENTIFIER = _param("identifier", "Record identifier, e.g. QN-HV-0001.", {"type": "string"}, "path", True)


def document(base_url):
    many = {"type": "array", "items": {"type": "string"}}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Quảng Nam Heritage — open data API",
            "version": "1.0.0",
            "summary": "Published records of the Quảng Nam digital heritage archive, read-only.",
            "description": (
                "Every field the public record page shows, in Vietnamese or English, with its licence and "
                "attribution. Drafts and restricted records never appear; sensitive sites only at a "
                "generalised point. Responses carry a strong ETag (send If-None-Match for a 304) and "
                "Access-Control-Allow-Origin: *. Also: OAI-PMH 2.0 at /oai, IIIF Change Discovery at "
                "/iiif/discovery/collection.json, bulk dumps listed at /vi/du-lieu-mo/."
            ),
            "license": {"name": "Records carry their own licence (rights.uri)", "identifier": "CC-BY-4.0"},
        },
        "servers": [{"url": base_url}],
        "paths": {
            "/api/records": {
                "get": {
                    "operationId": "listRecords",
                    "summary": "Public records, oldest change first, in pages",
                    "parameters": [
                        _param(
                            "type",
                            "Record types (repeat or comma-separate).",
                            {**many, "items": {"enum": list(TYPES)}},
                        ),
                        _param(
                            "ranking",
                            "Sites of these rankings.",
                            {**many, "items": {"enum": list(Ranking.values)}},
                        ),
                        _param(
                            "status",
                            "Artefacts of these statuses.",
                            {**many, "items": {"enum": list(ArtefactStatus.values)}},
                        ),
                        _param(
                            "updated_since",
                            "Records changed at or after this date or date-time (ISO 8601, UTC by default).",
                            {"type": "string"},
                        ),
                        _param(
                            "cursor", "The cursor of the next page, as given in `next`.", {"type": "string"}
                        ),
                        _param(
                            "deleted",
                            "include: also list records withdrawn (unpublished, deleted, restricted), as "
                            "{id, type, updated, deleted: true}, so that a copy kept in sync can drop them.",
                            {"type": "string", "enum": ["exclude", "include"], "default": "exclude"},
                        ),
                        _param(
                            "size",
                            "Records per page.",
                            {"type": "integer", "minimum": 1, "maximum": MAX_SIZE, "default": DEFAULT_SIZE},
                        ),
                        LANG,
                    ],
                    "responses": {
                        "200": {"description": "A page of records.", "content": _json("RecordList")},
                        "304": {"description": "Not modified (If-None-Match matched the ETag)."},
                        "400": {
                            "description": "A parameter is wrong; the message says which.",
                            "content": _json("Error"),
                        },
                    },
                }
            },
            "/api/records/{identifier}": {
                "get": {
                    "operationId": "getRecord",
                    "summary": "One public record",
                    "parameters": [IDENTIFIER, LANG],
                    "responses": {
                        "200": {"description": "The record.", "content": _json("Record")},
                        "304": {"description": "Not modified."},
                        "404": {
                            "description": "No public record has this identifier.",
                            "content": _json("Error"),
                        },
                    },
                }
            },
            "/api/linked-art/{identifier}": {
                "get": {
                    "operationId": "getLinkedArt",
                    "summary": "Linked Art JSON-LD of an artefact (HumanMadeObject) or a site (Place)",
                    "parameters": [IDENTIFIER],
                    "responses": {
                        "200": {
                            "description": "Linked Art JSON-LD (context https://linked.art/ns/v1/linked-art.json).",
                            "content": {"application/ld+json": {"schema": {"type": "object"}}},
                        },
                        "404": {"description": "No public artefact or site has this identifier."},
                    },
                }
            },
        },
        "components": {
            "schemas": {
                "Record": RECORD,
                "Error": ERROR,
                "DeletedRecord": {
                    "type": "object",
                    "required": ["id", "type", "updated", "deleted"],
                    "properties": {
                        "id": {"type": "string"},
                        "type": {"type": "string", "enum": list(TYPES)},
                        "updated": {"type": "string", "format": "date-time"},
                        "deleted": {"const": True},
                    },
                    "additionalProperties": False,
                },
                "RecordList": {
                    "type": "object",
                    "required": ["total", "size", "next", "items"],
                    "properties": {
                        "total": {"type": "integer", "description": "Records matching the filters."},
                        "size": {"type": "integer"},
                        "next": {**NULLABLE_STRING, "format": "uri"},
                        "items": {
                            "type": "array",
                            "items": {
                                "anyOf": [
                                    {"$ref": "#/components/schemas/Record"},
                                    {"$ref": "#/components/schemas/DeletedRecord"},
                                ]
                            },
                        },
                    },
                },
            }
        },
    }


def operations(spec):
    """(method, path, summary, parameters) of every operation, for the readable page."""
    return [
        {
            "method": method.upper(),
            "path": path,
            "summary": op["summary"],
            "parameters": op.get("parameters", []),
        }
        for path, item in spec["paths"].items()
        for method, op in item.items()
    ]
