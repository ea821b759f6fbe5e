"""ALERT-3: the inbox — one row per (alert, recipient), so nothing depends on a push arriving."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app import clock
from app.dbtypes import UTCDateTime
from app.extensions import db
from app.org.models import Person

# API.md: the alert kinds.
KINDS = ("absence_streak", "absence_cumulative", "no_show_digest", "projection_warning", "missed_log",
         "leave_pending", "leave_decided", "leave_cumulative", "recall_opened", "duty_assigned", "duty_missed",
         "calendar_missing", "delivery_failed",
         # extensions beyond API.md's list
         "duty_uncovered",  # DUTY-1: a non-working day the roster could not cover
         "recall_decided")  # RECALL-2: the dispatching unit must re-select


class Alert(db.Model):
    __tablename__ = "alerts"
    __table_args__ = (
        UniqueConstraint("dedupe_key", "recipient_id"),
        Index("ix_alerts_recipient_created", "recipient_id", "created_at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(30))
    rule: Mapped[str | None] = mapped_column(String(20))
    dedupe_key: Mapped[str] = mapped_column(String(200))
    recipient_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    subject_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    payload: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    recipient: Mapped[Person] = relationship(foreign_keys=[recipient_id])
    subject: Mapped[Person | None] = relationship(foreign_keys=[subject_id])
