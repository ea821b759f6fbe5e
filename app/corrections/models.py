"""CHK-9: an attendance correction (补卡) and its approval steps, on the leave machinery (LV-4).

The request and its steps use ``ApprovalFlow`` and ``ApprovalStep`` of app/leave/models.py: the same
conditional UPDATEs, so two clicks record one decision, and the same step columns.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app import clock
from app.dbtypes import UTCDateTime
from app.extensions import db
from app.leave.models import ApprovalFlow, ApprovalStep
from app.org.models import Person
from app.uploads.models import Upload

STATUSES = ("pending", "approved", "rejected")


class Correction(ApprovalFlow, db.Model):
    """补卡申请: ``person`` asks that ``day`` count as present (CHK-9), with a reason and a photo."""

    __tablename__ = "attendance_corrections"
    __table_args__ = (
        Index("ix_attendance_corrections_person_day", "person_id", "day"),
        Index("ix_attendance_corrections_status_day", "status", "day"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    village_id: Mapped[int] = mapped_column(ForeignKey("villages.id"))  # the posting's on ``day``
    requester_role: Mapped[str] = mapped_column(String(10))  # member | leader (the posting's role)
    day: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text)
    photo_id: Mapped[int] = mapped_column(ForeignKey("uploads.id"))
    status: Mapped[str] = mapped_column(String(10), default="pending")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    person: Mapped[Person] = relationship()
    photo: Mapped[Upload] = relationship()
    steps: Mapped[list[CorrectionStep]] = relationship(back_populates="request", order_by="CorrectionStep.position",
                                                       cascade="all, delete-orphan")

    # The shape of a one-day leave, so the approver's queue shows both alike (API.md /approvals/pending).
    kind = "correction"
    days = 1.0

    @property
    def start_date(self) -> date:
        return self.day

    end_date = start_date


class CorrectionStep(ApprovalStep, db.Model):
    """One approval step of a correction (LV-4 on the chain of a one-day leave, CHK-9)."""

    __tablename__ = "correction_steps"
    __table_args__ = (
        UniqueConstraint("request_id", "position"),
        Index("ix_correction_steps_approver_status", "approver_id", "status"),
    )
    request_id: Mapped[int] = mapped_column(ForeignKey("attendance_corrections.id", ondelete="CASCADE"))

    request: Mapped[Correction] = relationship(back_populates="steps")
