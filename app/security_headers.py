"""The security headers of every answer, in one place.

- ``X-Content-Type-Options: nosniff`` everywhere, so no browser runs a JSON answer or an upload as
  script or HTML.
- ``Cache-Control: no-store`` on the API (``/api/v1/``): answers carry personal data (attendance,
  leave, logs, photos) or a bearer token, and no shared or browser cache may keep them.
- HTML pages (the docs page, the console at ``/console/``) get the Content-Security-Policy of the
  config (``CONTENT_SECURITY_POLICY``: same origin only, no inline script, no eval) and may not be
  framed (``frame-ancestors 'none'``, ``X-Frame-Options: DENY``); every other answer gets a policy
  that allows nothing, since it is never a page.
- No ``Server`` banner: Flask sends none; gunicorn's is removed by ``config/gunicorn.conf.py``.
"""

from __future__ import annotations

from collections.abc import Mapping

from flask import Flask, Response, request

API_PREFIX = "/api/v1/"
NOTHING_POLICY = "default-src 'none'; frame-ancestors 'none'"


def content_security_policy(directives: Mapping[str, str]) -> str:
    """``{"default-src": "'self'", …}`` → ``default-src 'self'; …`` (the header's value)."""
    return "; ".join(f"{name} {sources}".strip() for name, sources in directives.items())


def apply(response: Response, path: str, page_policy: str, secure: bool) -> Response:
    """Set the headers on one answer (an explicit Cache-Control of a view is kept)."""
    headers = response.headers
    headers["X-Content-Type-Options"] = "nosniff"
    headers["X-Frame-Options"] = "DENY"
    headers["Referrer-Policy"] = "same-origin"
    headers["Content-Security-Policy"] = page_policy if response.mimetype == "text/html" else NOTHING_POLICY
    if path.startswith(API_PREFIX) and "Cache-Control" not in headers:
        headers["Cache-Control"] = "no-store"
    if secure:
        headers["Strict-Transport-Security"] = "max-age=31536000"
    headers.pop("Server", None)
    return response


def install(app: Flask) -> None:
    """Add the headers to every answer of ``app``, errors included."""
    page_policy = content_security_policy(app.config["CONTENT_SECURITY_POLICY"])

    @app.after_request
    def _security_headers(response: Response) -> Response:
        return apply(response, request.path, page_policy, request.is_secure)
