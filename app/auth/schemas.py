"""Login and the caller's own profile (API.md ``/auth/login``, ``/me``)."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from app.org.schemas import POSTING_DOC, PostingOut, Ref


class LoginIn(Schema):
    code = fields.String(required=True, validate=validate.Length(1, 128),
                         metadata={"description": "the code from wx.login()"})
    invite_code = fields.String(validate=validate.Length(1, 32), allow_none=True,
                                metadata={"description": "one-time code from the org import, to bind"})


class MeOut(Schema):
    id = fields.Integer()
    name = fields.String()
    role = fields.String()
    town = fields.Nested(Ref, allow_none=True)
    unit = fields.Nested(Ref, allow_none=True)
    posting = fields.Function(lambda p: PostingOut(exclude=["id"]).dump(p.current_posting())
                              if p.current_posting() else None, metadata=POSTING_DOC)
    no_promotion_until = fields.Date(allow_none=True, metadata={
        "description": "RECALL-2: not to be promoted until this date (two years after a confirmed recall), or null"})


class LoginOut(Schema):
    token = fields.String()
    expires_at = fields.DateTime()
    user = fields.Nested(MeOut)
