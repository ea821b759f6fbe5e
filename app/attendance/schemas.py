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


class DayArgs(Schema):
    person_id = record_id(metadata={"description": "default: yourself"})


class CalendarFact(Schema):
    working_day = fields.Boolean()
    source = fields.String(metadata={"enum": ["official", "entered", "provisional"], "description":
                                     "DUTY-4: the State Council calendar, the city office's entry, or Mon–Fri"})
    provisional = fields.Boolean(metadata={"description": "the status was decided on the Mon–Fri fallback"})


class CheckinFact(Schema):
    id = fields.Integer()
    captured_at = fields.DateTime()
    received_at = fields.DateTime(metadata={"description": "later than captured_at: an offline sync (CHK-6)"})
    status = fields.String(metadata={"enum": ["accepted", "rejected"]})
    reason = fields.String(allow_none=True, metadata={"description": "CHK-3 reason code of a rejection"})
    message = fields.String(metadata={"description": "what the cadre was told"})
    distance_m = fields.Float(allow_none=True)
    accuracy_m = fields.Float()
    photo_id = fields.Integer(allow_none=True)


class ApprovalFact(Schema):
    id = fields.Integer()
    kind = fields.String(metadata={"enum": ["leave", "trip"]})
    trip_type = fields.String(allow_none=True)
    status = fields.String()
    start_date = fields.Date()
    end_date = fields.Date()
    half_day = fields.String(allow_none=True)
    decided_at = fields.DateTime(allow_none=True)
    reported_back_on = fields.Date(allow_none=True)
    covers = fields.Boolean(metadata={"description": "approved and covering the day (LV-5: before a report back)"})


class CorrectionFact(Schema):
    id = fields.Integer()
    status = fields.String()
    reason = fields.String()
    photo_id = fields.Integer()
    created_at = fields.DateTime()
    decided_at = fields.DateTime(allow_none=True)


class LogFact(Schema):
    due = fields.Boolean(metadata={"description": "LOG-1: a present or business day needs a log"})
    written = fields.Boolean()
    late = fields.Boolean(metadata={"description": "LOG-2: first written after the deadline (补录)"})
    first_written_at = fields.DateTime(allow_none=True)


class MissedFact(Schema):
    status = fields.String(metadata={"enum": ["open", "fixed", "unfixed"]})
    rectify_by = fields.Date()


class CounterFacts(Schema):
    counted_as = fields.String(allow_none=True, metadata={
        "description": "the year counter the day added one to (present_days, business_days, leave_days, rest_days, "
                       "absent_days); null when not posted"})
    absence_streak = fields.Integer(metadata={"description": "ATT-3: the absence run as of this day (0: none)"})
    absent_days_through = fields.Integer(metadata={"description": "ATT-4: absent days of the year through this day"})
    attendance_days_through = fields.Integer(metadata={"description": "ATT-1: attendance days through this day"})
    missed_log = fields.Nested(MissedFact, allow_none=True, metadata={"description": "LOG-3"})


class DutyFact(Schema):
    village = fields.Nested(Ref)


class DayExplained(Schema):
    person = fields.Nested(Ref)
    date = fields.Date()
    status = fields.String(metadata={"description": "present|business|leave|rest|absent|not_posted"})
    why = fields.String(metadata={"description": "§2 in words: which rule decided the status"})
    why_en = fields.String()
    corrected = fields.Boolean(metadata={"description": "CHK-9: present by an approved correction"})
    provisional = fields.Boolean(metadata={"description": "ATT-5: may still change until the grace ends"})
    calendar = fields.Nested(CalendarFact)
    village = fields.Nested(Ref, allow_none=True)
    on_duty = fields.Boolean()
    duty = fields.Nested(DutyFact, allow_none=True, metadata={"description": "the roster (DUTY-1..3)"})
    checkins = fields.List(fields.Nested(CheckinFact))
    approvals = fields.List(fields.Nested(ApprovalFact), metadata={"description": "leave and trip requests "
                                                                   "whose dates include the day, any status"})
    correction = fields.Nested(CorrectionFact, allow_none=True, metadata={"description": "CHK-9"})
    log = fields.Nested(LogFact, allow_none=True, metadata={"description": "null: no log due and none written"})
    counters = fields.Nested(CounterFacts)
    evaluated_at = fields.DateTime(allow_none=True)


class CaseDaysOut(Schema):
    case_id = fields.Integer()
    rule = fields.String()
    days = fields.List(fields.Nested(DayExplained))
