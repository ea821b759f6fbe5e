"""What goes over the wire for the duty roster (API.md)."""

from __future__ import annotations

from datetime import date

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from app.fields import record_id
from app.org.schemas import Ref
from app.pagination import PageArgs

MAX_ROSTER_SPAN_DAYS = 366
SANE_DATES = validate.Range(date(2000, 1, 1), date(2100, 12, 31))


class RosterArgs(PageArgs):
    village_id = record_id(metadata={"description": "one team; default every team in your scope"})
    from_ = fields.Date(data_key="from", validate=SANE_DATES, metadata={"description": "default today"})
    to = fields.Date(validate=SANE_DATES, metadata={"description": "default from + 31 days"})

    @validates_schema
    def _span(self, data, **kwargs):
        if "from_" in data and "to" in data:
            if data["to"] < data["from_"]:
                raise ValidationError("to must not be before from", "to")
            if (data["to"] - data["from_"]).days > MAX_ROSTER_SPAN_DAYS:
                raise ValidationError(f"at most {MAX_ROSTER_SPAN_DAYS} days at a time", "to")


class RosterItemOut(Schema):
    date = fields.Date(attribute="day")
    person_id = fields.Integer()
    name = fields.String(attribute="person.name")
    village = fields.Nested(Ref)


class SwapIn(Schema):
    date_a = fields.Date(required=True, validate=SANE_DATES)
    person_a = record_id(required=True)
    date_b = fields.Date(required=True, validate=SANE_DATES)
    person_b = record_id(required=True)


class SwapOut(Schema):
    items = fields.List(fields.Nested(RosterItemOut))


class RosterChangeOut(Schema):
    id = fields.Integer()
    date = fields.Date(attribute="day")
    kind = fields.String()
    person = fields.Nested(Ref, allow_none=True)
    previous_person = fields.Nested(Ref, allow_none=True)
    reason = fields.String()
    changed_by = fields.Nested(Ref, allow_none=True)
    changed_at = fields.DateTime()


class RosterChangeArgs(PageArgs):
    village_id = record_id(required=True)
