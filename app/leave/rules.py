"""LV-1..8: leave (请假) and official trips (外出开会、培训、联系项目) as pure functions of plain data.

No database, no Flask: the service loads, calls these, and writes. Thresholds come in as arguments
(the service passes ``current_policy()``); the defaults are ``config.policy.DEFAULT_POLICY``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from config.policy import DEFAULT_POLICY

KINDS = ("leave", "trip")
TRIP_TYPES = ("meeting", "training", "project")
HALF_DAYS = ("am", "pm")
CHAIN_ROLES = ("leader", "town_secretary", "city_admin")


def request_days(start: date, end: date, half_day: str | None = None) -> float:
    """LV-3: inclusive calendar days (Monday to Wednesday is 3); a single-day half day is 0.5."""
    if half_day:
        return 0.5
    return float((end - start).days + 1)


def approval_chain(requester_role: str, kind: str, days: float, *, backdated: bool = False,
                   short_max: float = DEFAULT_POLICY.short_leave_max_days) -> list[str]:
    """The roles that approve a request, in order (LV-1, LV-2, LV-7, LV-8).

    - LV-1: a member's ≤ ``short_max`` days → leader; longer → leader agrees, then town secretary.
    - LV-2: a leader's ≤ ``short_max`` days → town secretary; longer → town, then city office.
    - LV-7: a trip climbs the same chain as a leave of the same length.
    - LV-8: a backdated request (it starts before the day it is submitted) can only justify past
      days with the town secretary's approval, so a member's short backdated request gets the town
      secretary as a second step; the other chains already include the town.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown request kind {kind!r}")
    long = days > short_max
    if requester_role == "member":
        return ["leader", "town_secretary"] if long or backdated else ["leader"]
    if requester_role == "leader":
        return ["town_secretary", "city_admin"] if long else ["town_secretary"]
    raise ValueError(f"role {requester_role!r} does not request leave")


@dataclass(frozen=True)
class Refusal:
    """Why a request is refused: the rule, a reason code, and the two messages."""

    rule: str
    reason: str
    message: str
    message_en: str


def check_request(start: date, end: date, half_day: str | None, today: date, *,
                  backdate_days: int = DEFAULT_POLICY.leave_backdate_days,
                  max_days: int = DEFAULT_POLICY.leave_max_request_days) -> Refusal | None:
    """LV-3: the checks a request's own dates must pass (None when it passes)."""
    if end < start:
        return Refusal("LV-3", "END_BEFORE_START", "结束日期早于开始日期", "the end date is before the start date")
    if half_day and end != start:
        return Refusal("LV-3", "HALF_DAY_MULTI_DAY", "半天假只能用于单日申请",
                       "a half day is allowed only for a single-day request")
    if request_days(start, end) > max_days:
        return Refusal("LV-3", "TOO_LONG", f"单次申请不能超过{max_days}天",
                       f"a request may not be longer than {max_days} days")
    if start < today - timedelta(days=backdate_days):
        return Refusal("LV-3", "TOO_FAR_BACK",
                       f"申请最早只能从{backdate_days}天前开始；更早的缺勤不能通过请假补批（LV-8）",
                       f"a request may start at most {backdate_days} days before today; earlier absence "
                       "cannot be justified by a leave request (LV-8)")
    return None


def covered_until(end: date, reported_back_on: date | None) -> date:
    """LV-5: the last day a request covers: its end, or the day before the cadre reported back.

    A cadre who reports back (销假) on day D is at their post from D on, so D and later days are
    released. The result may be before the start (reported back on the first day: nothing covered).
    """
    if reported_back_on is None:
        return end
    return min(end, reported_back_on - timedelta(days=1))


def covered_days(start: date, last: date, lo: date, hi: date) -> list[date]:
    """The days of [start, last] inside [lo, hi], in order."""
    first, final = max(start, lo), min(last, hi)
    return [first + timedelta(days=i) for i in range((final - first).days + 1)] if first <= final else []


def days_in_window(start: date, last: date, half_day: str | None, lo: date, hi: date) -> float:
    """LV-6: how many of a request's covered days fall in [lo, hi] (a half day counts 0.5)."""
    n = len(covered_days(start, last, lo, hi))
    return 0.5 * n if half_day else float(n)


def would_exceed(total_before: float, adding: float,
                 limit: float = DEFAULT_POLICY.leave_cumulative_recall_over) -> bool:
    """LV-6: approving ``adding`` leave days takes the year's total strictly over ``limit``."""
    return total_before + adding > limit


def needs_town_review(start: date, today: date, town_approvals: Iterable[tuple[date, str | None]]) -> bool:
    """LV-8: a request that covers past days needs a town secretary's approval with a reason.

    ``town_approvals`` are (business day decided, comment) of the town secretary steps already
    approved. True when the request covers a day before ``today`` and no town secretary approved it,
    with a reason, on a day when it already covered past days: then the final approval must wait
    for the town secretary.
    """
    return start < today and not any(day > start and (comment or "").strip()
                                     for day, comment in town_approvals)


def town_reason_required(role: str, start: date, today: date) -> bool:
    """LV-8: a town secretary approving a request that covers past days must record a reason."""
    return role == "town_secretary" and start < today


def leave_overdue(kind: str, status: str, end: date, reported_back_on: date | None, today: date,
                  returned_on: date | None = None) -> bool:
    """LV-5: an approved leave whose end has passed with no report back (销假) is overdue.

    ``returned_on`` is the day of the cadre's first accepted check-in after the leave started, which
    also closes it (LV-5); None until the check-in domain provides it.
    """
    if kind != "leave" or status != "approved" or end >= today:
        return False
    return reported_back_on is None and returned_on is None
