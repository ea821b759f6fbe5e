"""What goes over the wire for leave and trips (API.md ``/leave-requests``, ``/approvals``)."""

from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from app.fields import record_id, year_field
from app.leave.models import STATUSES, STEP_STATUSES
from app.leave.rules import CHAIN_ROLES, HALF_DAYS, KINDS, TRIP_TYPES
from app.org.schemas import Ref
from app.pagination import PageArgs


class Trimmed(fields.String):
    """A string with surrounding white space removed."""

    def _deserialize(self, value, attr, data, **kwargs):
        return super()._deserialize(value, attr, data, **kwargs).strip()


class LeaveRequestIn(Schema):
    kind = fields.String(required=True, validate=validate.OneOf(KINDS))
    trip_type = fields.String(allow_none=True, load_default=None, validate=validate.OneOf(TRIP_TYPES),
                              metadata={"description": "required for a trip: meeting | training | project"})
    start_date = fields.Date(required=True)
    end_date = fields.Date(required=True)
    half_day = fields.String(allow_none=True, load_default=None, validate=validate.OneOf(HALF_DAYS),
                             metadata={"description": "am | pm: a half day (0.5), single-day requests only"})
    reason = Trimmed(required=True, validate=validate.Length(1, 500))

    @validates_schema
    def _shape(self, data, **kwargs):
        if data["kind"] == "trip" and not data.get("trip_type"):
            raise ValidationError("a trip needs a trip_type (meeting, training or project)", "trip_type")
        if data["kind"] == "leave" and data.get("trip_type"):
            raise ValidationError("trip_type is only for trips", "trip_type")


class LeaveIn(LeaveRequestIn):
    """The document's view of a leave: no ``trip_type`` (LV-3)."""

    kind = fields.String(required=True, validate=validate.OneOf(["leave"]))
    trip_type = fields.Constant(None, metadata={"enum": [None], "description": "only for trips: omit it, or null"})


class TripIn(LeaveRequestIn):
    """The document's view of an official trip: ``trip_type`` is required (LV-7)."""

    kind = fields.String(required=True, validate=validate.OneOf(["trip"]))
    trip_type = fields.String(required=True, validate=validate.OneOf(TRIP_TYPES),
                              metadata={"description": "meeting | training | project"})


#: Documented as one of the two; validated by LeaveRequestIn itself (app.openapi).
LeaveRequestIn.openapi_one_of = (LeaveIn, TripIn)


class CommentIn(Schema):
    comment = Trimmed(allow_none=True, load_default=None, validate=validate.Length(0, 1000),
                      metadata={"description": "required to reject, and for a town secretary approving "
                                               "past days (LV-8)"})


class LeaveListArgs(PageArgs):
    mine = fields.Boolean(load_default=False, metadata={"description": "only my own requests"})
    status = fields.String(validate=validate.OneOf(STATUSES))
    kind = fields.String(validate=validate.OneOf(KINDS))
    person_id = record_id()
    from_ = fields.Date(data_key="from", metadata={"description": "requests ending on or after this day"})
    to = fields.Date(metadata={"description": "requests starting on or before this day"})


class TotalsArgs(Schema):
    person_id = record_id(metadata={"description": "default: the caller"})
    year = year_field(metadata={"description": "default: this year"})


class StepOut(Schema):
    position = fields.Integer()
    role = fields.String(metadata={"enum": list(CHAIN_ROLES)})
    approver_id = fields.Integer()
    approver = fields.Nested(Ref)
    status = fields.String(metadata={"enum": list(STEP_STATUSES)})
    decided_at = fields.DateTime(allow_none=True)
    comment = fields.String(allow_none=True)
    added_for = fields.String(allow_none=True, metadata={"description": "LV-8 when added to review past days"})
    reassigned_from = fields.Nested(Ref, allow_none=True, metadata={
        "description": "LV-4: who this step waited on before the role changed hands"})
    reassigned_at = fields.DateTime(allow_none=True)


class LeaveRequestOut(Schema):
    id = fields.Integer()
    kind = fields.String()
    trip_type = fields.String(allow_none=True)
    status = fields.String(metadata={"enum": list(STATUSES)})
    days = fields.Float(metadata={"description": "inclusive calendar days as requested (LV-3)"})
    start_date = fields.Date()
    end_date = fields.Date()
    half_day = fields.String(allow_none=True)
    reason = fields.String()
    requester = fields.Nested(Ref, attribute="person")
    steps = fields.List(fields.Nested(StepOut))
    leave_days_this_year = fields.Float(metadata={"description": "LV-6: approved leave days in the start year"})
    leave_days_if_approved = fields.Float()
    would_exceed_leave_limit = fields.Boolean(metadata={"description": "LV-6: approving crosses the limit"})
    overdue = fields.Boolean(metadata={"description": "LV-5: ended without a report back"})
    reported_back_on = fields.Date(allow_none=True)
    days_released = fields.Float(metadata={"description": "LV-5: days given back by a report back"})
    created_at = fields.DateTime()
    decided_at = fields.DateTime(allow_none=True)


class TotalsOut(Schema):
    person_id = fields.Integer()
    year = fields.Integer()
    leave_days = fields.Float()
    trip_days = fields.Float()
    leave_limit = fields.Float(metadata={"description": "LV-6: more than this → recall"})
