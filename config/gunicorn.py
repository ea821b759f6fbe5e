"""gunicorn's settings for this service: ``gunicorn -c config/gunicorn.py wsgi:app`` (bin/serve does).

gunicorn answers a few requests itself, before the app sees them: a request line longer than
``limit_request_line`` (414), more header fields than ``limit_request_fields`` or one longer than
``limit_request_field_size`` (431), a request it cannot parse (400). Its answer is an HTML page;
clients of this API read only the JSON envelope of API.md (``{"error": {code, message,
message_en, details}}``), so gunicorn's answers are written as the envelope too, with the codes of
``app.errors`` (``URI_TOO_LONG``, ``HEADERS_TOO_LARGE``, …). gunicorn's own message is not echoed:
it can quote the offending header.

The limits: the request line at gunicorn's maximum (8190 bytes), so any URL the API's filters
need reaches the app; header fields at gunicorn's defaults (100 fields of 8190 bytes; a bearer
token is about 200). Bodies are limited by the app (``MAX_CONTENT_LENGTH``, ``MAX_JSON_BYTES``).
Command-line options (``--workers``, ``--bind``, …) still apply on top of this file.
"""

from __future__ import annotations

import json

import gunicorn.util

from app.errors import status_envelope

limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 8190


def write_envelope(sock, status_int: int, reason: str, mesg: str) -> None:
    """gunicorn's ``util.write_error``, answering the JSON envelope instead of an HTML page."""
    body = json.dumps(status_envelope(status_int, reason), ensure_ascii=False).encode("utf-8")
    head = (f"HTTP/1.1 {status_int} {reason}\r\nConnection: close\r\n"
            f"Content-Type: application/json; charset=utf-8\r\nContent-Length: {len(body)}\r\n\r\n")
    gunicorn.util.write_nonblock(sock, head.encode("latin-1") + body)


# gunicorn's workers call ``util.write_error`` for every answer they make themselves.
gunicorn.util.write_error = write_envelope
