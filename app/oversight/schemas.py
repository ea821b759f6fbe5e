"""What goes over the wire for roll calls (API.md `/roll-calls`, INSPECT-1)."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from app.fields import Ref, record_id
from app.oversight.models import ANSWER_STATUSES
from app.pagination import PageArgs

MAX_CALLED = 100  # a roll call names or draws at most this many cadres


class RollCallIn(Schema):
    person_ids = fields.List(record_id(), validate=validate.Length(1, MAX_CALLED),
                             metadata={"description": "the cadres to call; or give `draw`"})
    draw = fields.Integer(validate=validate.Range(1, MAX_CALLED),
                          metadata={"description": "draw this many at random among those expected in the village "
                                                   "now (not on leave, trip or rest); or give `person_ids`"})
    town_id = record_id(metadata={"description": "limit the call to a town (a town secretary: their own)"})


class RollCallArgs(PageArgs):
    open = fields.Boolean(metadata={"description": "true: calls still in their answer window; false: closed"})


class CalledOut(Schema):
    person = fields.Nested(Ref)
    village = fields.Nested(Ref)
    status = fields.String(validate=validate.OneOf(ANSWER_STATUSES))
    answered_at = fields.DateTime(allow_none=True)
    checkin_id = fields.Integer(allow_none=True)


class RollCallOut(Schema):
    id = fields.Integer()
    caller = fields.Nested(Ref)
    town_id = fields.Integer(allow_none=True)
    drawn = fields.Boolean()
    called_at = fields.DateTime()
    answer_by = fields.DateTime()
    closed_at = fields.DateTime(allow_none=True)
    people = fields.List(fields.Nested(CalledOut))
