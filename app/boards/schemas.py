"""What goes over the wire for the boards (API.md ``/boards/today``, ``/boards/period``)."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from app.attendance.schemas import MissedCounts, SummaryOut
from app.boards.rules import RISK_ORDER, STATES
from app.fields import Ref, record_id, year_field
from app.pagination import PageArgs

SCOPE = {"description": "narrows the board to a town or a village of your scope; outside it: 404"}


class TodayArgs(PageArgs):
    town_id = record_id(metadata=SCOPE)
    village_id = record_id(metadata=SCOPE)


class Totals(Schema):
    cadres = fields.Integer()
    present = fields.Integer()
    expected = fields.Integer(metadata={"description": "due in the village today, not checked in yet"})
    leave = fields.Integer()
    business = fields.Integer()
    rest = fields.Integer()
    on_duty = fields.Integer()
    logs_written = fields.Integer()
    rejected_attempts = fields.Integer(metadata={"description": "rejected check-ins of today"})


class VillageTotals(Schema):
    village = fields.Nested(Ref)
    totals = fields.Nested(Totals)


class TodayItem(Schema):
    person = fields.Nested(Ref)
    village = fields.Nested(Ref)
    role = fields.String(metadata={"description": "the posting's role: leader | member"})
    state = fields.String(metadata={"description": " | ".join(STATES) + (
        " — `expected`: due in the village today (a working day or the cadre's duty day, no approved "
        "leave or trip) and no accepted check-in yet")})
    on_duty = fields.Boolean()
    first_checkin_at = fields.DateTime(allow_none=True, metadata={"description": "the first accepted check-in"})
    log_written = fields.Boolean(metadata={"description": "today's work log is written"})
    rejected_attempts = fields.Integer(metadata={"description": "today's rejected check-ins (CHK-3/4/5)"})


class TodayBoard(Schema):
    date = fields.Date()
    totals = fields.Nested(Totals, metadata={"description": "the whole scope, whatever the page"})
    villages = fields.List(fields.Nested(VillageTotals))
    items = fields.List(fields.Nested(TodayItem))
    next_cursor = fields.String(allow_none=True)


class PeriodArgs(PageArgs):
    year = year_field(metadata={"description": "default: this year"})
    month = fields.Integer(validate=validate.Range(1, 12), metadata={"description": "omitted: the whole year"})
    town_id = record_id(metadata=SCOPE)
    village_id = record_id(metadata=SCOPE)
    sort = fields.String(validate=validate.OneOf(["risk"]),
                         metadata={"description": "risk: the longest risk lists first (default: by place)"})


_YEAR = "the year's, whether or not a month is asked"
_SUMMARY = SummaryOut._declared_fields


class PeriodItem(Schema):
    person = fields.Nested(Ref)
    village = fields.Nested(Ref)
    attendance_days = fields.Integer(metadata={"description": "of the period (present + business)"})
    present_days = fields.Integer()
    business_days = fields.Integer()
    rest_days = fields.Integer()
    absent_days = fields.Integer()
    leave_days = fields.Integer(metadata=_SUMMARY["leave_days"].metadata)
    approved_leave_days = fields.Float(metadata={"description": "LV-6, " + _YEAR})
    duty_days_served = fields.Integer()
    missed_logs = fields.Nested(MissedCounts)
    target = fields.Integer(metadata={"description": "ATT-1, " + _YEAR})
    fail_threshold = fields.Integer(metadata={"description": "ATT-2, " + _YEAR})
    projected_attendance_days = fields.Integer(allow_none=True, metadata={"description": "ATT-2, " + _YEAR})
    days_needed_for_target = fields.Integer(metadata={"description": _YEAR})
    days_needed_for_minimum = fields.Integer(metadata={"description": _YEAR})
    longest_absence_streak = fields.Integer(metadata={"description": "ATT-3, " + _YEAR})
    current_absence_streak = fields.Integer(metadata={"description": "ATT-3, " + _YEAR})
    corrections = fields.Integer(metadata={"description": "CHK-9 approved corrections dated in the period"})
    open_recall_cases = fields.Integer(metadata={"description": "RECALL-1 cases still open"})
    risk = fields.List(fields.String(validate=validate.OneOf(RISK_ORDER)), metadata={"description": (
        "VIEW-2: the recall rules the cadre is near (ATT-3 streak, ATT-4 absences, LV-6 leave, LOG-4 "
        "unfixed logs, ATT-2 projection under the 200-day line, ATT-1 under the 220 target); "
        "thresholds `risk_*` in config/policy.py")})


class PeriodBoard(Schema):
    year = fields.Integer()
    month = fields.Integer(allow_none=True)
    from_ = fields.Date(data_key="from")
    to = fields.Date()
    closed_through = fields.Date(allow_none=True, metadata={"description": "the last day the figures include"})
    items = fields.List(fields.Nested(PeriodItem))
    next_cursor = fields.String(allow_none=True)
