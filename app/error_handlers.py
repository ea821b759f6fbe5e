"""The app's error handlers: every error a client can meet answers the envelope of API.md.

A ``DomainError`` answers its code and messages, an HTTP error (Flask, webargs, the rate limiter)
is mapped by ``app.errors.http_error_body``, and anything unexpected is logged and answered 500
``INTERNAL_ERROR`` without a trace of the cause. A request is one transaction: its route commits
when it succeeds, and a request that ends in an error is rolled back here (services never commit
nor roll back).
"""

from __future__ import annotations

import logging

from flask import Flask, jsonify
from werkzeug.exceptions import HTTPException

from app.errors import DomainError, http_error_body
from app.extensions import db
from app.redact import log_exception

log = logging.getLogger(__name__)


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(DomainError)
    def _domain(exc: DomainError):
        db.session.rollback()
        return jsonify(exc.to_dict()), exc.status

    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException):
        db.session.rollback()
        body, status = http_error_body(exc)
        response = jsonify(body)
        response.status_code = status
        if status == 405 and exc.get_response().headers.get("Allow"):
            response.headers["Allow"] = exc.get_response().headers["Allow"]
        return response

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception):
        log_exception(log, "unhandled error")  # redacted: a database error quotes the failing row
        db.session.rollback()
        body = {"error": {"code": "INTERNAL_ERROR", "message": "服务器内部错误，请稍后再试",
                          "message_en": "internal error", "details": {}}}
        return jsonify(body), 500
