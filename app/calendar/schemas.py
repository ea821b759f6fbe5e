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


class CalendarOut(Schema):
    year = fields.Integer()
    source = fields.String(metadata={"description": "override (entered by the city office) or builtin "
                                                    "(chinese-calendar)"})
    version = fields.Integer(allow_none=True, metadata={"description": "the override version in force"})
    holidays = fields.List(fields.Date())
    workdays = fields.List(fields.Date())
    non_working_days = fields.List(fields.Date(), metadata={
        "description": "every weekend and holiday day of the year, make-up workdays excluded"})
    note = fields.String(allow_none=True)
    entered_by = fields.Nested(Ref, allow_none=True)
    entered_at = fields.DateTime(allow_none=True)
    builtin = fields.Dict(allow_none=True, metadata={"description": "the packaged source, when used"})
    versions = fields.List(fields.Nested(CalendarVersionOut), metadata={"description": "newest first"})
