"""RECALL-1/2/3: recall cases with their evidence, their withdrawal, and what a confirmed case sets."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.dbtypes import UTCDateTime
from app.extensions import db
from app.org.models import Person, Unit

AUTOMATIC_RULES = ("ATT-2", "ATT-3", "ATT-4", "LOG-4", "LV-6")
MANUAL_RULES = ("DISCIPLINE", "INCAPACITY")


class RecallCase(db.Model):
    """召回: opened automatically by a rule (at most once per cadre, rule and year) or by hand."""

    __tablename__ = "recall_cases"
    __table_args__ = (UniqueConstraint("person_id", "rule", "year"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    rule: Mapped[str] = mapped_column(String(12))
    year: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(10), default="open")  # open | confirmed | dismissed | withdrawn
    evidence: Mapped[dict] = mapped_column(JSON)
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reason: Mapped[str | None] = mapped_column(Text)
    # RECALL-3: why an open case was withdrawn automatically — {reason, reason_en, change: {kind, …}}.
    cause: Mapped[dict | None] = mapped_column(JSON)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # RECALL-3: the city office reopened a decided case for review (the earlier decisions in ``history``).
    reopened_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reopened_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    reopen_reason: Mapped[str | None] = mapped_column(Text)
    history: Mapped[list | None] = mapped_column(JSON)  # earlier states: [{status, at, by_id, reason, cause}]

    person: Mapped[Person] = relationship(foreign_keys=[person_id])
    decided_by: Mapped[Person | None] = relationship(foreign_keys=[decided_by_id])
    reopened_by: Mapped[Person | None] = relationship(foreign_keys=[reopened_by_id])

    def can_decide(self, by: Person) -> bool:
        """RECALL-1: only the city office decides, and only an open case."""
        return by.role == "city_admin" and self.status == "open"


class AnnualResult(db.Model):
    """ASSESS-1/RECALL-2: a cadre's annual grade (优秀/称职/基本称职/不称职) and where it came from."""

    __tablename__ = "annual_results"
    __table_args__ = (UniqueConstraint("person_id", "year"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    year: Mapped[int] = mapped_column(Integer)
    grade: Mapped[str] = mapped_column(String(8))
    source: Mapped[str] = mapped_column(String(40))  # "city_office" (ASSESS-1 PUT) or "recall:<case id>"
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime)
    comment: Mapped[str | None] = mapped_column(Text)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))

    recorded_by: Mapped[Person | None] = relationship(foreign_keys=[recorded_by_id])


class UnitYearFlag(db.Model):
    """RECALL-2: the dispatching unit is not eligible for 优秀 this year (通报批评), and why."""

    __tablename__ = "unit_year_flags"
    __table_args__ = (UniqueConstraint("unit_id", "year", "case_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    year: Mapped[int] = mapped_column(Integer)
    case_id: Mapped[int] = mapped_column(ForeignKey("recall_cases.id"))
    note: Mapped[str] = mapped_column(Text)

    unit: Mapped[Unit] = relationship()
    case: Mapped[RecallCase] = relationship()
