"""Keyset pagination for every list endpoint: ``{"items": [...], "next_cursor": "…" | null}``.

A cursor is the sort key of the last item returned, so paging stays correct and cheap while rows
are being added (no OFFSET scans, no skipped or repeated items).
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from marshmallow import Schema, fields, validate
from sqlalchemy import Select, and_, or_

from app.errors import validation_error

DEFAULT_LIMIT = 50
MAX_LIMIT = 500


class PageArgs(Schema):
    cursor = fields.String(metadata={"description": "next_cursor of the previous page"})
    limit = fields.Integer(load_default=DEFAULT_LIMIT, validate=validate.Range(1, MAX_LIMIT))


def page_schema(item_schema: type[Schema] | Schema, name: str) -> type[Schema]:
    """The response schema of a list endpoint for ``item_schema``."""
    return Schema.from_dict(
        {"items": fields.List(fields.Nested(item_schema)), "next_cursor": fields.String(allow_none=True)},
        name=name,
    )


def _encode(values: Sequence[Any]) -> str:
    def tag(v: Any) -> Any:
        if isinstance(v, datetime):
            return {"t": v.isoformat()}
        if isinstance(v, date):
            return {"d": v.isoformat()}
        return v

    raw = json.dumps([tag(v) for v in values], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode(cursor: str, width: int) -> list[Any]:
    def untag(v: Any) -> Any:
        if isinstance(v, dict) and "t" in v:
            return datetime.fromisoformat(v["t"])
        if isinstance(v, dict) and "d" in v:
            return date.fromisoformat(v["d"])
        return v

    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = [untag(v) for v in json.loads(raw)]
    except (binascii.Error, ValueError, TypeError, UnicodeDecodeError) as exc:
        raise validation_error({"cursor": ["invalid cursor"]}, "invalid cursor") from exc
    if len(values) != width:
        raise validation_error({"cursor": ["invalid cursor"]}, "invalid cursor")
    return values


def keyset_page(stmt: Select, order: Sequence[tuple[Any, bool]], cursor: str | None, limit: int,
                session) -> dict[str, Any]:
    """Run ``stmt`` ordered by ``order`` ((column, descending) pairs, the last one unique).

    Returns ``{"items": rows, "next_cursor": str | None}`` with ORM rows, ready for a page schema.
    """
    if cursor:
        values = _decode(cursor, len(order))
        clauses = []
        for i, (col, desc) in enumerate(order):
            equal = [order[j][0] == values[j] for j in range(i)]
            clauses.append(and_(*equal, col < values[i] if desc else col > values[i]))
        stmt = stmt.where(or_(*clauses))
    stmt = stmt.order_by(*[col.desc() if desc else col.asc() for col, desc in order]).limit(limit + 1)
    rows = list(session.scalars(stmt))
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        last = rows[-1]
        next_cursor = _encode([getattr(last, col.key) for col, _ in order])
    return {"items": rows, "next_cursor": next_cursor}
