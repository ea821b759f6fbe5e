"""WeChat login (API.md ``POST /auth/login``) and ``GET /me``."""

from __future__ import annotations

from flask import current_app
from flask.views import MethodView
from sqlalchemy import select

from app import clock
from app.auth import tokens
from app.auth.current import current_person
from app.auth.schemas import LoginIn, LoginOut, MeOut
from app.errors import Conflict, DomainError, ErrorEnvelope
from app.extensions import Blueprint, db, limiter
from app.org import invites
from app.org.models import Person
from app.wechat import WeChatClient

blp = Blueprint("auth", __name__, url_prefix="/api/v1", description="Login and the caller's profile")


def not_bound() -> DomainError:
    return DomainError("ACCOUNT_NOT_BOUND", "该微信尚未绑定账号，请输入管理员发给您的邀请码",
                       "this WeChat account is not bound; enter the invite code you were given", 401)


@blp.route("/auth/login")
class Login(MethodView):
    decorators = [limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"])]

    @blp.arguments(LoginIn)
    @blp.response(200, LoginOut)
    @blp.alt_response(401, schema=ErrorEnvelope, description="ACCOUNT_NOT_BOUND or WECHAT_CODE_INVALID")
    @blp.alt_response(403, schema=ErrorEnvelope, description="WECHAT_USER_BLOCKED: WeChat blocks this user (40226)")
    @blp.alt_response(429, schema=ErrorEnvelope, description="RATE_LIMITED: LOGIN_RATE_LIMIT per client address")
    @blp.alt_response(502, schema=ErrorEnvelope, description="WECHAT_UNAVAILABLE: WeChat is down or busy")
    @blp.alt_response(503, schema=ErrorEnvelope,
                      description="WECHAT_MISCONFIGURED: WeChat refuses the server's appid/secret")
    @blp.doc(security=[])
    def post(self, body):
        """Log in with a ``wx.login`` code; bind the WeChat account with a one-time invite code."""
        session = WeChatClient.from_app().code_to_session(body["code"])
        person = db.session.scalar(select(Person).where(Person.openid == session.openid))
        if person is None:
            if not body.get("invite_code"):
                raise not_bound()
            person = invites.redeem(body["invite_code"])
            if person is None:
                db.session.rollback()
                raise DomainError("ACCOUNT_NOT_BOUND", "邀请码无效、已使用或已过期，请联系管理员",
                                  "the invite code is invalid, used or expired", 401)
            if person.openid is not None:
                db.session.rollback()
                raise Conflict("ALREADY_BOUND", "该账号已绑定其他微信，请联系管理员解绑",
                               "this account is already bound to another WeChat user")
            person.openid, person.unionid, person.bound_at = session.openid, session.unionid, clock.now()
            db.session.commit()
        token, expires_at = tokens.issue(person)
        return {"token": token, "expires_at": expires_at, "user": person}


@blp.route("/me")
class Me(MethodView):
    @blp.response(200, MeOut)
    def get(self):
        """The caller: role, town, unit and current posting."""
        return current_person()
