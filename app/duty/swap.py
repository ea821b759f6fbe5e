"""DUTY-2: the leader swaps two duty assignments of their team; each side is recorded."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from app import clock
from app.duty.models import DutyAssignment
from app.duty.service import day_zh, notify_assigned, record_change
from app.duty.sources import away_days
from app.errors import RuleViolation
from app.extensions import db
from app.org.models import Person
from app.org.scope import current_village_ids, visible_person
from app.policy import current_policy
from app.signals import day_data_changed

AWAY_ZH = {"leave": "请假", "trip": "外出", "not_posted": "不在岗"}


def _refuse(code: str, zh: str, en: str, **details) -> RuleViolation:
    return RuleViolation("DUTY-2", zh, en, details={k: str(v) for k, v in details.items()}, code=code)


def _assignment(leader: Person, person: Person, day: date) -> DutyAssignment:
    row = db.session.scalar(select(DutyAssignment).where(
        DutyAssignment.person_id == person.id, DutyAssignment.day == day,
        DutyAssignment.village_id.in_(current_village_ids(leader, "leader"))))
    if row is None:
        raise _refuse("NOT_ON_DUTY", f"{person.name}在{day_zh(day)}没有值班安排",
                      f"{person.name} has no duty on {day} in your team", person_id=person.id, date=day)
    return row


def _check_can_take(person: Person, row: DutyAssignment, day: date) -> None:
    """The person may take ``day``: posted there that day, not on leave or a trip, not already on it."""
    already = db.session.scalar(select(DutyAssignment.id).where(
        DutyAssignment.village_id == row.village_id, DutyAssignment.day == day,
        DutyAssignment.person_id == person.id))
    if already is not None:
        raise _refuse("ALREADY_ON_DUTY", f"{person.name}在{day_zh(day)}已有值班",
                      f"{person.name} is already on duty on {day}", person_id=person.id, date=day)
    posted = person.current_posting(day)
    reason = "not_posted" if posted is None or posted.village_id != row.village_id else None
    reason = reason or away_days(day, day, [person.id]).get(person.id, {}).get(day)
    if reason is not None:
        raise _refuse("NOT_AVAILABLE", f"{person.name}在{day_zh(day)}{AWAY_ZH[reason]}，不能值班",
                      f"{person.name} is unavailable on {day} ({reason})", person_id=person.id, date=day,
                      reason=reason)


def swap(leader: Person, date_a: date, person_a: int, date_b: date, person_b: int) -> list[DutyAssignment]:
    """DUTY-2: ``person_a`` takes ``date_b`` and ``person_b`` takes ``date_a``."""
    if date_a == date_b or person_a == person_b:
        raise _refuse("NOTHING_TO_SWAP", "请选择不同日期、不同人员的两个值班进行调换",
                      "choose two duties on different days held by different people")
    earliest = clock.today() - timedelta(days=current_policy().duty_swap_backdate_days)
    if min(date_a, date_b) < earliest:
        raise _refuse("SWAP_TOO_LATE", f"只能调换{earliest}及以后的值班", f"duties before {earliest} cannot be swapped",
                      earliest=earliest)
    a, b = visible_person(leader, person_a), visible_person(leader, person_b)
    row_a, row_b = _assignment(leader, a, date_a), _assignment(leader, b, date_b)
    if row_a.village_id != row_b.village_id:
        raise _refuse("NOT_SAME_TEAM", "两个值班不属于同一工作队", "the two duties belong to different teams")
    _check_can_take(a, row_b, date_b)
    _check_can_take(b, row_a, date_a)
    row_a.person_id, row_b.person_id = b.id, a.id
    db.session.flush()
    reason = f"swap: {a.name} {date_a} ⇄ {b.name} {date_b}"
    for row, previous in ((row_a, a), (row_b, b)):
        change = record_change(row.village_id, row.day, "swapped", row.person_id, previous.id, reason, by=leader)
        notify_assigned(db.session.get(Person, row.person_id), row.village, row.day, change)
    past = [d for d in (date_a, date_b) if d < clock.today()]
    if past:  # the day close re-evaluates days already closed
        for person in (a, b):
            day_data_changed.send(None, person_id=person.id, days=past)
    return [row_a, row_b]
