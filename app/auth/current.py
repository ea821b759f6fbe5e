"""Who is calling: the bearer token → the person, and role checks."""

from __future__ import annotations

from flask import g, request

from app.auth import tokens
from app.errors import Forbidden
from app.extensions import db
from app.org.models import Person


def current_person() -> Person:
    """The authenticated caller, or TOKEN_INVALID (401)."""
    person = g.get("current_person")
    if person is not None:
        return person
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise tokens.invalid("missing bearer token")
    person_id, version = tokens.verify(token.strip())
    person = db.session.get(Person, person_id)
    if person is None or person.token_version != version:
        raise tokens.invalid("token revoked")
    g.current_person = person
    return person


def require_user(*roles: str) -> Person:
    """The caller, who must hold one of ``roles`` (any role when none are named), else 403."""
    person = current_person()
    if roles and person.role not in roles:
        raise Forbidden(message=f"此操作仅限{'、'.join(ROLE_NAMES_ZH[r] for r in roles)}",
                        message_en=f"only {', '.join(roles)} may do this", rule="ORG-2")
    return person


ROLE_NAMES_ZH = {
    "member": "工作队员", "leader": "第一书记", "town_secretary": "镇（街道）书记",
    "city_admin": "市驻村办", "unit_viewer": "派出单位",
}
