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
    leave_days = fields.Integer(metadata={"description": (
        "§2 status count: closed days (through `closed_through`) whose status is `leave`, i.e. covered by "
        "an approved leave and with no accepted check-in. Whole days, past days only. Compare "
        "`approved_leave_days`.")})
    absent_days = fields.Integer()
    rest_days = fields.Integer()
    duty_days_served = fields.Integer()
    longest_absence_streak = fields.Integer()
    current_absence_streak = fields.Integer()
    projected_attendance_days = fields.Integer(allow_none=True)
    approved_leave_days = fields.Float(metadata={"description": (
        "LV-6: the leave days of approved requests dated in the year — what counts toward the 30-day "
        "limit. Includes future days of an approved leave, counts a half day as 0.5, excludes days "
        "released by a report back (销假); trips never count. Differs from `leave_days`, which counts "
        "only closed days that ended with the status `leave`.")})
    days_needed_for_target = fields.Integer(metadata={"description": (
        "ATT-1: attendance days still needed to reach `target` (220 prorated); 0 once reached")})
    days_needed_for_minimum = fields.Integer(metadata={"description": (
        "ATT-2: attendance days still needed to reach `fail_threshold` (the 200-day line, prorated); "
        "below it at year end the result is 不称职 and a recall case opens")})
    remaining_posted_days = fields.Integer(metadata={"description": (
        "posted days of the year not yet closed (planned − closed): the days left to make up "
        "`days_needed_for_target`")})
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
