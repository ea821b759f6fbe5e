"""ASSESS-1/RECALL-2: the annual result (年度考核等次) of a cadre, and every change to it.

The result lives beside the recall cases because a confirmed case writes it (RECALL-2) and
``app.assessment`` (above) records the city office's grade through the same function, so the two
paths keep one history. A grade is never overwritten silently: every change is a row of
``annual_result_changes`` (who, when, what it was, what it became, and the reason of a correction).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app import clock
from app.dbtypes import UTCDateTime
from app.errors import Conflict
from app.extensions import db
from app.org.models import Person
from app.recall.models import AnnualResult, UnitYearFlag

#: ASSESS-1: the four grades, best first (优秀/称职/基本称职/不称职).
GRADES = ("优秀", "称职", "基本称职", "不称职")
#: ASSESS-1 / 七(三)4: these grades mean an immediate recall.
RECALL_GRADES = ("基本称职", "不称职")
FAIL_GRADE = "不称职"


class AnnualResultChange(db.Model):
    """One recorded change of a cadre's annual result: the history a correction keeps (ASSESS-1)."""

    __tablename__ = "annual_result_changes"
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    previous_grade: Mapped[str | None] = mapped_column(String(8))
    grade: Mapped[str] = mapped_column(String(8))
    comment: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(40))
    correction_reason: Mapped[str | None] = mapped_column(Text)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime)

    recorded_by: Mapped[Person | None] = relationship(foreign_keys=[recorded_by_id])


def result_of(person_id: int, year: int) -> AnnualResult | None:
    return db.session.scalar(select(AnnualResult).where(AnnualResult.person_id == person_id,
                                                        AnnualResult.year == year))


def record(person: Person, year: int, grade: str, *, source: str, by: Person | None,
           comment: str | None = None, correction_reason: str | None = None) -> AnnualResult:
    """Set ``person``'s result of ``year`` to ``grade`` and keep the change; the same result again
    changes nothing (a confirmation applied twice writes no second history row)."""
    result = result_of(person.id, year)
    if result is not None and (result.grade, result.source, result.comment) == (grade, source, comment):
        return result
    now = clock.now()
    previous = result.grade if result is not None else None
    fields = {"grade": grade, "source": source, "comment": comment, "recorded_at": now,
              "recorded_by_id": by.id if by is not None else None}
    if result is None:
        result = _insert(person.id, year, fields)
    else:
        for key, value in fields.items():
            setattr(result, key, value)
    db.session.add(AnnualResultChange(person_id=person.id, year=year, previous_grade=previous, grade=grade,
                                      comment=comment, source=source, correction_reason=correction_reason,
                                      recorded_by_id=result.recorded_by_id, recorded_at=now))
    db.session.flush()
    return result


def _insert(person_id: int, year: int, fields: dict) -> AnnualResult:
    """The year's first result; the unique (person, year) key decides between two at once (409)."""
    result = AnnualResult(person_id=person_id, year=year, **fields)
    try:
        with db.session.begin_nested():
            db.session.add(result)
    except IntegrityError:
        raise Conflict("ALREADY_GRADED", "该年度考核结果刚刚已被记录",
                       "a result of this year was just recorded") from None
    return result


def unit_ineligible(unit_id: int | None, year: int) -> bool:
    """RECALL-2: a unit one of whose cadres was recalled in ``year`` may not be rated 优秀 that year."""
    if unit_id is None:
        return False
    return db.session.scalar(select(UnitYearFlag.id).where(UnitYearFlag.unit_id == unit_id,
                                                           UnitYearFlag.year == year).limit(1)) is not None
