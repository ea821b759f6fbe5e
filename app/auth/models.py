"""Console sign-in sessions (API.md ``/auth/web-sessions``): a QR nonce, then a console session."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app import clock
from app.dbtypes import UTCDateTime
from app.extensions import db
from app.org.models import Person


class WebSession(db.Model):
    """One browser sign-in: born as a one-time nonce (shown as a QR code or sent as a link), confirmed
    by a person, collected once by the browser as a bearer token carrying this row's id, and ended by
    sign-out (``revoked_at``) or by ``session_expires_at``. Only HMACs of the nonce and of the QR's
    code are stored. The QR shows its own code, not the nonce: a photo of the screen lets someone
    confirm (sign the browser in as themselves) but never collect the token.
    """

    __tablename__ = "web_sessions"
    id: Mapped[int] = mapped_column(primary_key=True)
    nonce_hash: Mapped[str] = mapped_column(String(64), unique=True)  # the browser's poll key
    scan_hash: Mapped[str | None] = mapped_column(String(64), unique=True)  # the code the QR shows
    origin: Mapped[str] = mapped_column(String(10))  # qr | link
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    # The nonce may be confirmed and collected until then; never after.
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"), index=True)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Someone whose role may not use the console tried to confirm: the page is told so.
    refused_role: Mapped[str | None] = mapped_column(String(20))
    collected_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    session_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    person: Mapped[Person | None] = relationship()
