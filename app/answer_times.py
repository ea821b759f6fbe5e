"""Times in answers carry +08:00, the Asia/Shanghai offset (API.md): formatted here, once.

Instants are stored and computed in UTC (``app.dbtypes.UTCDateTime``, ``app.clock``) and a client
may send any offset. Every datetime an answer gives goes out on the business clock, so a cadre reads
09:00 for a 09:00 check-in: marshmallow's ``DateTime`` fields (every response schema) format with
``answer_isoformat``, and so does the app's JSON provider for a datetime handed to ``jsonify``. The
served OpenAPI document says so on every date-time field.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import Flask
from flask.json.provider import DefaultJSONProvider
from marshmallow import fields

from app.clock import BUSINESS_TZ

DESCRIPTION = "ISO 8601; answers give +08:00 (Asia/Shanghai), requests may use any offset"


def answer_isoformat(value: datetime) -> str:
    """An aware instant as ISO 8601 on the business clock (``2026-03-02T09:00:00+08:00``)."""
    return value.astimezone(BUSINESS_TZ).isoformat() if value.tzinfo else value.isoformat()


class AnswerJSONProvider(DefaultJSONProvider):
    """Flask's JSON provider, with datetimes as ``answer_isoformat`` (not HTTP dates in GMT)."""

    @staticmethod
    def default(o: Any) -> Any:
        if isinstance(o, datetime):
            return answer_isoformat(o)
        return DefaultJSONProvider.default(o)


def _describe(converter, field, ret: dict, **kwargs) -> dict:
    """apispec attribute function: state the offset on every date-time field of the document."""
    if not isinstance(field, fields.DateTime):
        return {}
    given = ret.get("description")
    return {"description": f"{given} ({DESCRIPTION})" if given else DESCRIPTION}


def install(app: Flask, api) -> None:
    """Format answer times for ``app`` and document them in ``api``'s spec (before blueprints)."""
    for name in ("iso", "iso8601"):  # the formats our DateTime fields use (marshmallow's default)
        fields.DateTime.SERIALIZATION_FUNCS[name] = answer_isoformat
    app.json = AnswerJSONProvider(app)
    api.ma_plugin.converter.add_attribute_function(_describe)
