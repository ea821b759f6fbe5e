"""Writing, correcting, reading and commenting logs (LOG-1, LOG-2, LOG-5)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from app import clock
from app.errors import Conflict, Forbidden, NotFound, RuleViolation
from app.extensions import db
from app.org.models import Person
from app.org.scope import visible_person
from app.policy import current_policy
from app.signals import log_written
from app.uploads.service import attach_own
from app.worklog import rules
from app.worklog.models import WorkLog, WorkLogComment, WorkLogVersion


def _refuse(rule: str, problem: rules.Problem) -> RuleViolation:
    return RuleViolation(rule, problem.message, problem.message_en, details={"reason": problem.reason,
                                                                             **problem.details})


def _check_day(author: Person, day: date, today: date, lock_days: int) -> None:
    """The day must have begun, fall in the author's posting (LOG-1) and not be locked (LOG-5)."""
    if day > today:
        raise RuleViolation("LOG-1", "不能为将来的日期写日志", "a log cannot be written for a future date",
                            details={"reason": "FUTURE_DATE", "date": day.isoformat(), "today": today.isoformat()})
    if author.current_posting(day) is None:
        raise RuleViolation("LOG-1", f"{day.isoformat()} 不在您的驻村任职期内，不能写日志",
                            f"{day.isoformat()} is outside your posting", details={"reason": "NOT_POSTED",
                                                                                  "date": day.isoformat()})
    if rules.is_locked(day, today, lock_days):
        last = rules.last_editable_day(day, lock_days)
        raise RuleViolation("LOG-5", f"该日志已于 {last.isoformat()} 后锁定，不能再修改",
                            f"the log of {day.isoformat()} was locked after {last.isoformat()}",
                            details={"reason": "LOCKED", "date": day.isoformat(), "lock_days": lock_days,
                                     "editable_until": last.isoformat()})


def find_log_for_update(person_id: int, day: date) -> WorkLog | None:
    """The log of ``person_id`` on ``day``, locked for this transaction (PostgreSQL) while it is rewritten."""
    return db.session.scalar(select(WorkLog).where(WorkLog.person_id == person_id, WorkLog.day == day)
                             .with_for_update())


def write_log(author: Person, day: date, content: str, category: str | None,
              photo_ids: Sequence[int]) -> tuple[WorkLog, bool]:
    """Write or edit ``author``'s log of ``day``; returns the log and whether it was first written now.

    LOG-2: a first writing after the deadline is a back-fill (``late``), for ever. LOG-5: after
    ``log_lock_days`` the day is closed; an unchanged writing adds no version. Sends ``log_written``
    on the first writing, in this transaction. Does not commit.
    """
    policy, now = current_policy(), clock.now()
    _check_day(author, day, clock.business_day(now), policy.log_lock_days)
    for problem in (rules.content_problem(content, policy), rules.category_problem(category, policy),
                    rules.photos_problem(photo_ids, policy)):
        if problem:
            raise _refuse("LOG-1", problem)
    values = {"content": content, "category": category,
              "photo_ids": [photo.id for photo in attach_own(author, photo_ids)]}
    log = find_log_for_update(author.id, day)
    first = log is None
    if first:
        log = WorkLog(person_id=author.id, day=day, person=author)
        db.session.add(log)
    log.write(author, values, now, rules.is_late(day, now, policy.log_deadline))
    try:
        db.session.flush()
    except IntegrityError as exc:  # a simultaneous writing of the same log won the race (the route rolls back)
        raise Conflict("LOG_WRITE_CONFLICT", "该日志正在被同时保存，请重试",
                       "the log was saved concurrently, please retry") from exc
    if first:
        log_written.send(None, person_id=author.id, day=day, late=log.late)
    return log, first


def correct_log(author: Person, day: date, content: str, category: str | None, photo_ids: Sequence[int],
                reason: str) -> WorkLog:
    """LOG-5: after the lock a log changes only by a recorded correction — the author's, with a reason,
    kept as a version like any other writing. ``late`` and ``first_written_at`` do not change (a
    correction is not a back-fill: a log never written cannot be "corrected" into existence).
    """
    policy, now = current_policy(), clock.now()
    today = clock.business_day(now)
    log = find_log_for_update(author.id, day)
    if log is None:
        raise RuleViolation("LOG-5", "该日没有日志可更正", "there is no log of that day to correct",
                            details={"reason": "NO_LOG", "date": day.isoformat()})
    if not rules.is_locked(day, today, policy.log_lock_days):
        raise RuleViolation("LOG-5", "该日志尚未锁定，请直接修改", "the log is not locked yet: edit it instead",
                            details={"reason": "NOT_LOCKED", "date": day.isoformat(),
                                     "editable_until": rules.last_editable_day(day, policy.log_lock_days).isoformat()})
    for problem in (rules.content_problem(content, policy), rules.category_problem(category, policy),
                    rules.photos_problem(photo_ids, policy)):
        if problem:
            raise _refuse("LOG-1", problem)
    values = {"content": content, "category": category,
              "photo_ids": [photo.id for photo in attach_own(author, photo_ids)]}
    log.write(author, values, now, rules.is_late(day, now, policy.log_deadline), correction_reason=reason.strip())
    db.session.flush()
    return log


def log_query():
    return select(WorkLog).options(selectinload(WorkLog.person), selectinload(WorkLog.comments)
                                   .selectinload(WorkLogComment.author))


def get_log(user: Person, person_id: int, day: date) -> WorkLog:
    """The log of ``person_id`` on ``day`` if ``user`` may see that person (ORG-2), else 404."""
    visible_person(user, person_id)
    log = db.session.scalar(log_query().where(WorkLog.person_id == person_id, WorkLog.day == day))
    if log is None:
        raise NotFound("work log", "工作日志")
    return log


def list_versions(user: Person, person_id: int, day: date) -> list[WorkLogVersion]:
    """LOG-5: every writing of the log, oldest first, for anyone who may read the log."""
    log = get_log(user, person_id, day)
    return list(db.session.scalars(select(WorkLogVersion).options(selectinload(WorkLogVersion.author))
                                   .where(WorkLogVersion.log_id == log.id).order_by(WorkLogVersion.number)))


def add_comment(user: Person, person_id: int, day: date, body: str) -> WorkLogComment:
    """LOG-5: the team leader or the town secretary comments on a log they can see."""
    log = get_log(user, person_id, day)
    if not log.can_comment(user, sees_person=True):
        raise Forbidden("FORBIDDEN", "只有本队第一书记和镇（街道）书记可以点评日志",
                        "only the team leader and the town secretary may comment on a log", rule="LOG-5")
    text = body.strip()
    limit = current_policy().log_comment_max_chars
    if not text or len(text) > limit:
        raise RuleViolation("LOG-5", f"点评内容不能为空，且不超过 {limit} 个字",
                            f"a comment needs 1 to {limit} characters",
                            details={"field": "body", "max_chars": limit, "length": len(text)})
    comment = log.add_comment(user, text)
    db.session.flush()
    return comment

