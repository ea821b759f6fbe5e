"""INSPECT-1: random roll calls (随机点名) — start one, answer it with a check-in, close it at its deadline.

A roll call is started by a town secretary (their town) or the city office, naming cadres or
drawing ``n`` at random among those expected in the village now. Each called cadre gets an alert
(inbox and, where a template is configured, a WeChat subscribe message) at once. An accepted
check-in with a photo, taken after the call and received inside ``rollcall_answer_min``, answers
(``on_checkin_recorded``, connected to ``app.signals.checkin_recorded`` in app/receivers.py: the
check-in service does not know roll calls). The ``roll-call-close`` job closes calls past their
deadline, records the silent and alerts the caller and each town about its silent cadres.

What must not happen twice is held by the database: a cadre in two open windows (the partial unique
index ``uq_roll_call_people_in_window``: the second call is 409), a call closed and alerted twice
(the conditional UPDATE of ``closed_at``, plus the alerts' dedupe keys).
"""

from __future__ import annotations

import secrets
from collections import defaultdict
from collections.abc import Generator, Iterable
from datetime import date, datetime
from typing import Any

from sqlalchemy import or_, select, text, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import joinedload, selectinload

from app import clock
from app.alerts.service import emit
from app.calendar.service import calendar_day
from app.duty.service import duty_days
from app.errors import Conflict, NotFound, RuleViolation
from app.extensions import db
from app.leave.service import approved_days
from app.org.models import Person, Posting, Town, Village
from app.org.scope import person_clause
from app.org.service import town_secretaries
from app.oversight import duties, rules
from app.oversight.models import RollCall, RollCallPerson
from app.policy import current_policy

CALLERS = ("town_secretary", "city_admin")
REASONS_ZH = {"not_posted": "当前未驻村", "leave": "请假中", "trip": "因公外出", "rest": "休息日且未排班"}


def _scope_town(user: Person, town_id: int | None) -> Town | None:
    """The town a call is limited to: a secretary's own (another town is 404), or the city office's choice."""
    if user.role == "town_secretary":
        if town_id is not None and town_id != user.town_id:
            raise NotFound("town", "乡镇")
        return db.session.get_one(Town, user.town_id)
    if town_id is None:
        return None
    town = db.session.get(Town, town_id)
    if town is None:
        raise NotFound("town", "乡镇")
    return town


def _postings(day: date, town: Town | None, person_ids: list[int] | None) -> dict[int, Village]:
    """Each cadre posted on ``day`` (in ``town``; among ``person_ids``) → their village (the newest posting)."""
    stmt = (select(Posting.person_id, Village).join(Village, Village.id == Posting.village_id)
            .where(Posting.start_date <= day, or_(Posting.end_date.is_(None), Posting.end_date >= day))
            .order_by(Posting.start_date))
    if town is not None:
        stmt = stmt.where(Village.town_id == town.id)
    if person_ids is not None:
        stmt = stmt.where(Posting.person_id.in_(person_ids))
    return {person_id: village for person_id, village in db.session.execute(stmt)}


def availability_now(ids: Iterable[int], posted: dict[int, Village]) -> dict[int, str | None]:
    """INSPECT-1: each cadre → None when expected in the village now, else why not (rules.availability)."""
    today = clock.today()
    ids = sorted(set(ids))
    working = calendar_day(today).working
    duty = duty_days(today, today, ids) if ids else {}
    away = approved_days(today, today, ids) if ids else {}
    return {pid: rules.availability(pid in posted, working, today in duty.get(pid, set()),
                                    away.get(pid, {}).get(today)) for pid in ids}


def _in_open_window(now: datetime) -> set[int]:
    return set(db.session.scalars(select(RollCallPerson.person_id).where(
        RollCallPerson.in_window.is_(True), RollCallPerson.answer_by > now)))


def _chosen(user: Person, town: Town | None, person_ids: list[int]) -> tuple[list[int], dict[int, Village]]:
    """Named cadres: each in the caller's scope (else 404, ORG-2) and expected in the village now (else 422)."""
    ids = sorted(set(person_ids))
    visible = set(db.session.scalars(select(Person.id).where(Person.id.in_(ids), person_clause(user, Person.id))))
    if visible != set(ids):
        raise NotFound("person", "人员")
    posted = _postings(clock.today(), town, ids)
    away = {pid: reason for pid, reason in availability_now(ids, posted).items() if reason}
    if away:
        names = dict(db.session.execute(select(Person.id, Person.name).where(Person.id.in_(list(away)))).all())
        shown = "；".join(f"{names[pid]}{REASONS_ZH[reason]}" for pid, reason in away.items())
        raise RuleViolation("INSPECT-1", f"所选干部当前不在岗，不能点名：{shown}",
                            "some of the chosen cadres are not expected in the village now",
                            details={"reason": "UNAVAILABLE",
                                     "people": [{"person_id": pid, "reason": r} for pid, r in away.items()]})
    return ids, posted


def _drawn(town: Town | None, n: int, now: datetime) -> tuple[list[int], dict[int, Village]]:
    """``n`` cadres drawn among those expected in the village now and not already in an open window."""
    posted = _postings(clock.today(), town, None)
    reasons = availability_now(posted, posted)
    busy = _in_open_window(now)
    candidates = [pid for pid, reason in reasons.items() if reason is None and pid not in busy]
    if not candidates:
        counts: dict[str, int] = defaultdict(int)
        for reason in reasons.values():
            counts[reason or "already_called"] += 1  # every posted cadre is one or the other here
        raise RuleViolation("INSPECT-1", "当前没有可点名的在岗干部（均请假、外出、休息或正在被点名）",
                            "nobody is available for a roll call now (on leave, trip or rest, or already called)",
                            details={"reason": "NOBODY_AVAILABLE", "posted": len(posted), "unavailable": dict(counts)})
    return rules.draw(candidates, n, secrets.SystemRandom()), posted


def start_roll_call(user: Person, person_ids: list[int] | None, n: int | None, town_id: int | None) -> RollCall:
    """INSPECT-1: call the named or drawn cadres; each is alerted at once. Does not commit."""
    if (person_ids is None) == (n is None):
        raise RuleViolation("INSPECT-1", "请指定点名的干部（person_ids）或随机抽取的人数（draw），二者选一",
                            "give either person_ids or draw, not both and not neither",
                            details={"reason": "CHOOSE_OR_DRAW"})
    town = _scope_town(user, town_id)
    now = clock.now()
    ids, posted = _chosen(user, town, person_ids) if person_ids is not None else _drawn(town, n or 0, now)
    _release_expired(ids, now)
    call = RollCall(caller_id=user.id, town_id=town.id if town else None, drawn=n is not None, called_at=now,
                    answer_by=rules.answer_by(now, current_policy().rollcall_answer_min))
    db.session.add(call)
    db.session.flush()
    _insert_people(call, ids, posted)
    db.session.refresh(call)
    _notify_called(call, user)
    duties.record_roll_call(call, user)  # INSPECT-2: the roll call is the caller's spot check or inspection
    return call


def _release_expired(ids: list[int], now: datetime) -> None:
    """A window past its deadline no longer blocks a new call, even before the close job has run."""
    db.session.execute(update(RollCallPerson).where(
        RollCallPerson.person_id.in_(ids), RollCallPerson.in_window.is_(True), RollCallPerson.answer_by <= now)
        .values(in_window=False).execution_options(synchronize_session=False))


def _insert_people(call: RollCall, ids: list[int], posted: dict[int, Village]) -> None:
    """One INSERT … ON CONFLICT DO NOTHING: a cadre already in an open window is not inserted, and the
    call is refused 409 (the route rolls it back). Racing calls wait for each other on the index."""
    rows = [dict(roll_call_id=call.id, person_id=pid, village_id=posted[pid].id, town_id=posted[pid].town_id,
                 called_at=call.called_at, answer_by=call.answer_by, in_window=True, status="waiting")
            for pid in ids]
    connection = db.session.connection()
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    stmt = (dialect.insert(RollCallPerson.__table__).values(rows)
            .on_conflict_do_nothing(index_elements=["person_id"], index_where=text("in_window"))
            .returning(RollCallPerson.person_id))
    inserted = set(connection.execute(stmt).scalars())
    taken = sorted(set(ids) - inserted)
    if taken:
        raise Conflict("ROLL_CALL_OPEN", "所选干部正在被另一次点名，应答时限内不能重复点名",
                       "a chosen cadre is already called by a roll call whose window is still open",
                       details={"rule": "INSPECT-1", "person_ids": taken})


def _notify_called(call: RollCall, caller: Person) -> None:
    """INSPECT-1: each called cadre hears at once (inbox + subscribe message where configured)."""
    by = call.answer_by.astimezone(clock.BUSINESS_TZ).strftime("%H:%M")
    for row in call.people:
        emit("roll_call", row.person, [row.person],
             {"roll_call_id": call.id, "answer_by": call.answer_by.isoformat(), "village_id": row.village_id},
             f"INSPECT-1:call:{call.id}:{row.person_id}", rule="INSPECT-1",
             title=f"随机点名：{row.person.name}请于{by}前拍照打卡",
             body=f"{caller.name}发起随机点名，请{row.person.name}于{by}前在{row.village.name}带照片打卡应答。")


def on_checkin_recorded(sender: Any, *, person_id: int, checkin_id: int, status: str, captured_at: datetime,
                        received_at: datetime, photo_id: int | None, **_: Any) -> None:
    """INSPECT-1 receiver of ``checkin_recorded``: an accepted check-in with a photo inside the window answers.

    The UPDATE is conditional on ``waiting``, so an answer racing the close job is either recorded or
    silent, never both."""
    if status != "accepted" or photo_id is None:
        return
    waiting = db.session.execute(select(RollCallPerson.id, RollCallPerson.called_at, RollCallPerson.answer_by).where(
        RollCallPerson.person_id == person_id, RollCallPerson.status == "waiting")).all()
    for row_id, called_at, window_end in waiting:
        if rules.answers(status, photo_id, captured_at, received_at, called_at, window_end):
            db.session.execute(update(RollCallPerson).where(
                RollCallPerson.id == row_id, RollCallPerson.status == "waiting")
                .values(status="answered", answered_at=captured_at, checkin_id=checkin_id)
                .execution_options(synchronize_session=False))


def close_due_roll_calls() -> Generator[None, None, dict[str, int]]:
    """The ``roll-call-close`` job: close each call past its deadline (one step each, committed by the
    runner), record the silent and alert the caller and each town about its silent cadres."""
    now = clock.now()
    due = list(db.session.scalars(select(RollCall.id).where(
        RollCall.closed_at.is_(None), RollCall.answer_by <= now).order_by(RollCall.id)))
    closed = silent = 0
    for call_id in due:
        claimed = db.session.execute(update(RollCall).where(RollCall.id == call_id, RollCall.closed_at.is_(None))
                                     .values(closed_at=now).execution_options(synchronize_session=False)).rowcount
        if claimed:  # another scheduler closed it first: nothing more to do
            db.session.execute(update(RollCallPerson).where(
                RollCallPerson.roll_call_id == call_id, RollCallPerson.status == "waiting")
                .values(status="silent").execution_options(synchronize_session=False))
            db.session.execute(update(RollCallPerson).where(RollCallPerson.roll_call_id == call_id)
                               .values(in_window=False).execution_options(synchronize_session=False))
            call = db.session.scalars(select(RollCall).where(RollCall.id == call_id)
                                      .execution_options(populate_existing=True)).one()
            silent += _alert_silent(call)
            closed += 1
        yield
    return {"job": "roll-call-close", "due": len(due), "closed": closed, "silent": silent}


def _alert_silent(call: RollCall) -> int:
    """INSPECT-1: per town, the caller and the town's secretaries (and its robot) hear who was silent."""
    rows = list(db.session.scalars(select(RollCallPerson).where(RollCallPerson.roll_call_id == call.id)
                                   .execution_options(populate_existing=True).order_by(RollCallPerson.id)))
    by_town: dict[int, list[RollCallPerson]] = defaultdict(list)
    for row in rows:
        if row.status == "silent":
            by_town[row.town_id].append(row)
    when = call.called_at.astimezone(clock.BUSINESS_TZ).strftime("%m月%d日%H:%M")
    for town_id, silent in sorted(by_town.items()):
        names = "、".join(row.person.name for row in silent)
        people = [{"id": row.person_id, "name": row.person.name,
                   "village": {"id": row.village_id, "name": row.village.name}} for row in silent]
        emit("roll_call_silent", None, [call.caller, *town_secretaries(town_id)],
             {"town_id": town_id, "roll_call_id": call.id, "people": people},
             f"INSPECT-1:silent:{call.id}:{town_id}", rule="INSPECT-1",
             title=f"随机点名{len(silent)}人未应答：{names}"[:200],
             body=f"{when}的随机点名（应答时限{current_policy().rollcall_answer_min}分钟），"
                  f"以下干部未在时限内带照片打卡：{names}。")
    return sum(len(s) for s in by_town.values())


def roll_call_query(user: Person):
    """The calls ``user`` may read: the city office all; a secretary those calling anyone of their town."""
    stmt = select(RollCall).options(joinedload(RollCall.caller), selectinload(RollCall.people).options(
        joinedload(RollCallPerson.person), joinedload(RollCallPerson.village)))
    if user.role == "town_secretary":
        stmt = stmt.where(or_(RollCall.town_id == user.town_id, RollCall.id.in_(
            select(RollCallPerson.roll_call_id).where(RollCallPerson.town_id == user.town_id))))
    return stmt


def visible_people(user: Person, call: RollCall) -> list[RollCallPerson]:
    """The called cadres ``user`` may see: a secretary sees those of their town (ORG-2)."""
    if user.role == "town_secretary":
        return [row for row in call.people if row.town_id == user.town_id]
    return list(call.people)


def get_roll_call(user: Person, call_id: int) -> RollCall:
    call = db.session.scalar(roll_call_query(user).where(RollCall.id == call_id))
    if call is None:
        raise NotFound("roll call", "点名")
    return call
