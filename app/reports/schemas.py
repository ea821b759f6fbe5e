"""What goes over the wire for reporting duties and exports (API.md ``/work-reports``, ``/exports/*``)."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from app.fields import record_id, year_field
from app.org.schemas import Ref
from app.pagination import PageArgs
from app.reports.rules import LEVELS, PERIOD_RE


class WorkReportIn(Schema):
    period = fields.String(required=True, validate=validate.Regexp(PERIOD_RE), metadata={
        "description": "a month (2026-11, to the town), a quarter (2026-Q4, to the unit) or a half year "
                       "(2026-H2, to the city office); the period must have begun"})
    to = fields.String(required=True, validate=validate.OneOf(LEVELS),
                       metadata={"description": "the level the period's report goes to (REPORT-1)"})
    content = fields.String(required=True, metadata={
        "description": "the report's text: 1..report_content_max_chars (20000) characters after trimming"})
    attachment_ids = fields.List(record_id(strict=True), load_default=list, validate=validate.Length(max=100),
                                 metadata={"description": "your own uploads (POST /uploads), at most "
                                                          "report_max_attachments (9)"})


class WorkReportOut(Schema):
    id = fields.Integer()
    village = fields.Nested(Ref)
    period = fields.String()
    to = fields.String(attribute="to_level")
    content = fields.String()
    attachment_ids = fields.List(fields.Integer())
    author = fields.Nested(Ref)
    submitted_at = fields.DateTime()
    late = fields.Boolean(metadata={"description": "filed after the due date"})


class DutyArgs(PageArgs):
    village_id = record_id(metadata={"description": "default: every village in your scope"})
    year = year_field(metadata={"description": "default: this year (or the year of ``period``)"})
    period = fields.String(validate=validate.Regexp(PERIOD_RE), metadata={"description": "one period only"})
    state = fields.String(validate=validate.OneOf(("done", "due", "overdue")))


class DutyOut(Schema):
    village = fields.Nested(Ref)
    period = fields.String()
    to = fields.String()
    start = fields.Date()
    end = fields.Date()
    due_on = fields.Date()
    state = fields.String(metadata={"description": "done | due | overdue (REPORT-1)"})
    report = fields.Nested(WorkReportOut, allow_none=True)


class MonthlySheetArgs(Schema):
    year = year_field(required=True)
    month = fields.Integer(required=True, validate=validate.Range(1, 12))
    town_id = record_id(metadata={"description": "town secretary: your town (default); city office: default "
                                                 "the whole city"})


class RecallEvidenceArgs(Schema):
    case_id = record_id(required=True)


class AllowanceArgs(Schema):
    """PAY-1: a unit and a month (API.md ``/exports/allowances?year=&month=&unit_id=``)."""

    year = year_field(required=True)
    month = fields.Integer(required=True, validate=validate.Range(1, 12))
    unit_id = record_id(required=True)


def _money(**kwargs) -> fields.Decimal:
    return fields.Decimal(places=2, as_string=True, **kwargs)


class AllowanceLineOut(Schema):
    person = fields.Nested(Ref)
    village = fields.Nested(Ref)
    attendance_days = fields.Integer()
    communication = _money()
    meal_rate = _money()
    meal = _money()
    transport_tier = fields.String(allow_none=True)
    transport = _money()
    total = _money()


class AllowanceTotalsOut(Schema):
    attendance_days = fields.Integer()
    communication = _money()
    meal = _money()
    transport = _money()
    total = _money()


class AllowanceStatementOut(Schema):
    unit = fields.Nested(Ref)
    month = fields.String()
    from_ = fields.Date(data_key="from", attribute="from")
    to = fields.Date()
    lines = fields.List(fields.Nested(AllowanceLineOut))
    totals = fields.Nested(AllowanceTotalsOut)
