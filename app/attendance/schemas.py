"""Attendance read API (API.md ``/attendance/summary``, ``/attendance/days``, ``/missed-logs``)."""

from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from app.fields import range_end, record_id, year_field
from app.org.schemas import Ref
from app.pagination import PageArgs

MAX_RANGE_DAYS = 366


class SummaryArgs(Schema):
    person_id = record_id(metadata={"description": "default: yourself"})
    year = year_field(metadata={"description": "default: this year"})


class MissedCounts(Schema):
    open = fields.Integer()
    fixed = fields.Integer()
    unfixed = fields.Integer()


class SummaryOut(Schema):
    person = fields.Nested(Ref)
    year = fields.Integer()
    target = fields.Integer(metadata={"description": "ATT-1: 220 prorated by the posted days of the year"})
    fail_threshold = fields.Integer(metadata={"description": "ATT-2: 200 prorated"})
    planned_posted_days = fields.Integer()
    attendance_days = fields.Integer()
    present_days = fields.Integer()
    business_days = fields.Integer()
    leave_days = fields.Integer()
    absent_days = fields.Integer()
    rest_days = fields.Integer()
    duty_days_served = fields.Integer()
    longest_absence_streak = fields.Integer()
    current_absence_streak = fields.Integer()
    projected_attendance_days = fields.Integer(allow_none=True)
    approved_leave_days = fields.Float(metadata={"description": "LV-6: approved leave days dated in the year"})
    corrections = fields.Integer(metadata={
        "description": "CHK-9: approved attendance corrections (补卡) dated in the year; those days are "
                       "among present_days"})
    missed_logs = fields.Nested(MissedCounts)
    closed_through = fields.Date(allow_none=True, metadata={"description": "the last day the day close evaluated"})
    today_closed = fields.Boolean(metadata={"description": "false: today is not in these figures yet"})
    provisional_from = fields.Date(allow_none=True,
                                   metadata={"description": "ATT-5: days from here on may still change"})


class DaysArgs(PageArgs):
    person_id = record_id()
    from_ = fields.Date(data_key="from", required=True)
    to = fields.Date(required=True, metadata=range_end(MAX_RANGE_DAYS))

    @validates_schema
    def _range(self, data, **kwargs):
        if data["to"] < data["from_"]:
            raise ValidationError("'to' is before 'from'", "to")
        if (data["to"] - data["from_"]).days >= MAX_RANGE_DAYS:
            raise ValidationError(f"at most {MAX_RANGE_DAYS} days at a time", "to")


class DayOut(Schema):
    date = fields.Date()
    status = fields.String(metadata={"description": "present|business|leave|rest|absent|not_posted"})
    on_duty = fields.Boolean()
    corrected = fields.Boolean(metadata={
        "description": "CHK-9: present by an approved attendance correction (补卡), not by a check-in"})
    provisional = fields.Boolean()
    calendar_provisional = fields.Boolean()


class MissedLogArgs(PageArgs):
    person_id = record_id()
    year = year_field()
    status = fields.String(validate=validate.OneOf(["open", "fixed", "unfixed"]))


class MissedLogOut(Schema):
    date = fields.Date(attribute="day")
    person = fields.Nested(Ref)
    status = fields.String()
    rectify_by = fields.Date()
    opened_at = fields.DateTime()
    fixed_at = fields.DateTime(allow_none=True)
    unfixed_at = fields.DateTime(allow_none=True)
