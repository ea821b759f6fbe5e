"""What goes over the wire for corrections (API.md ``/corrections``) and the approver's queue."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from app.corrections.models import STATUSES
from app.fields import record_id
from app.leave.schemas import LeaveRequestOut, StepOut, Trimmed
from app.org.schemas import Ref
from app.pagination import PageArgs


class CorrectionIn(Schema):
    date = fields.Date(required=True, metadata={"description": "the day to count as present (CHK-9)"})
    reason = Trimmed(required=True, validate=validate.Length(1, 500))
    photo_id = record_id(required=True, strict=True, metadata={
        "description": "your own photo (POST /uploads) uploaded on that day"})


class CorrectionListArgs(PageArgs):
    person_id = record_id()
    status = fields.String(validate=validate.OneOf(STATUSES))
    from_ = fields.Date(data_key="from", metadata={"description": "corrections of this day or later"})
    to = fields.Date(metadata={"description": "corrections of this day or earlier"})


class RejectedAttemptOut(Schema):
    """A rejected check-in of the day, as the approver sees it (CHK-9)."""

    id = fields.Integer()
    captured_at = fields.DateTime()
    reason = fields.String(allow_none=True, metadata={"description": "CHK-3 reason code"})
    distance_m = fields.Float(allow_none=True, metadata={"description": "to the nearest fence edge"})
    accuracy_m = fields.Float()
    photo_id = fields.Integer(allow_none=True)


class CorrectionFields(Schema):
    date = fields.Date(attribute="day")
    person = fields.Nested(Ref, dump_only=True)
    photo_id = fields.Integer()
    attempts = fields.List(fields.Nested(RejectedAttemptOut), metadata={"description": "the day's rejected check-ins"})
    corrections_this_month = fields.Integer(metadata={
        "description": "CHK-9: pending or approved corrections in the day's month (limit corrections_per_month)"})


class CorrectionOut(CorrectionFields):
    id = fields.Integer()
    kind = fields.String(metadata={"enum": ["correction"]})
    status = fields.String(metadata={"enum": list(STATUSES)})
    reason = fields.String()
    requester = fields.Nested(Ref, attribute="person", dump_only=True)
    steps = fields.List(fields.Nested(StepOut))
    created_at = fields.DateTime()
    decided_at = fields.DateTime(allow_none=True)


class PendingApprovalOut(LeaveRequestOut, CorrectionFields):
    """A leave or trip request (its shape unchanged), or a correction (``kind: "correction"``: a one-day
    request of ``date`` with its attempts and photo)."""

    kind = fields.String(metadata={"enum": ["leave", "trip", "correction"]})
