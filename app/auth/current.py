"""Who is calling: the bearer token → the person, and role checks."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from flask import g, request

from app.auth import tokens, web_sessions
from app.errors import Forbidden
from app.extensions import db
from app.org.models import Person

F = TypeVar("F", bound=Callable[..., Any])


def token_claims() -> tuple[int, int]:
    """(person id, token version) of this request's bearer token, or TOKEN_INVALID (401).

    Checks the signature and the expiry; a console token (one naming a web session) also needs its
    session still open — one primary-key lookup, so every path, the check-in path included, refuses
    a signed-out console. Phone tokens need no database here; the caller must still compare the
    version with the person's ``token_version`` (``check_caller``).
    """
    cached = g.get("token_claims")
    if cached is not None:
        return cached
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise tokens.invalid("missing bearer token")
    person_id, version, web_session_id = tokens.verify(token.strip())
    if web_session_id is not None and not web_sessions.is_open(web_session_id, person_id):
        raise tokens.invalid("console session ended")
    g.token_claims, g.web_session_id = (person_id, version), web_session_id
    return person_id, version


def current_web_session_id() -> int | None:
    """The console session this request's token belongs to (None for a mini-program token)."""
    token_claims()
    return g.get("web_session_id")


def check_caller(found: tuple[int, str] | None, claimed_version: int, roles: tuple[str, ...]) -> None:
    """401 unless the person exists (``found`` = (token_version, role)) with the token's version;
    403 unless their role is one of ``roles`` (any when empty). For paths that load the caller
    themselves, in a query of their own, instead of ``require_user``."""
    if found is None or found[0] != claimed_version:
        raise tokens.invalid("token revoked")
    if roles and found[1] not in roles:
        raise Forbidden(message=f"此操作仅限{'、'.join(ROLE_NAMES_ZH[r] for r in roles)}",
                        message_en=f"only {', '.join(roles)} may do this", rule="ORG-2")


def current_person() -> Person:
    """The authenticated caller, or TOKEN_INVALID (401)."""
    person = g.get("current_person")
    if person is not None:
        return person
    person_id, version = token_claims()
    person = db.session.get(Person, person_id)
    check_caller(None if person is None else (person.token_version, person.role), version, ())
    g.current_person = person
    return person


def roles_first(*roles: str) -> Callable[[F], F]:
    """A view decorator (above ``@blp.arguments``): 403 for a role not in ``roles`` before the
    input is parsed, so a role that may not use the endpoint learns that first, not how to fix
    its body. The view may still call ``require_user`` (the caller is loaded once per request)."""

    def decorate(view: F) -> F:
        @functools.wraps(view)
        def checked(*args, **kwargs):
            require_user(*roles)
            return view(*args, **kwargs)

        return checked  # type: ignore[return-value]

    return decorate


def require_user(*roles: str) -> Person:
    """The caller, who must hold one of ``roles`` (any role when none are named), else 403."""
    person = current_person()
    check_caller((person.token_version, person.role), person.token_version, roles)
    return person


ROLE_NAMES_ZH = {
    "member": "工作队员", "leader": "第一书记", "town_secretary": "镇（街道）书记",
    "city_admin": "市驻村办", "unit_viewer": "派出单位",
}
