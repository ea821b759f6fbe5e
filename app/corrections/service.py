"""Attendance corrections (补卡, CHK-9): asking, deciding on a one-day leave's chain, and reading.

Interfaces for other packages:

- ``approved_days(start, end, person_ids=None)`` — the (person, day) pairs an APPROVED correction
  makes ``present`` (the day close reads it through ``approved_subquery``).
- ``approved_counts(person_ids, start, end)`` — approved corrections per person dated in [start, end]
  (summaries, boards, sheets, the assessment): one query for any number of people.
- ``rejected_attempts(pairs)`` — the rejected check-ins of (person, day) pairs, in one query.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, timedelta

from sqlalchemy import Select, func, select

from app import clock
from app.alerts.service import emit
from app.calendar.service import calendar_day
from app.checkin.models import Checkin
from app.corrections import rules
from app.corrections.models import Correction, CorrectionStep
from app.duty.models import DutyAssignment
from app.errors import Conflict, RuleViolation
from app.extensions import db
from app.leave import service as leave
from app.leave.rules import approval_chain
from app.org.models import POSTED_ROLES, Person, Posting
from app.policy import current_policy
from app.uploads.service import attach, own_photos

COUNTED = ("pending", "approved")  # toward the monthly limit (a rejected one gives its place back)


def approved_subquery(day: date):
    """The people whose ``day`` an approved correction makes present (§2 `present`, CHK-9)."""
    return (select(Correction.person_id).where(Correction.status == "approved", Correction.day == day)
            .distinct().subquery("corr"))


def approved_days(start: date, end: date, person_ids: Iterable[int] | None = None) -> set[tuple[int, date]]:
    stmt = select(Correction.person_id, Correction.day).where(
        Correction.status == "approved", Correction.day >= start, Correction.day <= end)
    if person_ids is not None:
        stmt = stmt.where(Correction.person_id.in_(list(person_ids)))
    return {(p, d) for p, d in db.session.execute(stmt)}


def approved_counts(person_ids: Iterable[int] | Select, start: date, end: date) -> dict[int, int]:
    """CHK-9: approved corrections per person dated in [start, end]; every person given is a key.

    ``person_ids`` may be a SELECT of ids (a city's board): the database filters by it instead of a
    bound list of thousands of ids, and only people with corrections are keys.
    """
    if isinstance(person_ids, Select):
        people, counts = person_ids, {}
    else:
        people = list(set(person_ids))
        counts = dict.fromkeys(people, 0)
        if not people:
            return counts
    counts.update(db.session.execute(
        select(Correction.person_id, func.count()).where(
            Correction.person_id.in_(people), Correction.status == "approved",
            Correction.day >= start, Correction.day <= end).group_by(Correction.person_id)).all())
    return counts


def rejected_attempts(pairs: Iterable[tuple[int, date]]) -> dict[tuple[int, date], list[Checkin]]:
    """The rejected check-ins of each (person, day), by capture time; one query for all the pairs."""
    wanted = set(pairs)
    result: dict[tuple[int, date], list[Checkin]] = defaultdict(list)
    if not wanted:
        return result
    people, days = {p for p, _ in wanted}, {d for _, d in wanted}
    for c in db.session.scalars(select(Checkin).where(
            Checkin.person_id.in_(people), Checkin.day.in_(days), Checkin.status == "rejected")
            .order_by(Checkin.captured_at, Checkin.id)):
        if (c.person_id, c.day) in wanted:
            result[(c.person_id, c.day)].append(c)
    return result


# --- asking (CHK-9) -------------------------------------------------------------------------------

def _refuse(refusal: rules.Refusal) -> RuleViolation:
    return RuleViolation("CHK-9", refusal.message, refusal.message_en,
                         details={"reason": refusal.reason, **refusal.details})


def _posting_on(person: Person, day: date) -> Posting:
    for posting in person.postings:
        if posting.role in POSTED_ROLES and posting.covers(day):
            return posting
    raise _refuse(rules.Refusal("NOT_ELIGIBLE", "该日不在您的驻村任职期内", "the day is outside your posting"))


def _day_facts(person: Person, day: date) -> rules.DayFacts:
    """What CHK-9 decides on, read in a few queries."""
    accepted = db.session.scalar(select(func.count()).select_from(Checkin).where(
        Checkin.person_id == person.id, Checkin.day == day, Checkin.status == "accepted")) or 0
    attempts = [(c.reason, c.distance_m) for c in rejected_attempts([(person.id, day)])[(person.id, day)]]
    covered = day in leave.approved_days(day, day, [person.id]).get(person.id, {})
    on_duty = db.session.scalar(select(DutyAssignment.id).where(
        DutyAssignment.person_id == person.id, DutyAssignment.day == day).limit(1)) is not None
    first, last = day.replace(day=1), (day.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    mine = select(Correction.status, Correction.day).where(Correction.person_id == person.id,
                                                           Correction.day >= first, Correction.day <= last)
    month = db.session.execute(mine).all()
    return rules.DayFacts(
        accepted=accepted, attempts=attempts, due=(calendar_day(day).working or on_duty) and not covered,
        corrected=any(s == "approved" and d == day for s, d in month),
        used_this_month=sum(1 for s, _ in month if s in COUNTED))


def submit(user: Person, data: dict) -> Correction:
    """CHK-9: ask that ``data["date"]`` count as present; the chain of a one-day leave (LV-1, LV-2)."""
    policy, today, day = current_policy(), clock.today(), data["date"]
    posting = _posting_on(user, day)
    # Serialise a person's requests (row lock on PostgreSQL), so two at once cannot pass the limit.
    db.session.execute(select(Person.id).where(Person.id == user.id).with_for_update())
    refusal = rules.check_correction(day, today, _day_facts(user, day), policy)
    if refusal:
        raise _refuse(refusal)
    pending = db.session.scalar(select(Correction.id).where(
        Correction.person_id == user.id, Correction.day == day, Correction.status == "pending"))
    if pending is not None:
        raise Conflict("CORRECTION_PENDING", "该日已有待审批的补卡申请", "a correction of this day is already waiting",
                       details={"correction_id": pending})
    photo = own_photos(user, [data["photo_id"]])[0]
    if clock.business_day(photo.created_at) != day:
        raise RuleViolation("CHK-9", "补卡照片须为当日拍摄上传", "the photo must have been uploaded on that day",
                            details={"reason": "PHOTO_NOT_OF_THE_DAY", "field": "photo_id"})
    rule = "LV-1" if posting.role == "member" else "LV-2"
    correction = Correction(person_id=user.id, village_id=posting.village_id, requester_role=posting.role,
                            day=day, reason=data["reason"], photo_id=photo.id, status="pending")
    roles = approval_chain(posting.role, "leave", 1.0, short_max=policy.short_leave_max_days)
    for position, role in enumerate(roles, start=1):
        approver = leave.resolve_approver(role, posting.village, user, rule)
        correction.steps.append(CorrectionStep(position=position, role=role, approver_id=approver.id,
                                               status="pending" if position == 1 else "waiting"))
    db.session.add(correction)
    db.session.flush()
    attach([photo])  # VIEW-3: the approver may now see it
    notify_pending(correction, correction.steps[0])
    return correction


# --- deciding (LV-4) ------------------------------------------------------------------------------

def approve(user: Person, correction: Correction, comment: str | None) -> Correction:
    """Approve the current step; the last approval makes the day present (CHK-9), re-evaluated at once
    through the late-data path of an offline check-in (ATT-5)."""
    leave.check_turn(user, correction)
    step = correction.decide_step(user, "approved", comment)
    following = next((s for s in correction.steps if s.status == "waiting"), None)
    if following is not None:
        correction.open_step(following)
        notify_pending(correction, following)
        return correction
    correction.finish("approved")
    notify_decided(correction, step)
    leave.announce_days(correction.person_id, [correction.day])
    return correction


def reject(user: Person, correction: Correction, comment: str | None) -> Correction:
    """Reject at the current step (a reason is required, LV-4); the correction is decided."""
    leave.check_turn(user, correction)
    if not comment:
        raise RuleViolation("LV-4", "驳回时须填写理由", "a reason is required to reject", details={"field": "comment"})
    step = correction.decide_step(user, "rejected", comment)
    correction.finish("rejected")
    notify_decided(correction, step)
    return correction


def hand_over_waiting_steps(_sender=None, **_kw) -> int:
    """LV-4 for corrections: a step waiting on someone who lost its role goes to who holds it now."""
    return leave.hand_over_steps(CorrectionStep, notify_pending)


def notify_pending(correction: Correction, step: CorrectionStep) -> None:
    name = correction.person.name
    key = f"correction_pending:{correction.id}:{step.position}"
    if step.reassigned_from_id:
        key += f":{step.approver_id}"
    emit("correction_pending", correction.person, [db.session.get(Person, step.approver_id)],
         {"correction_id": correction.id, "step": step.position, "role": step.role}, key, rule="CHK-9",
         title=f"{name}的补卡申请待您审批",
         body=f"{name}申请将{correction.day:%m月%d日}补记为在岗（补卡），请查看当日打卡记录后审批。")


def notify_decided(correction: Correction, step: CorrectionStep) -> None:
    verdict = "已批准" if correction.status == "approved" else "被驳回"
    comment = f"意见：{step.comment}" if step.comment else ""
    emit("correction_decided", correction.person, [correction.person],
         {"correction_id": correction.id, "status": correction.status},
         f"correction_decided:{correction.id}", rule="CHK-9",
         title=f"{correction.person.name}的补卡申请{verdict}",
         body=f"{correction.person.name}{correction.day:%m月%d日}的补卡申请{verdict}。{comment}")
