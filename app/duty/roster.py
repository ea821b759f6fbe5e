"""DUTY-1/2/4: the ``roster`` job — every team has cadres on duty on every non-working day.

For day D it covers D through D + ``roster_lead_days`` (never a day before today: a duty nobody
was told about cannot be served). Published days are kept; a day whose assignee is now on leave,
on a trip or no longer posted is repaired (or, with nobody left, removed and alerted); a day that
became a working day after a calendar correction is cancelled. Every change is recorded.

DUTY-4: the calendar never lapses — a year with no official or entered calendar is rostered on
the provisional calendar's non-working days (weekends and the law's statutory holidays), so the
run of 25 December already gives duties for 1–3 January. Entering the year re-plans the
published roster (``on_calendar_changed``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import func, or_, select, true

from app import clock
from app.calendar.service import non_working_days, year_calendar
from app.duty.models import DutyAssignment
from app.duty.rules import Candidate, pick_on_duty
from app.duty.service import alert_uncovered, notify_assigned, notify_cancelled, record_change
from app.duty.sources import away_days
from app.extensions import db
from app.org.models import POSTED_ROLES, Person, Posting, Village
from app.policy import current_policy


@dataclass
class Ledger:
    """Duty counts per (person, year) and each person's latest duty, kept current while assigning."""

    counts: dict[tuple[int, int], int] = field(default_factory=lambda: defaultdict(int))
    last: dict[int, date] = field(default_factory=dict)

    @classmethod
    def load(cls, years: range) -> Ledger:
        ledger = cls()
        for year in years:
            rows = db.session.execute(
                select(DutyAssignment.person_id, func.count()).where(
                    DutyAssignment.day >= date(year, 1, 1), DutyAssignment.day <= date(year, 12, 31))
                .group_by(DutyAssignment.person_id))
            for person_id, count in rows:
                ledger.counts[(person_id, year)] = count
        rows = db.session.execute(select(DutyAssignment.person_id, func.max(DutyAssignment.day))
                                  .group_by(DutyAssignment.person_id))
        ledger.last.update({person_id: last for person_id, last in rows})
        return ledger

    def candidate(self, person_id: int, day: date) -> Candidate:
        return Candidate(person_id, self.counts[(person_id, day.year)], self.last.get(person_id))

    def add(self, person_id: int, day: date) -> None:
        self.counts[(person_id, day.year)] += 1
        self.last[person_id] = max(day, self.last.get(person_id, day))

    def remove(self, person_id: int, day: date) -> None:
        self.counts[(person_id, day.year)] -= 1


@dataclass
class Window:
    """What one roster run knows: postings by village, absences, assignments by (village, day)."""

    postings: dict[int, list[Posting]]
    away: dict[int, dict[date, str]]
    assigned: dict[tuple[int, date], list[DutyAssignment]]
    ledger: Ledger
    needed: int
    summary: dict

    def posted(self, village_id: int, day: date) -> list[int]:
        return sorted({p.person_id for p in self.postings[village_id] if p.covers(day)})

    def unavailable_reason(self, person_id: int, village_id: int, day: date) -> str | None:
        if person_id not in self.posted(village_id, day):
            return "not_posted"
        return self.away.get(person_id, {}).get(day)


def settle_roster(start: date, village_ids: Collection[int] | None = None,
                  only_days: Collection[date] | None = None) -> dict:
    """The ``roster`` job for business date ``start``: assign and repair duties from ``start`` for
    ``roster_lead_days``; returns a summary. ``village_ids`` limits it to those teams, ``only_days``
    to those days."""
    policy = current_policy()
    first, last = max(start, clock.today()), start + timedelta(days=policy.roster_lead_days)
    summary: dict = {"job": "roster", "from": first.isoformat(), "to": last.isoformat(), "assigned": 0,
                     "repaired": 0, "removed": 0, "cancelled": 0, "uncovered": [], "provisional": []}
    if last < first:
        return summary
    days = non_working_days(first, last)  # DUTY-4: provisional years included
    if only_days is not None:
        wanted = set(only_days)
        days = [day for day in days if day in wanted]
    summary["provisional"] = [year for year in range(first.year, last.year + 1)
                              if year_calendar(year).source == "provisional"]
    summary["cancelled"] = cancel_working_day_assignments(first, last, village_ids)
    postings = _postings(first, last, village_ids)
    people = {p.person_id for rows in postings.values() for p in rows}
    window = Window(postings, away_days(first, last, people), _assignments(first, last, village_ids),
                    Ledger.load(range(first.year, last.year + 1)), policy.duty_min_cadres, summary)
    villages = {v.id: v for v in db.session.scalars(select(Village).where(Village.id.in_(list(postings))))}
    for village_id in sorted(postings):
        for day in days:
            _settle_day(villages[village_id], day, window)
    db.session.flush()
    return summary


def _of_teams(village_id, village_ids: Collection[int] | None):
    """All teams, or only those of ``village_ids``."""
    return true() if village_ids is None else village_id.in_(list(village_ids))


def _postings(first: date, last: date, village_ids: Collection[int] | None) -> dict[int, list[Posting]]:
    """Cadre postings overlapping [first, last], by village: the teams to roster."""
    rows = db.session.scalars(select(Posting).where(
        Posting.role.in_(POSTED_ROLES), Posting.start_date <= last,
        or_(Posting.end_date.is_(None), Posting.end_date >= first), _of_teams(Posting.village_id, village_ids)))
    by_village: dict[int, list[Posting]] = defaultdict(list)
    for posting in rows:
        by_village[posting.village_id].append(posting)
    return by_village


def _assignments(first: date, last: date,
                 village_ids: Collection[int] | None) -> dict[tuple[int, date], list[DutyAssignment]]:
    by_day: dict[tuple[int, date], list[DutyAssignment]] = defaultdict(list)
    for row in db.session.scalars(select(DutyAssignment).where(
            DutyAssignment.day >= first, DutyAssignment.day <= last,
            _of_teams(DutyAssignment.village_id, village_ids)).order_by(DutyAssignment.id)):
        by_day[(row.village_id, row.day)].append(row)
    return by_day


def _settle_day(village: Village, day: date, window: Window) -> None:
    """DUTY-1/2 for one team and one non-working day: repair what is published, fill what is missing."""
    if all(p.start_date > day for p in window.postings[village.id]):
        return  # the team starts later: not a gap (a team whose cadres all left is one)
    rows = window.assigned[(village.id, day)]
    for row in list(rows):
        reason = window.unavailable_reason(row.person_id, village.id, day)
        if reason is not None:
            _repair(village, day, row, reason, window)
    on_duty = {row.person_id for row in window.assigned[(village.id, day)]}
    for person_id in _pick(village.id, day, window.needed - len(on_duty), on_duty, window):
        row = DutyAssignment(village_id=village.id, day=day, person_id=person_id)
        db.session.add(row)
        window.assigned[(village.id, day)].append(row)
        window.ledger.add(person_id, day)
        change = record_change(village.id, day, "assigned", person_id, None, "roster")
        notify_assigned(db.session.get(Person, person_id), village, day, change)
        window.summary["assigned"] += 1
    have = len(window.assigned[(village.id, day)])
    if have < window.needed:
        alert_uncovered(village, day, window.needed, have)
        window.summary["uncovered"].append({"village_id": village.id, "date": day.isoformat()})


def _pick(village_id: int, day: date, needed: int, exclude: set[int], window: Window) -> list[int]:
    """DUTY-2: the available cadres of the team for ``day``, fairest first."""
    available = [pid for pid in window.posted(village_id, day)
                 if pid not in exclude and day not in window.away.get(pid, {})]
    return pick_on_duty([window.ledger.candidate(pid, day) for pid in available], needed)


def _repair(village: Village, day: date, row: DutyAssignment, reason: str, window: Window) -> None:
    """DUTY-2: the assignee is away (leave, trip) or no longer posted — someone else takes the day."""
    previous = row.person_id
    window.ledger.remove(previous, day)
    on_duty = {r.person_id for r in window.assigned[(village.id, day)]}
    replacement = _pick(village.id, day, 1, on_duty, window)
    if replacement:
        row.person_id = replacement[0]
        window.ledger.add(row.person_id, day)
        change = record_change(village.id, day, "repaired", row.person_id, previous, reason)
        notify_assigned(db.session.get(Person, row.person_id), village, day, change)
        window.summary["repaired"] += 1
    else:
        window.assigned[(village.id, day)].remove(row)
        db.session.delete(row)
        record_change(village.id, day, "removed", None, previous, reason)
        window.summary["removed"] += 1
    db.session.flush()


def cancel_working_day_assignments(first: date, last: date, village_ids: Collection[int] | None = None) -> int:
    """DUTY-4: drop assignments on days that a calendar correction made working days (recorded)."""
    cancelled = 0
    rows = db.session.scalars(select(DutyAssignment).where(
        DutyAssignment.day >= first, DutyAssignment.day <= last,
        _of_teams(DutyAssignment.village_id, village_ids)).order_by(DutyAssignment.day))
    for row in list(rows):
        if year_calendar(row.day.year).is_working_day(row.day):
            change = record_change(row.village_id, row.day, "cancelled", None, row.person_id, "calendar")
            notify_cancelled(row.person_id, row.village, row.day, change)
            db.session.delete(row)
            cancelled += 1
    db.session.flush()
    return cancelled


def on_absence_approved(_sender, person_id: int, start: date, end: date, **_kw) -> None:
    """DUTY-2: leave or a trip approved over a published duty → repaired now, not at the next run.

    Only the teams whose duties the cadre held are re-planned: another team's roster is none of
    this approval's business (it changes at its own roster run)."""
    teams = list(db.session.scalars(select(DutyAssignment.village_id).where(
        DutyAssignment.person_id == person_id, DutyAssignment.day >= max(start, clock.today()),
        DutyAssignment.day <= end).distinct()))
    if teams:
        settle_roster(clock.today(), teams)


def on_calendar_changed(_sender, year: int, became_non_working: Collection[date] = (), **_kw) -> None:
    """DUTY-4: an entered or corrected calendar re-plans the published roster of ``year``.

    Every future duty on a day that is now a working day is cancelled (recorded, the cadre told);
    each day of the published window (today + ``roster_lead_days``) that became non-working gets a
    duty in every team whose roster of that window is published (recorded, the cadre told). Other
    days and teams get theirs at their next roster run, as always.
    """
    today = clock.today()
    first = max(date(year, 1, 1), today)
    if first.year != year:
        return
    cancel_working_day_assignments(first, date(year, 12, 31))
    last = today + timedelta(days=current_policy().roster_lead_days)
    days = [day for day in became_non_working if today <= day <= last]
    if not days:
        return
    published = list(db.session.scalars(select(DutyAssignment.village_id).where(
        DutyAssignment.day >= today, DutyAssignment.day <= last).distinct()))
    if published:
        settle_roster(today, published, days)
