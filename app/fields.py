"""Marshmallow fields, the ``Ref`` schema and URL converters shared by every domain's schemas and routes.

Record ids are ``INTEGER`` columns (32-bit on PostgreSQL). A larger number cannot name a record, and
passing one to the database fails (SQLite: ``OverflowError`` beyond 64 bits), so ids are bounded
where they enter: in a query or a body they are a 400 VALIDATION_ERROR, in a path a 404 NOT_FOUND.
"""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields, validate
from werkzeug.routing import IntegerConverter

MAX_ID = 2**31 - 1
YEARS = validate.Range(2000, 2100)  # the years any query may name (business data starts in the 2020s)


class Ref(Schema):
    """A reference to another record: ``{id, name}`` (API.md conventions)."""

    id = fields.Integer(required=True)
    name = fields.String(required=True)


def record_id(**kwargs: Any) -> fields.Integer:
    """An id of a record: 1 ≤ id ≤ MAX_ID."""
    return fields.Integer(validate=validate.Range(1, MAX_ID), **kwargs)


def year_field(**kwargs: Any) -> fields.Integer:
    """A calendar year a query may name (2000–2100)."""
    return fields.Integer(validate=YEARS, **kwargs)


class BoundedIntConverter(IntegerConverter):
    """``<int:…>`` in a route: a non-negative integer of at most MAX_ID, else the route does not match (404)."""

    def __init__(self, map, fixed_digits: int = 0, min: int | None = None, max: int | None = MAX_ID,
                 signed: bool = False) -> None:
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)
