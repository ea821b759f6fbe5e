"""One-time invite codes that bind a WeChat account to a person. Only an HMAC is stored."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta

from flask import current_app
from sqlalchemy import select, update

from app import clock
from app.extensions import db
from app.org.models import InviteCode, Person
from app.policy import current_policy

# No 0/O, 1/I/L: codes are read aloud over the phone and typed on small keyboards.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
LENGTH = 10


def hash_code(code: str) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, normalise(code).encode(), hashlib.sha256).hexdigest()


def normalise(code: str) -> str:
    return "".join(code.split()).upper().replace("-", "")


def new_code(person: Person) -> str:
    """A fresh code for ``person``; earlier unexpired codes stay valid until one is used."""
    code = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    now = clock.now()
    db.session.add(InviteCode(person_id=person.id, code_hash=hash_code(code), created_at=now,
                              expires_at=now + timedelta(days=current_policy().invite_code_ttl_days)))
    return f"{code[:5]}-{code[5:]}"


def redeem(code: str) -> Person | None:
    """The person a valid, unused, unexpired code belongs to; uses up all of that person's codes.

    The claim is a conditional UPDATE, so two phones racing with one code cannot both bind.
    """
    now = clock.now()
    invite = db.session.scalar(select(InviteCode).where(InviteCode.code_hash == hash_code(code)))
    if invite is None or invite.used_at is not None or invite.expires_at <= now:
        return None
    claimed = db.session.execute(
        update(InviteCode).where(InviteCode.id == invite.id, InviteCode.used_at.is_(None)).values(used_at=now)
    ).rowcount
    if claimed != 1:
        return None
    db.session.execute(update(InviteCode).where(InviteCode.person_id == invite.person_id,
                                                InviteCode.used_at.is_(None)).values(used_at=now))
    return db.session.get(Person, invite.person_id)
