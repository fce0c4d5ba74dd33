"""IIIF Content State API 1.0: a resource (here a canvas region of a manifest) passed in a link.

A content state is JSON, UTF-8 encoded then base64url encoded with the ``=`` padding removed
(spec §6), given to a viewer as ``?iiif-content=``. Pure functions: no HTTP, no database.
"""

import base64
import binascii
import json
import re

PRESENTATION_CONTEXT = "http://iiif.io/api/presentation/3/context.json"
XYWH = re.compile(r"^xywh=(?:pixel:)?(\d+),(\d+),(\d+),(\d+)$")


class ContentStateError(ValueError):
    """The content state cannot be read (bad encoding, not JSON, no canvas and manifest)."""


def canvas_region(manifest_url, canvas_id, xywh=None):
    """The content state of a canvas (or of one region of it) within a manifest."""
    target = canvas_id if xywh is None else f"{canvas_id}#xywh={','.join(str(int(v)) for v in xywh)}"
    return {
        "@context": PRESENTATION_CONTEXT,
        "id": target,
        "type": "Canvas",
        "partOf": [{"id": manifest_url, "type": "Manifest"}],
    }


def encode(state):
    raw = json.dumps(state, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def decode(text):
    """The JSON of an encoded content state; plain JSON is accepted too (the spec allows it in POST)."""
    text = (text or "").strip()
    if not text:
        raise ContentStateError("empty content state")
    if text.startswith("{"):
        raw = text.encode("utf-8")
    else:
        try:
            raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        except (binascii.Error, ValueError) as error:
            raise ContentStateError("not base64url") from error
    try:
        state = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ContentStateError("not JSON") from error
    if not isinstance(state, dict):
        raise ContentStateError("not a JSON object")
    return state


def _target(state):
    """The targeted resource: the state itself, or the target of a ``contentState`` annotation."""
    if state.get("type") == "Annotation":
        target = state.get("target")
        if isinstance(target, list):
            target = target[0] if target else None
        if isinstance(target, str):
            return {"id": target, "type": "Manifest"}
        if isinstance(target, dict) and target.get("type") == "SpecificResource":
            selector = target.get("selector") or {}
            selector = selector[0] if isinstance(selector, list) and selector else selector
            source = target.get("source") or {}
            source = {"id": source} if isinstance(source, str) else dict(source)
            if isinstance(selector, dict) and selector.get("type") == "FragmentSelector":
                source["id"] = f"{source.get('id', '')}#{selector.get('value', '')}"
            source.setdefault("type", "Canvas")
            return source
        return target if isinstance(target, dict) else None
    return state


def parse(state):
    """``(manifest_url, canvas_id or None, (x, y, w, h) or None)`` of a decoded content state."""
    target = _target(state)
    if not isinstance(target, dict) or not isinstance(target.get("id"), str):
        raise ContentStateError("no target")
    if target.get("type") == "Manifest":
        return target["id"], None, None
    if target.get("type") != "Canvas":
        raise ContentStateError("the target is neither a manifest nor a canvas")
    canvas_id, _hash, fragment = target["id"].partition("#")
    xywh = None
    if fragment:
        match = XYWH.match(fragment)
        if not match:
            raise ContentStateError("unsupported fragment")
        xywh = tuple(int(v) for v in match.groups())
        if xywh[2] == 0 or xywh[3] == 0:
            raise ContentStateError("empty region")
    manifests = [m for m in target.get("partOf") or [] if isinstance(m, dict) and m.get("type") == "Manifest"]
    if not manifests or not isinstance(manifests[0].get("id"), str):
        raise ContentStateError("the canvas names no manifest (partOf)")
    return manifests[0]["id"], canvas_id, xywh
