"""ATT-6: the morning no-show digest — one alert per town secretary naming the cadres of the town
expected in the village today (a working day, or their duty day; no approved leave or trip; the
posting covers the day) who have not checked in yet, and one per team leader naming those of their
own team. Nothing is sent when everyone is in, and nothing is built before ``no_show_digest_time``:
an early run would use up the day's digest (deduped per town and date) with the wrong names.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from sqlalchemy import or_, select

from app import clock
from app.alerts.service import emit
from app.calendar.service import calendar_day
from app.checkin.service import accepted_checkin_counts
from app.duty.service import duty_days
from app.errors import RuleViolation
from app.extensions import db
from app.leave.service import approved_days
from app.org.models import Person, Posting, Town, Village
from app.org.service import town_secretaries
from app.policy import current_policy


def is_expected(working_day: bool, on_duty: bool, approved_absence: bool) -> bool:
    """ATT-6: a cadre is expected in the village on a working day or their duty day, unless away
    on an approved leave or trip."""
    return (working_day or on_duty) and not approved_absence


def _postings(day: date) -> list[tuple[Posting, Village]]:
    return list(db.session.execute(
        select(Posting, Village).join(Village, Village.id == Posting.village_id)
        .where(Posting.start_date <= day, or_(Posting.end_date.is_(None), Posting.end_date >= day))
        .order_by(Village.town_id, Village.id, Posting.role, Posting.person_id)))


def no_shows(day: date) -> dict[int, list[dict[str, Any]]]:
    """Per town id, the cadres expected in the village on ``day`` with no accepted check-in so far."""
    postings = _postings(day)
    ids = sorted({posting.person_id for posting, _ in postings})
    if not ids:
        return {}
    working = calendar_day(day).working  # DUTY-4: Monday–Friday where the calendar does not know the year
    duty = duty_days(day, day, ids)
    away = approved_days(day, day, ids)
    counts = accepted_checkin_counts(day, ids, before=min(clock.now(), clock.end_of_day(day)))
    people = {p.id: p for p in db.session.scalars(select(Person).where(Person.id.in_(ids)))}
    result: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for posting, village in postings:
        pid = posting.person_id
        expected = is_expected(working, day in duty.get(pid, set()), day in away.get(pid, {}))
        if expected and counts.get(pid, 0) == 0:
            result[village.town_id].append({"id": pid, "name": people[pid].name,
                                            "village": {"id": village.id, "name": village.name}})
    return dict(result)


def _text(place: str, day: date, people: list[dict[str, Any]]) -> tuple[str, str]:
    names = [p["name"] for p in people]
    shown = "、".join(names[:3]) + ("等" if len(names) > 3 else "")
    title = f"{place}{day.month}月{day.day}日未打卡{len(names)}人：{shown}"[:200]
    by_village: dict[str, list[str]] = defaultdict(list)
    for person in people:
        by_village[person["village"]["name"]].append(person["name"])
    lines = "；".join(f"{village}：{'、'.join(who)}" for village, who in by_village.items())
    as_of = clock.local_now().strftime("%H:%M") if day == clock.today() else "当日结束"
    body = f"截至{day.month}月{day.day}日{as_of}，以下{len(names)}名驻村干部应在村但尚未打卡：{lines}。"
    return title, body


def _refuse_before_time(day: date) -> None:
    """ATT-6: the digest of ``day`` is built at ``no_show_digest_time`` and never before."""
    not_before = clock.at_local(day, current_policy().no_show_digest_time)
    if clock.now() < not_before:
        raise RuleViolation(
            "ATT-6", f"未到未打卡汇总时间（{day.month}月{day.day}日{not_before:%H:%M}），不能提前生成",
            f"the no-show digest of {day.isoformat()} is built at {not_before:%H:%M}, not before",
            details={"reason": "TOO_EARLY", "date": day.isoformat(), "not_before": not_before.isoformat()})


def _leader_digests(day: date, found: dict[int, list[dict[str, Any]]]) -> int:
    """ATT-6: each team leader hears of their own team's no-shows (not of themself), alone.

    No ``town_id`` and no subject: a personal alert, so the town robot does not get it (ALERT-2).
    """
    by_village: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for people in found.values():
        for person in people:
            by_village[person["village"]["id"]].append(person)
    sent = 0
    for village_id, leader in db.session.execute(
            select(Posting.village_id, Person).join(Person, Person.id == Posting.person_id)
            .where(Posting.role == "leader", Posting.village_id.in_(list(by_village)), Posting.start_date <= day,
                   or_(Posting.end_date.is_(None), Posting.end_date >= day)).order_by(Person.id)):
        team = [p for p in by_village[village_id] if p["id"] != leader.id]
        if team:
            title, body = _text(team[0]["village"]["name"], day, team)
            emit("no_show_digest", None, [leader], {"village_id": village_id, "date": day.isoformat(), "people": team},
                 f"ATT-6:leader:{leader.id}:{day.isoformat()}", title=title, body=body, rule="ATT-6")
            sent += 1
    return sent


def send_no_show_digest(day: date) -> dict[str, Any]:
    """The ``no-show`` job: one digest per town and one per team leader (deduped per recipient
    and date). Refused before ``no_show_digest_time`` of ``day``."""
    _refuse_before_time(day)
    found = no_shows(day)
    for town_id, people in sorted(found.items()):
        town = db.session.get(Town, town_id)
        title, body = _text(town.name, day, people)
        emit("no_show_digest", None, town_secretaries(town_id),
             {"town_id": town_id, "date": day.isoformat(), "people": people},
             f"ATT-6:{town_id}:{day.isoformat()}", title=title, body=body, rule="ATT-6")
    leaders = _leader_digests(day, found)
    return {"job": "no-show", "date": day.isoformat(), "towns": len(found),
            "people": sum(len(p) for p in found.values()), "leaders": leaders}
