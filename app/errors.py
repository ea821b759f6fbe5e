"""One error type for everything a user can cause, and the JSON envelope of API.md.

``DomainError(code, message_zh, message_en, status, rule=..., details=...)`` is raised anywhere
(rules, services, routes); the handler (app/error_handlers.py) turns it into
``{"error": {"code", "message", "message_en", "details"}}``. HTTP errors from Flask, webargs and
the rate limiter are mapped into the same envelope, so no client ever sees an HTML page or a 500
for bad input.
"""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields
from werkzeug.exceptions import HTTPException


class DomainError(Exception):
    """An expected error with a code, a Chinese and an English message, and an HTTP status."""

    status = 422

    def __init__(self, code: str, message: str, message_en: str, status: int | None = None,
                 rule: str | None = None, details: dict[str, Any] | None = None):
        super().__init__(f"{code}: {message_en}")
        self.code = code
        self.message = message
        self.message_en = message_en
        if status is not None:
            self.status = status
        self.details = dict(details or {})
        if rule:
            self.details["rule"] = rule

    def to_dict(self) -> dict[str, Any]:
        return {"error": {"code": self.code, "message": self.message, "message_en": self.message_en,
                          "details": self.details}}


class RuleViolation(DomainError):
    """422 RULE_VIOLATION: valid input that a rule of RULES.md refuses (details.rule names it)."""

    def __init__(self, rule: str, message: str, message_en: str, details: dict[str, Any] | None = None,
                 code: str = "RULE_VIOLATION"):
        super().__init__(code, message, message_en, 422, rule=rule, details=details)


class NotFound(DomainError):
    def __init__(self, what: str = "record", what_zh: str = "记录"):
        super().__init__("NOT_FOUND", f"{what_zh}不存在或无权查看", f"{what} not found", 404)


class Forbidden(DomainError):
    def __init__(self, code: str = "FORBIDDEN", message: str = "您的角色无权进行此操作",
                 message_en: str = "your role may not do this", rule: str | None = None):
        super().__init__(code, message, message_en, 403, rule=rule)


class Conflict(DomainError):
    def __init__(self, code: str, message: str, message_en: str, details: dict[str, Any] | None = None):
        super().__init__(code, message, message_en, 409, details=details)


def validation_error(fields: dict[str, Any], message_en: str = "the request is malformed") -> DomainError:
    return DomainError("VALIDATION_ERROR", "请求格式不正确，请检查填写的内容", message_en, 400,
                       details={"fields": fields})


class ErrorBody(Schema):
    code = fields.String(required=True, metadata={"description": "UPPER_SNAKE, e.g. VALIDATION_ERROR, NOT_FOUND"})
    message = fields.String(required=True, metadata={"description": "中文说明"})
    message_en = fields.String(required=True, metadata={"description": "the same in English"})
    details = fields.Dict(required=True, metadata={"description": "e.g. rule (the RULES.md id), fields, problems"})


class ErrorEnvelope(Schema):
    """Every error answer (API.md "Errors, always"); the served OpenAPI documents it as ``Error``."""

    error = fields.Nested(ErrorBody, required=True)


# Codes and messages for plain HTTP errors raised by Flask/Werkzeug.
_HTTP = {
    400: ("VALIDATION_ERROR", "请求格式不正确", "malformed request"),
    401: ("TOKEN_INVALID", "请先登录", "authentication required"),
    403: ("FORBIDDEN", "无权进行此操作", "forbidden"),
    404: ("NOT_FOUND", "请求的资源不存在", "not found"),
    405: ("METHOD_NOT_ALLOWED", "不支持该请求方法", "method not allowed"),
    409: ("CONFLICT", "请求与当前状态冲突", "conflict"),
    413: ("PAYLOAD_TOO_LARGE", "上传的内容太大", "payload too large"),
    415: ("UNSUPPORTED_MEDIA_TYPE", "请求的内容类型不受支持，请使用 JSON", "unsupported media type"),
    429: ("RATE_LIMITED", "操作太频繁，请稍后再试", "too many requests, try again later"),
}


def http_error_body(exc: HTTPException) -> tuple[dict[str, Any], int]:
    """Map any Werkzeug HTTP error (including webargs' parse errors) into the envelope."""
    status = exc.code or 500
    data = getattr(exc, "data", None) or {}
    messages = data.get("messages")
    if messages is not None and status in (400, 422):
        # webargs: the request did not match its schema. That is malformed input → 400.
        fields = {loc: errs for loc, errs in messages.items()} if isinstance(messages, dict) else messages
        return validation_error(fields).to_dict(), 400
    code, zh, en = _HTTP.get(status, ("HTTP_ERROR", "请求失败", exc.name or "error"))
    details: dict[str, Any] = {}
    if status == 429:
        details["limit"] = str(exc.description)
    return {"error": {"code": code, "message": zh, "message_en": en, "details": details}}, status
