"""Fetching a public answer of this site in-process, as an anonymous visitor would get it.

A pack's manifest gives every URL's size and hash; for pages and rendered images that is the
answer the middleware and views give, so they are asked directly (no network, no session,
no cookies). The answer is read without closing it: closing an answer signals the end of a
request, which would close the caller's database connection mid-request.
"""

import io
from urllib.parse import urlsplit

from django.conf import settings
from django.core.handlers.base import BaseHandler
from django.core.handlers.wsgi import WSGIRequest
from django.utils import translation

_handler = None


def _get_handler():
    global _handler
    if _handler is None:
        handler = BaseHandler()
        handler.load_middleware()
        _handler = handler
    return _handler


def fetch(url):
    """(status, body bytes, content type) of GET ``url`` (site-relative, may carry a query)."""
    parts = urlsplit(url)
    base = urlsplit(settings.PUBLIC_BASE_URL)
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": parts.path,
        "QUERY_STRING": parts.query,
        "SERVER_NAME": base.hostname or "localhost",
        "SERVER_PORT": str(base.port or (443 if base.scheme == "https" else 80)),
        "HTTP_HOST": base.netloc or "localhost",
        "wsgi.url_scheme": base.scheme or "http",
        "wsgi.input": io.BytesIO(b""),
        "SCRIPT_NAME": "",
        "REMOTE_ADDR": "127.0.0.1",
    }
    with translation.override(translation.get_language()):
        response = _get_handler().get_response(WSGIRequest(environ))
        if response.streaming:
            body = b"".join(response.streaming_content)
            stream = getattr(response, "file_to_stream", None)
            if stream is not None:
                stream.close()
        else:
            body = response.content
    return response.status_code, body, response.get("Content-Type", "")
