"""What goes over the wire for alerts: the inbox (ALERT-3) and the delivery log (ALERT-1)."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from app.alerts.models import CHANNELS, DELIVERY_STATUSES
from app.org.schemas import Ref
from app.pagination import PageArgs


class InboxArgs(PageArgs):
    unread = fields.Boolean(load_default=False, metadata={"description": "1: only unread alerts"})


class AlertOut(Schema):
    id = fields.Integer()
    kind = fields.String()
    rule = fields.String(allow_none=True)
    subject = fields.Nested(Ref, allow_none=True)
    title = fields.String()
    body = fields.String()
    created_at = fields.DateTime()
    read = fields.Boolean()


class UnreadOut(Schema):
    unread = fields.Integer()


class DeliveryArgs(PageArgs):
    status = fields.String(validate=validate.OneOf(DELIVERY_STATUSES))
    channel = fields.String(validate=validate.OneOf(CHANNELS))


class AttemptOut(Schema):
    number = fields.Integer()
    started_at = fields.DateTime()
    finished_at = fields.DateTime(allow_none=True)
    outcome = fields.String(allow_none=True, metadata={
        "description": "sent | retry | failed | deferred; null: still sending, or the dispatcher died"})
    status_code = fields.Integer(allow_none=True)
    errcode = fields.Integer(allow_none=True)
    error = fields.String(allow_none=True)


class DeliveryOut(Schema):
    id = fields.Integer()
    kind = fields.String()
    channel = fields.String()
    target = fields.String(metadata={"description": "person:<id>, town:<id> or webhook"})
    status = fields.String()
    attempts = fields.Integer()
    next_attempt_at = fields.DateTime()
    last_error = fields.String(allow_none=True)
    title = fields.Function(lambda d: d.message.get("title"), metadata={"type": "string"})
    subject = fields.Nested(Ref, allow_none=True)
    dedupe_key = fields.String()
    created_at = fields.DateTime()
    sent_at = fields.DateTime(allow_none=True)
    failed_at = fields.DateTime(allow_none=True)
    history = fields.List(fields.Nested(AttemptOut))
