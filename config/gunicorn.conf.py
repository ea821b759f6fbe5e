"""gunicorn's settings for this service: ``gunicorn -c config/gunicorn.conf.py wsgi:app`` (bin/serve).

- ``BIND`` (default 127.0.0.1:8000) and ``WORKERS`` (default 2) from the environment.
- No ``Server`` banner: gunicorn names itself in every answer; the header is left out.
- In production (``ZHUCUN_ENV=prod``) the master checks the secrets before it starts any worker, so
  a missing ``SECRET_KEY`` stops the server at once with one clear line instead of workers failing.
- gunicorn answers a few requests itself, before the app sees them: a request line longer than
  ``limit_request_line`` (414), more header fields than ``limit_request_fields`` or one longer than
  ``limit_request_field_size`` (431), a request it cannot parse (400). Its answer would be an HTML
  page; clients of this API read only the JSON envelope of API.md, so those answers are written as
  the envelope too, with the codes of ``app.errors`` (``URI_TOO_LONG``, ``HEADERS_TOO_LARGE``, …).
  gunicorn's own message is not echoed: it can quote the offending header. The request line is
  allowed gunicorn's maximum (8190 bytes), so any URL the API's filters need reaches the app;
  header fields keep gunicorn's defaults (100 fields of 8190 bytes; a bearer token is about 200).
"""

from __future__ import annotations

import json
import os
import sys

import gunicorn.util
from gunicorn.glogging import Logger
from gunicorn.http import wsgi as _gunicorn_wsgi

from app.errors import status_envelope
from app.redact import redact_url
from config.settings import ConfigurationError, check_production, config_class, settings_of

bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WORKERS", "2"))
accesslog = "-"
# The access log's request line carries paths and query strings only; tokens travel in headers.
access_log_format = '%(h)s %(t)s "%(r)s" %(s)s %(b)s %(M)sms'



class AccessLogger(Logger):
    """gunicorn's logger, whose access lines leave out the console sign-in secrets in URLs (the poll
    nonce of ``/auth/web-sessions/{nonce}``, the QR's ``code``): one-time, but secrets all the same."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for key in ("r", "U", "q"):
            if atoms.get(key):
                atoms[key] = redact_url(atoms[key])
        return atoms


logger_class = AccessLogger
limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 8190

_default_headers = _gunicorn_wsgi.Response.default_headers


def _headers_without_server(self) -> list[str]:
    return [line for line in _default_headers(self) if not line.lower().startswith("server:")]


_gunicorn_wsgi.Response.default_headers = _headers_without_server


def write_envelope(sock, status_int: int, reason: str, mesg: str) -> None:
    """gunicorn's ``util.write_error``, answering the JSON envelope instead of an HTML page."""
    body = json.dumps(status_envelope(status_int, reason), ensure_ascii=False).encode("utf-8")
    head = (f"HTTP/1.1 {status_int} {reason}\r\nConnection: close\r\n"
            f"Content-Type: application/json; charset=utf-8\r\nContent-Length: {len(body)}\r\n\r\n")
    gunicorn.util.write_nonblock(sock, head.encode("latin-1") + body)


# gunicorn's workers call ``util.write_error`` for every answer they make themselves.
gunicorn.util.write_error = write_envelope


def on_starting(server) -> None:
    """Refuse to start a production server without its secrets (issue 11)."""
    try:
        check_production(settings_of(config_class()))
    except ConfigurationError as exc:
        server.log.error("%s", exc)
        sys.exit(1)
