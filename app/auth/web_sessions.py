"""Console sign-in without a password (API.md ``/auth/web-sessions``), and per-session sign-out.

1. The browser starts a session: it gets a ``nonce`` (its own poll key, never shown) and ``qr``, a
   URL holding a second one-time code, drawn as the QR code.
2. The person scans it with the mini-program, which confirms with its bearer token (the code from
   the QR, or the nonce itself). Only leaders, town secretaries, the city office and unit viewers
   may use the console (ORG-2); a member's attempt is refused and the page is told why.
3. The browser's poll collects a console token once (a conditional UPDATE, so two polls racing get
   one token); later polls answer 404. The token names this row (``ws``): signing out revokes this
   console session only, never the person's mini-program tokens.

``flask console-link PERSON`` makes a session already confirmed for PERSON (valid 10 minutes), for
operators and the demo. Only HMACs of the nonce and of the QR code are stored.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import delete, or_, select, update

from app import clock
from app.auth import tokens
from app.auth.models import WebSession
from app.errors import Conflict, DomainError
from app.extensions import db
from app.org.models import Person

CONSOLE_ROLES = ("leader", "town_secretary", "city_admin", "unit_viewer")
_NONCE_BYTES = 32  # 43 URL-safe characters
_NONCE_LENGTHS = range(16, 129)
_PURGE_AFTER = timedelta(days=1)


def hash_nonce(nonce: str) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, b"web-session:" + nonce.encode(), hashlib.sha256).hexdigest()


def not_for_role(role: str) -> DomainError:
    """ORG-2: the console is for those who supervise; a member uses the mini-program."""
    return DomainError("CONSOLE_NOT_FOR_ROLE", "管理后台供第一书记、镇（街道）书记、市驻村办和派出单位使用，"
                       "工作队员请在驻村通小程序中办理", "the console is not for your role; use the mini-program",
                       403, rule="ORG-2", details={"role": role})


def gone() -> DomainError:
    return DomainError("NOT_FOUND", "二维码已失效（已过期或已使用），请刷新网页重新扫码",
                       "this sign-in code is unknown, expired or already used", 404)


def already_confirmed() -> DomainError:
    return Conflict("ALREADY_CONFIRMED", "该二维码已确认登录，请勿重复扫码", "this sign-in was already confirmed")


def _ttl(origin: str) -> timedelta:
    seconds = current_app.config["CONSOLE_LINK_TTL_S" if origin == "link" else "WEB_SESSION_NONCE_TTL_S"]
    return timedelta(seconds=seconds)


def start(person: Person | None = None) -> tuple[WebSession, str, str | None]:
    """A new sign-in: (row, nonce, QR code). With ``person`` it is a link already confirmed for them
    (no QR code); a person who may not use the console is refused."""
    if person is not None and person.role not in CONSOLE_ROLES:
        raise not_for_role(person.role)
    now = clock.now()
    db.session.execute(delete(WebSession).where(WebSession.collected_at.is_(None),
                                                WebSession.expires_at < now - _PURGE_AFTER))
    origin = "qr" if person is None else "link"
    nonce = secrets.token_urlsafe(_NONCE_BYTES)
    code = secrets.token_urlsafe(_NONCE_BYTES) if person is None else None
    row = WebSession(nonce_hash=hash_nonce(nonce), scan_hash=hash_nonce(code) if code else None, origin=origin,
                     created_at=now, expires_at=now + _ttl(origin), person_id=person.id if person else None,
                     confirmed_at=now if person else None)
    db.session.add(row)
    db.session.flush()
    return row, nonce, code


def _live(nonce: str, now: datetime, by_scan_code: bool = False) -> WebSession:
    """The uncollected, unexpired session of ``nonce`` (or of the QR code), else 404."""
    if len(nonce) not in _NONCE_LENGTHS:
        raise gone()
    digest = hash_nonce(nonce)
    match = or_(WebSession.nonce_hash == digest, WebSession.scan_hash == digest) if by_scan_code \
        else WebSession.nonce_hash == digest
    row = db.session.scalar(select(WebSession).where(match))
    if row is None or row.collected_at is not None or row.expires_at <= now:
        raise gone()
    return row


def confirm(code: str, person: Person) -> DomainError | None:
    """The signed-in person (in the mini-program) confirms the code they scanned.

    Answers the refusal to raise once the route has committed it (so the waiting page hears it too):
    a member is refused. A code confirmed before → 409 ALREADY_CONFIRMED; unknown or expired → 404.
    Confirming late still leaves the browser a short grace to collect its token.
    """
    now = clock.now()
    row = _live(code, now, by_scan_code=True)
    if row.confirmed_at is not None:
        raise already_confirmed()
    if person.role not in CONSOLE_ROLES:
        db.session.execute(update(WebSession).where(WebSession.id == row.id, WebSession.confirmed_at.is_(None))
                           .values(refused_role=person.role))
        return not_for_role(person.role)
    grace = now + timedelta(seconds=current_app.config["WEB_SESSION_COLLECT_GRACE_S"])
    claimed = db.session.execute(
        update(WebSession).where(WebSession.id == row.id, WebSession.confirmed_at.is_(None),
                                 WebSession.expires_at > now)
        .values(person_id=person.id, confirmed_at=now, refused_role=None, expires_at=max(row.expires_at, grace))
    ).rowcount
    if claimed != 1:
        raise already_confirmed()
    return None


def collect(nonce: str) -> dict:
    """The browser's poll: ``pending`` until confirmed, then the console token exactly once, then 404."""
    now = clock.now()
    row = _live(nonce, now)
    if row.refused_role:
        raise not_for_role(row.refused_role)
    if row.confirmed_at is None:
        return {"status": "pending", "expires_at": row.expires_at}
    person = db.session.get(Person, row.person_id)
    if person is None or person.role not in CONSOLE_ROLES:  # the role changed since the confirm
        raise not_for_role(person.role if person else "unknown")
    token, token_expires = tokens.issue(person, row.id)
    ends = min(token_expires, now + timedelta(hours=current_app.config["CONSOLE_SESSION_HOURS"]))
    claimed = db.session.execute(
        update(WebSession).where(WebSession.id == row.id, WebSession.collected_at.is_(None),
                                 WebSession.expires_at > now)
        .values(collected_at=now, session_expires_at=ends)
    ).rowcount
    if claimed != 1:  # another poll collected it a moment ago
        raise gone()
    return {"status": "signed_in", "token": token, "expires_at": ends, "user": person}


def is_open(web_session_id: int, person_id: int) -> bool:
    """Whether a console token's session is collected, not signed out and not past its end."""
    return db.session.scalar(select(WebSession.id).where(
        WebSession.id == web_session_id, WebSession.person_id == person_id, WebSession.collected_at.is_not(None),
        WebSession.revoked_at.is_(None), WebSession.session_expires_at > clock.now())) is not None


def revoke(web_session_id: int) -> WebSession:
    """Sign out: this console session ends now (the person's other sessions and phone tokens stay)."""
    row = db.session.get(WebSession, web_session_id)
    if row.revoked_at is None:
        row.revoked_at = clock.now()
    return row
