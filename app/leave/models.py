"""LV-1..8: leave and trip requests and their approval steps, each step an auditable record (LV-4).

State changes are methods with a permission twin (``approve(by)`` / ``can_approve(by)``). Every
decision is a conditional UPDATE (``... WHERE status = 'pending'``), never check-then-write, so two
clicks at once record one decision and nothing can edit a decided step.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, Float, ForeignKey, Index, String, Text, UniqueConstraint, update
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from app import clock
from app.dbtypes import UTCDateTime
from app.errors import Conflict
from app.extensions import db
from app.leave import rules
from app.org.models import Person

STATUSES = ("pending", "approved", "rejected", "cancelled")
STEP_STATUSES = ("waiting", "pending", "approved", "rejected")


def already_decided() -> Conflict:
    return Conflict("ALREADY_DECIDED", "该申请已处理，请刷新后查看", "this request or step has already been decided")


class ApprovalFlow:
    """LV-4: the approval machinery of a request with ordered steps (a leave or trip, an attendance
    correction CHK-9). A model using it has ``id``, ``person_id``, ``status``, ``decided_at`` and a
    ``steps`` relationship to an ``ApprovalStep`` model (whose ``request`` points back)."""

    @classmethod
    def step_model(cls):
        return cls.steps.property.mapper.class_

    @property
    def current_step(self):
        """The step waiting for a decision, or None once the request is decided or withdrawn."""
        if self.status != "pending":
            return None
        return next((s for s in self.steps if s.status == "pending"), None)

    def can_decide(self, by: Person) -> bool:
        """Only the current step's approver, never the requester (LV-4)."""
        step = self.current_step
        return step is not None and step.approver_id == by.id and by.id != self.person_id

    can_approve = can_decide
    can_reject = can_decide

    def decide_step(self, by: Person, verdict: str, comment: str | None):
        """Record ``verdict`` (approved | rejected) on the current step, exactly once.

        The request row is bumped first (a row lock on PostgreSQL, the write lock on SQLite), then
        the step is updated only while still pending: a concurrent second click finds nothing to
        update and gets ALREADY_DECIDED. The caller checked ``can_decide`` and the rules.
        """
        step, model = self.current_step, self.step_model()
        if step is None:
            raise already_decided()
        self._locked_update(type(self).status == "pending", status="pending")
        _conditional(update(model).where(model.id == step.id, model.status == "pending")
                     .values(status=verdict, decided_at=clock.now(), comment=comment))
        db.session.expire(step)
        return step

    def finish(self, status: str) -> None:
        """The request is decided (approved | rejected) by its last step."""
        self._locked_update(type(self).status == "pending", status=status, decided_at=clock.now())

    def open_step(self, step) -> None:
        """Hand the request to ``step`` (waiting → pending)."""
        model = self.step_model()
        _conditional(update(model).where(model.id == step.id, model.status == "waiting").values(status="pending"))
        db.session.expire(step)

    def _locked_update(self, condition, **values) -> None:
        cls = type(self)
        _conditional(update(cls).where(cls.id == self.id, condition).values(**values))
        db.session.expire(self)


class ApprovalStep:
    """One approval step (LV-4): the role, the person it resolved to at submission, and the decision.

    A model using it adds ``request_id`` (a foreign key to its request) and ``request``.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    position: Mapped[int]
    role: Mapped[str] = mapped_column(String(20))  # leader | town_secretary | city_admin
    approver_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    status: Mapped[str] = mapped_column(String(10), default="waiting")
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    comment: Mapped[str | None] = mapped_column(Text)
    # LV-4: the approver this step was resolved to before the role changed hands, and when.
    reassigned_from_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    reassigned_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @declared_attr
    def approver(cls) -> Mapped[Person]:
        return relationship(foreign_keys=f"{cls.__name__}.approver_id")

    @declared_attr
    def reassigned_from(cls) -> Mapped[Person | None]:
        return relationship(foreign_keys=f"{cls.__name__}.reassigned_from_id")


class LeaveRequest(ApprovalFlow, db.Model):
    """请假/外出申请. ``covered_until`` is the last day covered: ``end_date``, or the day before
    ``reported_back_on`` after a report back (销假, LV-5); day-based readers use it."""

    __tablename__ = "leave_requests"
    __table_args__ = (
        Index("ix_leave_requests_person_dates", "person_id", "start_date", "end_date"),
        Index("ix_leave_requests_status_dates", "status", "start_date", "covered_until"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    village_id: Mapped[int] = mapped_column(ForeignKey("villages.id"))  # the posting's, at submission
    requester_role: Mapped[str] = mapped_column(String(10))  # member | leader (the posting's role)
    kind: Mapped[str] = mapped_column(String(10))  # leave | trip
    trip_type: Mapped[str | None] = mapped_column(String(10))  # meeting | training | project
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    half_day: Mapped[str | None] = mapped_column(String(2))  # am | pm
    days: Mapped[float] = mapped_column(Float)  # as requested (LV-3); released days are not subtracted
    reason: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10), default="pending")
    covered_until: Mapped[date] = mapped_column(Date)
    reported_back_on: Mapped[date | None] = mapped_column(Date)
    reported_back_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    person: Mapped[Person] = relationship()
    steps: Mapped[list[LeaveStep]] = relationship(back_populates="request", order_by="LeaveStep.position",
                                                  cascade="all, delete-orphan")

    @property
    def backdated(self) -> bool:
        return self.start_date < clock.today()

    # --- cancel and report back (LV-5) -------------------------------------------------------

    def can_cancel(self, by: Person) -> bool:
        """The requester withdraws a pending request, or cancels an approved one before it starts."""
        if by.id != self.person_id:
            return False
        return self.status == "pending" or (self.status == "approved" and self.start_date > clock.today())

    def cancel(self, by: Person) -> None:
        allowed = (LeaveRequest.status == "pending") | (
            (LeaveRequest.status == "approved") & (LeaveRequest.start_date > clock.today()))
        self._locked_update(allowed, status="cancelled", cancelled_at=clock.now())

    def can_report_back(self, by: Person) -> bool:
        """销假: the requester, once an approved request has started and before it is reported back."""
        return (by.id == self.person_id and self.status == "approved" and self.reported_back_on is None
                and self.start_date <= clock.today())

    def report_back(self, by: Person) -> None:
        """LV-5: back at post today; today and the rest of the request are released."""
        today = clock.today()
        self._locked_update((LeaveRequest.status == "approved") & LeaveRequest.reported_back_on.is_(None),
                            reported_back_on=today, reported_back_at=clock.now(),
                            covered_until=rules.covered_until(self.end_date, today))


class LeaveStep(ApprovalStep, db.Model):
    """One approval step of a leave or trip request (LV-4)."""

    __tablename__ = "leave_steps"
    __table_args__ = (
        UniqueConstraint("request_id", "position"),
        Index("ix_leave_steps_approver_status", "approver_id", "status"),
    )
    request_id: Mapped[int] = mapped_column(ForeignKey("leave_requests.id", ondelete="CASCADE"))
    # LV-8: why this step exists beyond the chain of LV-1/LV-2 (e.g. "LV-8" for a backdated review).
    added_for: Mapped[str | None] = mapped_column(String(10))

    request: Mapped[LeaveRequest] = relationship(back_populates="steps")


def _conditional(stmt) -> None:
    """Run a conditional UPDATE; nothing matched means someone else decided first (409)."""
    result = db.session.execute(stmt.execution_options(synchronize_session=False))
    if result.rowcount != 1:
        raise already_decided()
