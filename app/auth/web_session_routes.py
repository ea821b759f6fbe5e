"""Console sign-in by scanning with the mini-program (API.md ``/auth/web-sessions``), and sign-out."""

from __future__ import annotations

from urllib.parse import quote

from flask import current_app, request
from flask.views import MethodView

from app.auth import web_sessions
from app.auth.current import current_person, current_web_session_id
from app.auth.web_session_schemas import WebSessionConfirmOut, WebSessionOut, WebSessionPollOut, WebSessionStartOut
from app.errors import NotFound
from app.extensions import Blueprint, db, limiter

blp = Blueprint("web_sessions", __name__, url_prefix="/api/v1",
                description="Console sign-in: a QR code confirmed from the mini-program")

NO_STORE = {"Cache-Control": "no-store"}


def scan_url(code: str) -> str:
    """What the QR code holds: a console URL, so WeChat's own scanner lands on a page that explains."""
    return f"{request.url_root}console/scan?code={quote(code)}"


@blp.route("/auth/web-sessions")
class WebSessionStart(MethodView):
    decorators = [limiter.limit(lambda: current_app.config["WEB_SESSION_RATE_LIMIT"])]

    @blp.response(201, WebSessionStartOut, headers={"Cache-Control": {"schema": {"type": "string"}}})
    @blp.doc(security=[])
    def post(self):
        """Start a console sign-in: the browser gets its poll nonce and the QR text (valid 2 minutes)."""
        row, nonce, code = web_sessions.start()
        db.session.commit()
        return {"nonce": nonce, "qr": scan_url(code), "expires_at": row.expires_at}, 201, NO_STORE


@blp.route("/auth/web-sessions/<nonce>")
class WebSessionPoll(MethodView):
    @blp.response(200, WebSessionPollOut, headers={"Cache-Control": {"schema": {"type": "string"}}})
    @blp.doc(security=[])
    def get(self, nonce):
        """The browser's poll: ``pending`` until confirmed, then the console token once; later polls 404.

        403 ``CONSOLE_NOT_FOR_ROLE`` (rule ORG-2) when someone whose role may not use the console
        (a member) scanned it.
        """
        answer = web_sessions.collect(nonce)
        db.session.commit()
        return answer, 200, NO_STORE


@blp.route("/auth/web-sessions/<nonce>/confirm")
class WebSessionConfirm(MethodView):
    @blp.response(200, WebSessionConfirmOut)
    def post(self, nonce):
        """From the mini-program: sign the browser that shows this QR code in as me (the code, or the nonce).

        404 when the code is unknown, expired or used; 409 ``ALREADY_CONFIRMED``; 403
        ``CONSOLE_NOT_FOR_ROLE`` for a member (ORG-2: the console is for those who supervise).
        """
        person = current_person()
        refusal = web_sessions.confirm(nonce, person)
        db.session.commit()
        if refusal is not None:
            raise refusal
        return {"status": "confirmed", "user": person}


@blp.route("/auth/web-sessions/current")
class WebSessionCurrent(MethodView):
    @blp.response(200, WebSessionOut)
    def delete(self):
        """Sign out of the console: this console session ends; the person's other sessions stay."""
        current_person()
        web_session_id = current_web_session_id()
        if web_session_id is None:
            raise NotFound("console session (this token is not a console sign-in)", "管理后台会话")
        row = web_sessions.revoke(web_session_id)
        db.session.commit()
        return row
