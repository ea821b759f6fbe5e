"""What goes over the wire for the official calendar (API.md)."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from app.fields import Ref


class CalendarIn(Schema):
    holidays = fields.List(fields.Date(), required=True, validate=validate.Length(max=366),
                           metadata={"description": "statutory holiday dates of the year (weekend days allowed)"})
    workdays = fields.List(fields.Date(), load_default=list, validate=validate.Length(max=366),
                           metadata={"description": "make-up working days (调休): Saturdays or Sundays"})
    note = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=500),
                         metadata={"description": "e.g. the notice: 国办发明电〔2026〕N号"})


class CalendarVersionOut(Schema):
    version = fields.Integer()
    note = fields.String(allow_none=True)
    entered_by = fields.Nested(Ref)
    entered_at = fields.DateTime()


class StatutoryDayOut(Schema):
    date = fields.Date()
    name = fields.String(metadata={"description": "the festival, e.g. 春节"})


class CalendarOut(Schema):
    year = fields.Integer()
    source = fields.String(validate=validate.OneOf(["official", "entered", "provisional"]), metadata={
        "description": "entered (by the city office), official (chinese-calendar) or provisional (weekends "
                       "and the law's statutory holidays, no make-up workdays: DUTY-4)"})
    version = fields.Integer(allow_none=True, metadata={"description": "the override version in force"})
    holidays = fields.List(fields.Date())
    workdays = fields.List(fields.Date())
    non_working_days = fields.List(fields.Date(), metadata={
        "description": "every weekend and holiday day of the year, make-up workdays excluded"})
    note = fields.String(allow_none=True)
    entered_by = fields.Nested(Ref, allow_none=True)
    entered_at = fields.DateTime(allow_none=True)
    builtin = fields.Dict(allow_none=True, metadata={"description": "the packaged source, when used "
                                                                    "(chinese-calendar, or holidays for provisional)"})
    statutory = fields.List(fields.Nested(StatutoryDayOut), metadata={
        "description": "the statutory holidays the law fixes for the year (全国年节及纪念日放假办法), by the "
                       "holidays package; an override of a year without an official calendar must list each"})
    versions = fields.List(fields.Nested(CalendarVersionOut), metadata={"description": "newest first"})
