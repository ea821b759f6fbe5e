"""ALERT-1..3: the inbox (one row per alert and recipient) and the outbox (one row per delivery).

- ``Alert`` (ALERT-3): what each person sees in the app, so nothing depends on a push arriving.
- ``Delivery`` (ALERT-1): the outbox — one row per (event, channel, target), written by ``emit`` in
  the transaction of the event; ``dispatch`` claims, sends and records it. Unique per dedupe key,
  channel and target, so an event is never queued twice.
- ``DeliveryAttempt``: every try, with its time, outcome, HTTP status, errcode and error text.
- ``WeChatToken``: the cached ``stable_token``, shared by every process through the database.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text, UniqueConstraint
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
         "recall_decided",  # RECALL-2: the dispatching unit must re-select
         "recall_withdrawn",  # RECALL-3: an open case whose ground no longer holds
         "duty_cancelled",  # DUTY-4: the entered calendar made a duty day a working day
         "attendance_recalculated",  # DUTY-4: the entered calendar changed closed days of the cadre
         "correction_pending", "correction_decided",  # CHK-9: an attendance correction to decide, decided
         "assessment_graded",  # ASSESS-1: the year's grade, for the unit (作为其在派出单位的年度考核等次)
         "report_due",  # REPORT-1: the team's work report is due soon
         "report_overdue",  # REPORT-1: a team's work report is overdue (to the level it is due to)
         "roll_call",  # INSPECT-1: a cadre is called: answer with a photo check-in within the window
         "roll_call_silent",  # INSPECT-1: the caller and the town hear who did not answer
         "oversight_missed")  # INSPECT-2, VISIT-1: a town, the city office or a unit missed a period's duty

CHANNELS = ("wechat", "wecom", "webhook")
DELIVERY_STATUSES = ("pending", "sent", "failed")


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

    @property
    def read(self) -> bool:
        return self.read_at is not None

    def mark_read(self, by: Person) -> None:
        """ALERT-3: only the recipient marks their alert read; the first time is kept."""
        if by.id != self.recipient_id:
            raise PermissionError("not the recipient")
        if self.read_at is None:
            self.read_at = clock.now()


class Delivery(db.Model):
    """ALERT-1: one push of one event to one channel target (``person:<id>``, ``town:<id>``, ``webhook``)."""

    __tablename__ = "alert_deliveries"
    __table_args__ = (
        UniqueConstraint("dedupe_key", "channel", "target"),
        Index("ix_alert_deliveries_due", "status", "next_attempt_at"),
        Index("ix_alert_deliveries_status_id", "status", "id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    dedupe_key: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(30))
    channel: Mapped[str] = mapped_column(String(10))
    target: Mapped[str] = mapped_column(String(40))
    recipient_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    town_id: Mapped[int | None] = mapped_column(ForeignKey("towns.id"))
    subject_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    # The message as it was at emit time: kind, rule, title, body, subject {id, name}, payload, created_at.
    message: Mapped[dict] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(10), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    # The claim of one dispatcher: rows whose lease has passed are due again (a crashed dispatcher).
    claim_token: Mapped[str | None] = mapped_column(String(32))
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    failed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    subject: Mapped[Person | None] = relationship(foreign_keys=[subject_id])
    history: Mapped[list[DeliveryAttempt]] = relationship(back_populates="delivery",
                                                          order_by="DeliveryAttempt.number")

    def can_requeue(self, by: Person) -> bool:
        return by.role == "city_admin" and self.status == "failed"

    def requeue(self, by: Person) -> None:
        """A city admin sends a failed delivery again (e.g. after fixing a webhook or a template)."""
        if not self.can_requeue(by):
            raise PermissionError("only a failed delivery can be requeued by the city office")
        self.status, self.attempts, self.failed_at = "pending", 0, None
        self.next_attempt_at, self.claim_token, self.claimed_until = clock.now(), None, None


class DeliveryAttempt(db.Model):
    """One try of a delivery. ``outcome`` is None while sending, and stays None if the dispatcher died."""

    __tablename__ = "alert_delivery_attempts"
    __table_args__ = (
        UniqueConstraint("delivery_id", "number"),
        Index("ix_alert_delivery_attempts_started", "started_at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    delivery_id: Mapped[int] = mapped_column(ForeignKey("alert_deliveries.id"))
    number: Mapped[int] = mapped_column(Integer)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    outcome: Mapped[str | None] = mapped_column(String(10))  # sent | retry | failed | deferred
    status_code: Mapped[int | None] = mapped_column(Integer)
    errcode: Mapped[int | None] = mapped_column(Integer)
    error: Mapped[str | None] = mapped_column(Text)

    delivery: Mapped[Delivery] = relationship(back_populates="history")


class WeChatToken(db.Model):
    """The mini-program's access token from ``stable_token``, one row per appid, shared by all processes."""

    __tablename__ = "wechat_tokens"
    appid: Mapped[str] = mapped_column(String(64), primary_key=True)
    access_token: Mapped[str] = mapped_column(String(1000))
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    fetched_at: Mapped[datetime] = mapped_column(UTCDateTime)
