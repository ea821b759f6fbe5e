"""LOG-1, LOG-2, LOG-5: one log per person per day, every version kept, comments by those who oversee.

``work_logs`` holds the current text of each log with the two facts the day close (LOG-3) reads with
set-based SQL: ``first_written_at`` and ``late`` (decided by the first writing, never cleared).
``work_log_versions`` keeps every writing (who, when, what, what changed); rows are only added.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app import clock
from app.dbtypes import UTCDateTime
from app.extensions import db
from app.org.models import Person
from app.worklog import rules

#: The fields a writing may change, in the order ``changed`` lists them.
LOG_FIELDS = ("content", "category", "photo_ids")


class WorkLog(db.Model):
    """工作日志: a cadre's account of one business day (Asia/Shanghai)."""

    __tablename__ = "work_logs"
    __table_args__ = (
        UniqueConstraint("person_id", "day"),
        Index("ix_work_logs_day", "day"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    day: Mapped[date] = mapped_column(Date)
    content: Mapped[str] = mapped_column(Text)
    category: Mapped[str | None] = mapped_column(String(20))
    photo_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    # LOG-2: when the log was first written and whether that was after the deadline (补录).
    first_written_at: Mapped[datetime] = mapped_column(UTCDateTime)
    late: Mapped[bool] = mapped_column(Boolean)
    # The latest writing; ``version`` counts the writings (1 for a log never edited).
    written_at: Mapped[datetime] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(default=0)

    person: Mapped[Person] = relationship()
    versions: Mapped[list[WorkLogVersion]] = relationship(back_populates="log", order_by="WorkLogVersion.number")
    comments: Mapped[list[WorkLogComment]] = relationship(back_populates="log", order_by="WorkLogComment.id")

    def snapshot(self) -> dict[str, object]:
        return {name: getattr(self, name) for name in LOG_FIELDS}

    def can_write(self, today: date, lock_days: int) -> bool:
        """LOG-5: the log may be (re)written until ``lock_days`` after its date."""
        return not rules.is_locked(self.day, today, lock_days)

    def write(self, by: Person, values: dict[str, object], at: datetime, late: bool,
              correction_reason: str | None = None) -> WorkLogVersion | None:
        """Record a writing of ``values`` (LOG-5): a new version when anything changed, else None.

        ``late`` is whether this writing came after the deadline; the log's own ``late`` flag is set
        once, from the first writing, and never cleared by an edit.
        """
        changed = rules.changed_fields(self.snapshot() if self.version else None, values)
        if not changed:
            return None
        for name, value in values.items():
            setattr(self, name, value)
        if not self.version:
            self.first_written_at, self.late = at, late
        self.version = (self.version or 0) + 1
        self.written_at = at
        version = WorkLogVersion(number=self.version, author=by, written_at=at, late=late, changed=changed,
                                 correction_reason=correction_reason, **values)
        self.versions.append(version)
        return version

    def can_comment(self, by: Person, sees_person: bool) -> bool:
        """LOG-5: the team's leader (on others' logs) and the town secretary comment; ``sees_person``
        is the ORG-2 scope check of ``by`` on the log's author."""
        if not sees_person:
            return False
        return by.role == "town_secretary" or (by.role == "leader" and by.id != self.person_id)

    def add_comment(self, by: Person, body: str) -> WorkLogComment:
        comment = WorkLogComment(log=self, author=by, author_role=by.role, body=body, created_at=clock.now())
        self.comments.append(comment)
        return comment


class WorkLogVersion(db.Model):
    """One writing of a log, kept for ever (LOG-5): who, when, the whole text, and what changed."""

    __tablename__ = "work_log_versions"
    __table_args__ = (UniqueConstraint("log_id", "number"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    log_id: Mapped[int] = mapped_column(ForeignKey("work_logs.id"))
    number: Mapped[int]
    author_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    written_at: Mapped[datetime] = mapped_column(UTCDateTime)
    late: Mapped[bool] = mapped_column(Boolean)  # this writing came after the day's deadline (LOG-2)
    content: Mapped[str] = mapped_column(Text)
    category: Mapped[str | None] = mapped_column(String(20))
    photo_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    changed: Mapped[list[str]] = mapped_column(JSON, default=list)
    # LOG-5: set when this writing corrected a locked log; why, in the author's words.
    correction_reason: Mapped[str | None] = mapped_column(Text)

    log: Mapped[WorkLog] = relationship(back_populates="versions")
    author: Mapped[Person] = relationship()


class WorkLogComment(db.Model):
    """A comment on a log by the team leader or the town secretary (LOG-5)."""

    __tablename__ = "work_log_comments"
    id: Mapped[int] = mapped_column(primary_key=True)
    log_id: Mapped[int] = mapped_column(ForeignKey("work_logs.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    author_role: Mapped[str] = mapped_column(String(20))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

    log: Mapped[WorkLog] = relationship(back_populates="comments")
    author: Mapped[Person] = relationship()
