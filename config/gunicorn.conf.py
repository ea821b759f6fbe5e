"""gunicorn's settings for this service: ``gunicorn -c config/gunicorn.conf.py wsgi:app`` (bin/serve).

- ``BIND`` (default 127.0.0.1:8000) and ``WORKERS`` (default 2) from the environment.
- No ``Server`` banner: gunicorn names itself in every answer; the header is left out.
- In production (``ZHUCUN_ENV=prod``) the master checks the secrets before it starts any worker, so
  a missing ``SECRET_KEY`` stops the server at once with one clear line instead of workers failing.
"""

from __future__ import annotations

import os
import sys

from gunicorn.http import wsgi as _gunicorn_wsgi

from config.settings import ConfigurationError, check_production, config_class, settings_of

bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WORKERS", "2"))
accesslog = "-"
# The access log's request line carries paths and query strings only; tokens travel in headers.
access_log_format = '%(h)s %(t)s "%(r)s" %(s)s %(b)s %(M)sms'

_default_headers = _gunicorn_wsgi.Response.default_headers


def _headers_without_server(self) -> list[str]:
    return [line for line in _default_headers(self) if not line.lower().startswith("server:")]


_gunicorn_wsgi.Response.default_headers = _headers_without_server


def on_starting(server) -> None:
    """Refuse to start a production server without its secrets (issue 11)."""
    try:
        check_production(settings_of(config_class()))
    except ConfigurationError as exc:
        server.log.error("%s", exc)
        sys.exit(1)
