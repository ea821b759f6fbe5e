"""What goes over the wire for roll calls (API.md `/roll-calls`, INSPECT-1)."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from app.checkin.schemas import CheckinIn
from app.fields import Ref, record_id, year_field
from app.oversight.models import ANSWER_STATUSES, VISIT_KINDS
from app.oversight.rules import DUTIES
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


# --- INSPECT-2, VISIT-1 ---------------------------------------------------------------------------

class VisitIn(CheckinIn):
    """An oversight visit: the inspector's own check-in at the village (as a cadre's, CHK-2..6)."""

    class Meta(CheckinIn.Meta):
        exclude = ("photo_id", "device_id")

    kind = fields.String(required=True, validate=validate.OneOf(VISIT_KINDS), metadata={
        "description": "spot_check (town secretary), inspection (city admin), leader_visit or condolence_visit "
                       "(the dispatching unit's account)"})
    village_id = record_id(required=True)
    note = fields.String(load_default=None, allow_none=True, validate=validate.Length(1, 500))


class VisitOut(Schema):
    id = fields.Integer()
    kind = fields.String()
    rule = fields.String()
    by = fields.Nested(Ref)
    village = fields.Nested(Ref)
    day = fields.Date()
    captured_at = fields.DateTime()
    status = fields.String()
    reason = fields.String(allow_none=True)
    message = fields.String()
    message_en = fields.String()
    distance_m = fields.Float(allow_none=True)
    counts = fields.Boolean()


class DutyArgs(PageArgs):
    year = year_field(metadata={"description": "default: this year"})
    duty = fields.String(validate=validate.OneOf([d.name for d in DUTIES]))
    status = fields.String(validate=validate.OneOf(["done", "open", "missing"]))
    period = fields.String(validate=validate.Length(4, 7), metadata={"description": "2026-03, 2026-Q1, 2026-H1, 2026"})


class DutySubject(Schema):
    kind = fields.String(validate=validate.OneOf(["town", "city", "unit"]))
    id = fields.Integer(allow_none=True)
    name = fields.String()


class DutyRowOut(Schema):
    duty = fields.String(validate=validate.OneOf([d.name for d in DUTIES]))
    rule = fields.String()
    subject = fields.Nested(DutySubject)
    period = fields.String()
    start_date = fields.Date()
    end_date = fields.Date()
    required = fields.Integer()
    done = fields.Integer()
    status = fields.String(validate=validate.OneOf(["done", "open", "missing"]))
