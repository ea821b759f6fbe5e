"""Pure attendance rules (RULES.md §2, ATT-1..4): plain data in, decisions out.

These functions decide whether a cadre is recalled, so each is small enough to check by eye and
is property-tested against a slow, obviously-correct reference (tests/attendance/test_rules.py).
The day close applies the same rules set-based in SQL (app/attendance/sources.py); the SQL and
``day_status`` are property-tested to agree (tests/attendance/test_statuses_property.py).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

PRESENT, BUSINESS, LEAVE, REST, ABSENT, NOT_POSTED = "present", "business", "leave", "rest", "absent", "not_posted"
STATUSES = (PRESENT, BUSINESS, LEAVE, REST, ABSENT, NOT_POSTED)
#: Days that end an absence run (ATT-3): the cadre was in the village, on a trip or on approved leave.
JUSTIFIED = frozenset({PRESENT, BUSINESS, LEAVE})
#: ATT-1: attendance days (含外出开会、培训、联系项目).
ATTENDANCE = frozenset({PRESENT, BUSINESS})


def day_status(*, posted: bool, accepted_checkins: int, checkins_required: int, approved: str | None,
               working_day: bool, on_duty: bool, corrected: bool = False) -> str:
    """§2: one cadre's status for one day, in the order of precedence of RULES.md.

    ``approved`` is "trip" or "leave" when an approved request covers the day; ``on_duty`` when the
    cadre is on the duty roster (DUTY-3: a duty day is a working day for them); ``corrected`` when an
    approved attendance correction (补卡, CHK-9) covers it.
    """
    if not posted:
        return NOT_POSTED
    if accepted_checkins >= checkins_required or corrected:
        return PRESENT
    if approved == "trip":
        return BUSINESS
    if approved == "leave":
        return LEAVE
    if not working_day and not on_duty:
        return REST
    return ABSENT


@dataclass(frozen=True)
class Run:
    """ATT-3: a maximal absence run, first and last day absent, rest days inside counted."""

    start: date
    end: date

    @property
    def length(self) -> int:
        return (self.end - self.start).days + 1


@dataclass(frozen=True)
class StreakState:
    """The open absence run as of the last day seen: its first and last absent day, or None.

    Rest days after ``last_absent`` are pending: they count only if another absent day follows.
    """

    start: date | None = None
    last_absent: date | None = None

    @property
    def length(self) -> int:
        return 0 if self.start is None else (self.last_absent - self.start).days + 1


def advance(state: StreakState, day: date, status: str) -> StreakState:
    """ATT-3, incrementally: the state after ``day`` with ``status`` (days must come in order).

    A gap in the days (a day never evaluated) breaks the run, as a not_posted day does.
    """
    if status == ABSENT:
        if state.start is None or state.last_absent is None:
            return StreakState(day, day)
        return StreakState(state.start, day)
    if status in JUSTIFIED or status == NOT_POSTED:
        return StreakState()
    return state  # rest: pending inside a possible run


def runs(days: Sequence[tuple[date, str]]) -> list[Run]:
    """ATT-3: every maximal absence run in ``days`` (consecutive calendar days, in order)."""
    found: list[Run] = []
    state = StreakState()
    previous: date | None = None
    for day, status in days:
        if previous is not None and day != previous + timedelta(days=1):
            state = _close(state, found)
        before = state
        state = advance(state, day, status)
        if before.start is not None and state.start != before.start:
            found.append(Run(before.start, before.last_absent))
        previous = day
    _close(state, found)
    return found


def reached_on(run: Run, days: Sequence[tuple[date, str]], threshold: int) -> date | None:
    """ATT-3: the day ``run`` reached ``threshold`` days — its first absent day at least
    ``threshold`` calendar days from its start — or None if it has not (yet).

    A run reaches each threshold once, whatever years it spans; what a threshold brings (a recall
    case at 15) belongs to the year of this day.
    """
    return next((day for day, status in days if status == ABSENT and run.start <= day <= run.end
                 and (day - run.start).days + 1 >= threshold), None)


def _close(state: StreakState, found: list[Run]) -> StreakState:
    if state.start is not None:
        found.append(Run(state.start, state.last_absent))
    return StreakState()


def longest_run(days: Sequence[tuple[date, str]]) -> int:
    return max((r.length for r in runs(days)), default=0)


def current_run(days: Sequence[tuple[date, str]]) -> int:
    """The open run at the end of ``days``: its length if no justified day followed it, else 0."""
    state = StreakState()
    previous: date | None = None
    for day, status in days:
        if previous is not None and day != previous + timedelta(days=1):
            state = StreakState()
        state = advance(state, day, status)
        previous = day
    return state.length


def days_in_year(year: int) -> int:
    return (date(year + 1, 1, 1) - date(year, 1, 1)).days


def planned_posted_days(year: int, postings: Iterable[tuple[date, date | None]]) -> int:
    """ATT-1: the planned days of the postings inside ``year`` (open-ended → to 31 December).

    Overlapping postings count each day once (intervals merged, not days enumerated: the day close
    computes this for every cadre every night).
    """
    first, last = date(year, 1, 1), date(year, 12, 31)
    spans = sorted((max(start, first), min(end or last, last)) for start, end in postings)
    total, covered_to = 0, first - timedelta(days=1)
    for lo, hi in spans:
        lo = max(lo, covered_to + timedelta(days=1))
        if hi >= lo:
            total += (hi - lo).days + 1
            covered_to = hi
    return total


def prorated(threshold: int, posted_days: int, year: int) -> int:
    """ATT-1/ATT-2: ceil(threshold × posted days / days in year), in exact integer arithmetic."""
    return -(-threshold * posted_days // days_in_year(year))


def projected_attendance(attendance_days: int, elapsed_posted_days: int, planned_days: int) -> int | None:
    """ATT-2: the year-end attendance days at the pace so far, or None before anything elapsed.

    Pace = attendance days / posted days elapsed; projection = pace × planned posted days of the
    year, rounded down (a warning errs towards telling the cadre early).
    """
    if elapsed_posted_days <= 0:
        return None
    return math.floor(attendance_days * planned_days / elapsed_posted_days)


def days_needed(threshold: int, attendance_days: int) -> int:
    """ATT-1/ATT-2: attendance days still to be made to reach ``threshold`` (0 once reached)."""
    return max(0, threshold - attendance_days)


def projection_warnings(projected: int | None, target: int, fail: int, elapsed_posted_days: int,
                        min_days: int) -> list[int]:
    """ATT-2: the thresholds (``target``, ``fail``) the projection is below, once enough days passed."""
    if projected is None or elapsed_posted_days < min_days:
        return []
    return [t for t in (target, fail) if projected < t]


def status_reason(status: str, *, accepted: int, required: int, corrected: bool, approved: str | None,
                  working_day: bool, on_duty: bool) -> tuple[str, str]:
    """§2 in words: why a day has ``status`` (Chinese, English), in the order ``day_status`` decides."""
    if status == NOT_POSTED:
        return "该日不在驻村任职期内，不计入考勤", "outside the posting: counted nowhere"
    if status == PRESENT and accepted >= required:
        return f"当日有{accepted}次打卡被接受（需{required}次），计为在岗", \
            f"{accepted} accepted check-in(s) of {required} required: present"
    if status == PRESENT and corrected:
        return ("当日打卡未被接受，补卡申请已批准，计为在岗（补卡）",
                "no accepted check-in, an approved correction (CHK-9): present")
    if status == BUSINESS:
        return "已批准的因公外出覆盖该日，计为在岗天数", "an approved official trip covers the day: business"
    if status == LEAVE:
        return "已批准的请假覆盖该日", "an approved leave covers the day"
    if status == REST:
        return "非工作日且未排值班，计为休息", "a non-working day without duty: rest"
    due = "值班日" if on_duty and not working_day else "工作日"
    return (f"{due}无被接受的打卡（{accepted}/{required}），也无批准的请假、外出或补卡，计为缺勤",
            f"a {'duty' if on_duty and not working_day else 'working'} day with {accepted} of {required} accepted "
            "check-ins and no approval or correction: absent")
