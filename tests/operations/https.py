"""A small HTTPS client for the end-to-end test: keep-alive, cookies, forms, multipart uploads.

It talks to nginx on 127.0.0.1 with the Host header of the public name and trusts only the test's
throw-away certificate, so TLS is verified as a browser would.
"""

from __future__ import annotations

import http.client
import json
import re
import ssl
import uuid
from urllib.parse import urlencode, urlsplit


def tls_context(certificate, alpn=None):
    context = ssl.create_default_context(cafile=str(certificate))
    if alpn:
        context.set_alpn_protocols(alpn)
    return context


def negotiated_protocol(port, certificate):
    """The ALPN protocol nginx chooses when a client offers HTTP/2 and HTTP/1.1 ("h2" expected)."""
    import socket

    context = tls_context(certificate, ["h2", "http/1.1"])
    with (
        socket.create_connection(("127.0.0.1", port), timeout=10) as raw,
        context.wrap_socket(raw, server_hostname="127.0.0.1") as tls,
    ):
        return tls.selected_alpn_protocol()


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body

    def header(self, name):
        return self.headers.get(name.lower())

    def json(self):
        return json.loads(self.body)

    @property
    def text(self):
        return self.body.decode("utf-8", errors="replace")


class Client:
    def __init__(self, port, certificate, host, timeout=60):
        self.port = port
        self.host = host
        self.context = tls_context(certificate)
        self.timeout = timeout
        self.cookies = {}
        self.connection = None

    def _connect(self):
        self.connection = http.client.HTTPSConnection(
            "127.0.0.1", self.port, context=self.context, timeout=self.timeout
        )

    def close(self):
        if self.connection:
            self.connection.close()
            self.connection = None

    @property
    def origin(self):
        return f"https://{self.host}"

    def request(self, method, path, body=None, headers=None):
        headers = {"Host": self.host, **(headers or {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        for attempt in (1, 2):
            if self.connection is None:
                self._connect()
            try:
                self.connection.request(method, path, body=body, headers=headers)
                raw = self.connection.getresponse()
                data = raw.read()
                break
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                # A keep-alive connection nginx closed between two requests: reconnect once.
                self.close()
                if attempt == 2:
                    raise
            except BaseException:
                # Whatever failed half-way, the next request starts on a fresh connection.
                self.close()
                raise
        response_headers = {}
        for name, value in raw.getheaders():
            name = name.lower()
            if name == "set-cookie":
                cookie = value.split(";", 1)[0]
                key, _, cookie_value = cookie.partition("=")
                self.cookies[key.strip()] = cookie_value.strip()
            response_headers[name] = value
        if raw.will_close:
            self.close()
        return Response(raw.status, response_headers, data)

    def get(self, path, headers=None):
        return self.request("GET", path, headers=headers)

    def post_form(self, path, fields, referer=None):
        return self.request(
            "POST",
            path,
            body=urlencode(fields).encode(),
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Origin": self.origin,
                "Referer": referer or f"{self.origin}{path}",
                "X-CSRFToken": self.cookies.get("csrftoken", ""),
            },
        )

    def post_multipart(self, path, fields, files, referer=None):
        boundary = uuid.uuid4().hex
        parts = []
        for name, value in fields.items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
            )
        for name, (filename, content, content_type) in files.items():
            parts.append(
                (
                    f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                    f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'
                ).encode()
                + content
                + b"\r\n"
            )
        parts.append(f"--{boundary}--\r\n".encode())
        return self.request(
            "POST",
            path,
            body=b"".join(parts),
            headers={
                "Content-Type": f"multipart/form-data; boundary={boundary}",
                "Origin": self.origin,
                "Referer": referer or f"{self.origin}{path}",
            },
        )


def csrf_token(html):
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    if not match:
        raise AssertionError("no CSRF token in the page")
    return match.group(1)


def path_of(location):
    parts = urlsplit(location)
    return parts.path + (f"?{parts.query}" if parts.query else "")
