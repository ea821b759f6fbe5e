"""REPORT-1: a village team's work report (工作报告) for one period to one level above."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app import clock
from app.dbtypes import UTCDateTime
from app.extensions import db
from app.org.models import Person, Village


class WorkReport(db.Model):
    """One report per village, level and period: the unique key makes a double submit one report."""

    __tablename__ = "work_reports"
    __table_args__ = (UniqueConstraint("village_id", "to_level", "period"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    village_id: Mapped[int] = mapped_column(ForeignKey("villages.id"), index=True)
    to_level: Mapped[str] = mapped_column(String(8))  # town | unit | city
    period: Mapped[str] = mapped_column(String(8))  # 2026-11 | 2026-Q4 | 2026-H2
    year: Mapped[int]
    content: Mapped[str] = mapped_column(Text)
    attachment_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    author_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    late: Mapped[bool] = mapped_column(default=False)

    village: Mapped[Village] = relationship()
    author: Mapped[Person] = relationship()
