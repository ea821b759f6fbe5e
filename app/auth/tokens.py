"""Signed, expiring bearer tokens (itsdangerous, as Flask itself uses for sessions)."""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import lru_cache

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from app import clock
from app.errors import DomainError

_SALT = "zhucun-access-token"


def _serializer() -> URLSafeTimedSerializer:
    return _serializer_for(current_app.config["SECRET_KEY"])


@lru_cache(maxsize=8)
def _serializer_for(secret_key: str | bytes) -> URLSafeTimedSerializer:
    """One serializer per secret (it is immutable and thread-safe), not one per request."""
    return URLSafeTimedSerializer(secret_key, salt=_SALT)


def issue(person, web_session_id: int | None = None) -> tuple[str, datetime]:
    """A token for ``person`` and when it expires. Revoked by bumping ``person.token_version``.

    A console token also names its web session (``ws``), so signing out of the console revokes
    that session alone, never the person's mini-program tokens.
    """
    issued = clock.now()
    claims = {"sub": person.id, "v": person.token_version, "iat": int(issued.timestamp())}
    if web_session_id is not None:
        claims["ws"] = web_session_id
    return _serializer().dumps(claims), issued + timedelta(hours=current_app.config["TOKEN_TTL_HOURS"])


def invalid(reason_en: str = "invalid token") -> DomainError:
    return DomainError("TOKEN_INVALID", "登录已失效，请重新登录", reason_en, 401)


def verify(token: str) -> tuple[int, int, int | None]:
    """(person id, token version, web session id or None) of a valid token, else TOKEN_INVALID.

    Expiry is checked against ``clock.now()`` (not the system clock) so tests can travel in time.
    """
    try:
        payload = _serializer().loads(token)
    except (BadSignature, SignatureExpired) as exc:
        raise invalid() from exc
    if not isinstance(payload, dict) or not {"sub", "v", "iat"} <= payload.keys():
        raise invalid()
    age_s = clock.now().timestamp() - payload["iat"]
    if age_s > current_app.config["TOKEN_TTL_HOURS"] * 3600 or age_s < -300:
        raise invalid("token expired")
    web_session = payload.get("ws")
    return int(payload["sub"]), int(payload["v"]), None if web_session is None else int(web_session)
