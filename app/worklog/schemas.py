"""What goes over the wire for work logs (API.md ``/logs``)."""

from __future__ import annotations

from datetime import date

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from app import clock
from app.fields import range_end, record_id
from app.org.schemas import Ref
from app.pagination import PageArgs
from app.policy import current_policy
from app.worklog import rules


class WorkLogIn(Schema):
    """A PUT replaces the whole log: an omitted category or photo list clears it."""

    content = fields.String(required=True, metadata={
        "description": "what was done; 1..log_content_max_chars (5000) characters after trimming (LOG-1)"})
    category = fields.String(allow_none=True, load_default=None, metadata={
        "description": "one of the four duties of 六: 建强村党组织, 推进强村富民, 提升治理水平, 为民办事服务"})
    photo_ids = fields.List(record_id(strict=True), load_default=list, validate=validate.Length(max=100),
                            metadata={"description": "your own uploads (POST /uploads), at most log_max_photos (9)"})


class LogCorrectionIn(WorkLogIn):
    """LOG-5: the whole corrected log, and why it is corrected after the lock."""

    reason = fields.String(required=True, validate=validate.Length(5, 1000), metadata={
        "description": "why the locked log is corrected (kept with the version, read by the leader and town)"})


class LogCommentIn(Schema):
    body = fields.String(required=True, metadata={"description": "1..log_comment_max_chars (1000) characters"})


class LogCommentOut(Schema):
    id = fields.Integer()
    author = fields.Nested(Ref)
    author_role = fields.String()
    body = fields.String()
    created_at = fields.DateTime()


class WorkLogOut(Schema):
    id = fields.Integer()
    person = fields.Nested(Ref)
    person_id = fields.Integer()
    date = fields.Date(attribute="day")
    content = fields.String()
    category = fields.String(allow_none=True)
    photo_ids = fields.List(fields.Integer())
    late = fields.Boolean(metadata={"description": "LOG-2: first written after the deadline (补录); never cleared"})
    first_written_at = fields.DateTime()
    written_at = fields.DateTime(metadata={"description": "the latest writing"})
    version = fields.Integer(metadata={"description": "how many writings the log has had"})
    editable_until = fields.Method("_editable_until", metadata={
        "type": "string", "format": "date", "description": "LOG-5: the last date it may be written"})
    locked = fields.Method("_locked", metadata={"type": "boolean"})
    comments = fields.List(fields.Nested(LogCommentOut))

    def _editable_until(self, log) -> str:
        return rules.last_editable_day(log.day, current_policy().log_lock_days).isoformat()

    def _locked(self, log) -> bool:
        return rules.is_locked(log.day, clock.today(), current_policy().log_lock_days)


class LogVersionOut(Schema):
    number = fields.Integer()
    author = fields.Nested(Ref)
    written_at = fields.DateTime()
    late = fields.Boolean(metadata={"description": "this writing came after the day's deadline"})
    content = fields.String()
    category = fields.String(allow_none=True)
    photo_ids = fields.List(fields.Integer())
    changed = fields.List(fields.String(), metadata={"description": "fields this writing changed"})
    correction_reason = fields.String(allow_none=True, metadata={
        "description": "LOG-5: set when this writing corrected a locked log"})


class LogListArgs(PageArgs):
    person_id = record_id()
    from_ = fields.Date(data_key="from")
    to = fields.Date(metadata=range_end())

    @validates_schema
    def _range(self, data, **kwargs):
        start, end = data.get("from_"), data.get("to")
        if isinstance(start, date) and isinstance(end, date) and start > end:
            raise ValidationError("'from' must not be after 'to'", "from")
