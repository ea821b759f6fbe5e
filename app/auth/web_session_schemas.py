"""What goes over the wire for console sign-in (API.md ``/auth/web-sessions``)."""

from __future__ import annotations

from marshmallow import Schema, fields

from app.auth.schemas import MeOut


class WebSessionStartOut(Schema):
    nonce = fields.String(required=True, metadata={
        "description": "the browser's own poll key (GET /auth/web-sessions/{nonce}); never shown on screen"})
    qr = fields.String(required=True, metadata={
        "description": "the text to draw as the QR code: a URL holding a one-time code that the mini-program "
                       "confirms (POST /auth/web-sessions/{code}/confirm)"})
    expires_at = fields.DateTime(required=True, metadata={"description": "2 minutes from now"})


class WebSessionPollOut(Schema):
    status = fields.String(required=True, metadata={"enum": ["pending", "signed_in"], "description":
                           "pending: not confirmed yet, poll again; signed_in: the token, answered once"})
    expires_at = fields.DateTime(required=True, metadata={
        "description": "pending: when the code expires; signed_in: when the console session ends"})
    token = fields.String(metadata={"description": "signed_in only: the console's bearer token"})
    user = fields.Nested(MeOut, metadata={"description": "signed_in only"})


class WebSessionConfirmOut(Schema):
    status = fields.String(required=True, metadata={"enum": ["confirmed"]})
    user = fields.Nested(MeOut, required=True, metadata={"description": "who the browser is signed in as"})


class WebSessionOut(Schema):
    id = fields.Integer(required=True)
    origin = fields.String(metadata={"enum": ["qr", "link"]})
    created_at = fields.DateTime()
    collected_at = fields.DateTime(allow_none=True)
    session_expires_at = fields.DateTime(allow_none=True)
    revoked_at = fields.DateTime(allow_none=True)
