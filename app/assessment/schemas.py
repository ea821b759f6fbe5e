"""ASSESS-1 over the wire: the assessment rows, the grade the city office records, a unit's flags."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from app.fields import Ref, record_id, year_field
from app.pagination import PageArgs
from app.recall.grades import GRADES

GRADE_FIELD = {"validate": validate.OneOf(GRADES), "metadata": {"description": "优秀 / 称职 / 基本称职 / 不称职"}}


class AssessmentArgs(PageArgs):
    year = year_field(required=True)
    town_id = record_id(metadata={"description": "narrow to one town of your scope (404 outside it)"})


class AssessmentSheetArgs(Schema):
    year = year_field(required=True)
    town_id = record_id(metadata={"description": "town secretary: your town (default); city office: default "
                                                 "the whole city (404 outside your scope)"})


class GradeIn(Schema):
    grade = fields.String(required=True, **GRADE_FIELD)
    comment = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=2000))
    correction = fields.Boolean(load_default=False, metadata={
        "description": "true to change a grade already recorded for the year (needs `reason`; history kept)"})
    reason = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=2000),
                           metadata={"description": "why a recorded grade is corrected (required with correction)"})


class MissedLogCounts(Schema):
    open = fields.Integer()
    fixed = fields.Integer()
    unfixed = fields.Integer()


class CaseBrief(Schema):
    id = fields.Integer()
    rule = fields.String()
    status = fields.String()


class Reason(Schema):
    rule = fields.String(metadata={"description": "the rule id of the row of the grade table that holds"})
    grade = fields.String(metadata={"description": "the grade this row caps the suggestion at"})
    metric = fields.String()
    op = fields.String()
    value = fields.Raw(metadata={"type": "number", "description": "the cadre's figure"})
    threshold = fields.Raw(metadata={"type": "number", "description": "the threshold's value for this cadre"})
    text = fields.String(metadata={"description": "the reason in Chinese"})


class AssessmentOut(Schema):
    person = fields.Nested(Ref)
    year = fields.Integer()
    village = fields.Nested(Ref, metadata={"description": "the village of the year's longest posting"})
    town = fields.Nested(Ref)
    unit = fields.Nested(Ref, allow_none=True)
    role = fields.String()
    posted_days = fields.Integer(metadata={"description": "planned posted days in the year (ATT-1)"})
    target = fields.Integer(metadata={"description": "ATT-1: prorated 220"})
    fail_threshold = fields.Integer(metadata={"description": "ATT-2: prorated 200"})
    attendance_days = fields.Integer()
    present_days = fields.Integer()
    business_days = fields.Integer()
    trip_days = fields.Integer(metadata={"description": "business days (因公外出), the same figure"})
    leave_days = fields.Integer()
    absent_days = fields.Integer()
    longest_absence_streak = fields.Integer()
    missed_logs = fields.Nested(MissedLogCounts)
    open_missed_logs = fields.Integer()
    unfixed_missed_logs = fields.Integer()
    corrections = fields.Integer(metadata={"description": "approved attendance corrections (CHK-9)"})
    duty_days_served = fields.Integer()
    open_recall_cases = fields.Integer()
    confirmed_recall_cases = fields.Integer()
    recall_cases = fields.List(fields.Nested(CaseBrief))
    projected_attendance_days = fields.Integer(allow_none=True)
    year_end_attendance_days = fields.Integer(allow_none=True, metadata={
        "description": "attendance days once the year is closed through 31 December, the projection before "
                       "(null while no day of the year is counted)"})
    year_closed = fields.Boolean()
    suggested_grade = fields.String()
    reasons = fields.List(fields.Nested(Reason))
    grade = fields.String(allow_none=True, metadata={"description": "the recorded grade, or null"})
    comment = fields.String(allow_none=True)
    grade_source = fields.String(allow_none=True, metadata={
        "description": "city_office (PUT) or recall:<case id> (RECALL-2 set 不称职)"})
    graded_by = fields.Nested(Ref, allow_none=True)
    graded_at = fields.DateTime(allow_none=True)
    unit_excellent_eligible = fields.Boolean(metadata={
        "description": "RECALL-2: false when a cadre of the unit was recalled this year (no 优秀)"})
    no_promotion_until = fields.Date(allow_none=True, metadata={"description": "RECALL-2: 2-year no-promotion flag"})


class GradeChangeOut(Schema):
    previous_grade = fields.String(allow_none=True)
    grade = fields.String()
    comment = fields.String(allow_none=True)
    source = fields.String()
    correction_reason = fields.String(allow_none=True)
    recorded_by = fields.Nested(Ref, allow_none=True)
    recorded_at = fields.DateTime()


class GradeOut(Schema):
    person = fields.Nested(Ref)
    year = fields.Integer()
    grade = fields.String()
    comment = fields.String(allow_none=True)
    grade_source = fields.String(attribute="source")
    graded_by = fields.Nested(Ref, attribute="recorded_by", allow_none=True)
    graded_at = fields.DateTime(attribute="recorded_at")
    history = fields.List(fields.Nested(GradeChangeOut), metadata={"description": "every change, oldest first"})


class UnitFlagArgs(PageArgs):
    year = year_field()


class UnitFlagOut(Schema):
    id = fields.Integer()
    unit = fields.Nested(Ref)
    year = fields.Integer()
    excellent_eligible = fields.Constant(False, metadata={"type": "boolean"})
    case_id = fields.Integer()
    rule = fields.String(attribute="case.rule")
    person = fields.Nested(Ref, attribute="case.person")
    note = fields.String()
