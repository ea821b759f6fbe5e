"""Keyset pagination for every list endpoint: ``{"items": [...], "next_cursor": "…" | null}``.

A cursor is the sort key of the last item returned, so paging stays correct and cheap while rows
are being added (no OFFSET scans, no skipped or repeated items).
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Sequence
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


def tagged(value: Any) -> Any:
    """A date or datetime as JSON that stays apart from strings (``{"d": …}``, ``{"t": …}``); other
    values as they are. Cursors and stored board readings keep their dates this way."""
    if isinstance(value, datetime):
        return {"t": value.isoformat()}
    if isinstance(value, date):
        return {"d": value.isoformat()}
    return value


def untagged(value: Any) -> Any:
    """The value ``tagged`` gave, from its JSON (usable as ``json.loads``'s ``object_hook``)."""
    if isinstance(value, dict) and len(value) == 1:
        if "t" in value:
            return datetime.fromisoformat(value["t"])
        if "d" in value:
            return date.fromisoformat(value["d"])
    return value


def _encode(values: Sequence[Any]) -> str:
    raw = json.dumps([tagged(v) for v in values], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _invalid_cursor() -> Exception:
    return validation_error({"cursor": ["invalid cursor"]}, "invalid cursor")


_INT64 = 2**63 - 1


def _fits(value: Any, column: Any) -> bool:
    """Whether a cursor value can be compared with ``column`` (a forged cursor must not reach the database)."""
    try:
        expected = getattr(column.type, "impl_instance", column.type).python_type  # through TypeDecorators
    except NotImplementedError:
        return True
    if value is None or isinstance(value, bool) is not (expected is bool):
        return False
    if expected is datetime:
        return isinstance(value, datetime) and value.tzinfo is not None
    if expected is date:
        return isinstance(value, date) and not isinstance(value, datetime)
    if expected is int:
        return isinstance(value, int) and -_INT64 <= value <= _INT64
    return isinstance(value, expected)


def _decode(cursor: str, width: int) -> list[Any]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = [untagged(v) for v in json.loads(raw)]
    except (binascii.Error, ValueError, TypeError, UnicodeDecodeError) as exc:
        raise _invalid_cursor() from exc
    if len(values) != width:
        raise _invalid_cursor()
    return values


def encode_cursor(values: Sequence[Any]) -> str:
    """A cursor of several values (dates and datetimes kept), for a list that pages itself."""
    return _encode(values)


def decode_cursor(cursor: str, width: int) -> list[Any]:
    """The values of ``encode_cursor``; a malformed cursor or another width is 400 ``invalid cursor``."""
    return _decode(cursor, width)


def invalid_cursor() -> Exception:
    """The 400 of a cursor that decodes but does not fit the list it is given to."""
    return _invalid_cursor()


def keyset_page(stmt: Select, order: Sequence[tuple[Any, bool]], cursor: str | None, limit: int,
                session, rows: bool = False) -> dict[str, Any]:
    """Run ``stmt`` ordered by ``order`` ((column, descending) pairs, the last one unique).

    Returns ``{"items": rows, "next_cursor": str | None}`` with ORM rows, ready for a page schema;
    with ``rows=True`` the items are result rows (a select of labelled columns, e.g. a UNION's).
    """
    if cursor:
        values = _decode(cursor, len(order))
        if not all(_fits(value, col) for value, (col, _) in zip(values, order, strict=True)):
            raise _invalid_cursor()
        clauses = []
        for i, (col, desc) in enumerate(order):
            equal = [order[j][0] == values[j] for j in range(i)]
            clauses.append(and_(*equal, col < values[i] if desc else col > values[i]))
        stmt = stmt.where(or_(*clauses))
    stmt = stmt.order_by(*[col.desc() if desc else col.asc() for col, desc in order]).limit(limit + 1)
    found = list(session.execute(stmt).all() if rows else session.scalars(stmt))
    next_cursor = None
    if len(found) > limit:
        found = found[:limit]
        last = found[-1]
        next_cursor = _encode([getattr(last, col.key) for col, _ in order])
    return {"items": found, "next_cursor": next_cursor}


def list_page(items: Sequence[Any], key: Callable[[Any], Any], cursor: str | None, limit: int) -> dict[str, Any]:
    """Page a list already in memory, sorted ascending by ``key`` (unique per item).

    For lists computed rather than queried (day statuses, a report); same answer and cursors as
    ``keyset_page``.
    """
    if cursor:
        (after,) = _decode(cursor, 1)
        if items and type(after) is not type(key(items[0])):
            raise _invalid_cursor()
        items = [item for item in items if key(item) > after]
    page = list(items[:limit])
    next_cursor = _encode([key(page[-1])]) if len(items) > limit else None
    return {"items": page, "next_cursor": next_cursor}
