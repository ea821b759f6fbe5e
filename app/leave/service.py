"""Leave and trips: what other domains read (approved days, yearly totals) and the request flow.

Interfaces for other packages:

- ``approved_days(start, end, person_ids=None)`` — the days covered by APPROVED requests (§2 status
  rules ``business`` and ``leave``; DUTY-2 availability).
- ``leave_totals(person_id, year)`` — LV-6 / ASSESS-1 counts; the one place they are computed.
- ``is_overdue(request, today)`` — LV-5, extended by the check-in domain.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from sqlalchemy import select

from app.extensions import db
from app.leave import rules
from app.leave.models import LeaveRequest


def _approved_overlapping(lo: date, hi: date, person_ids: Iterable[int] | None = None):
    """APPROVED requests whose covered days [start_date, covered_until] meet [lo, hi]."""
    stmt = select(LeaveRequest).where(LeaveRequest.status == "approved", LeaveRequest.start_date <= hi,
                                      LeaveRequest.covered_until >= lo)
    if person_ids is not None:
        stmt = stmt.where(LeaveRequest.person_id.in_(list(person_ids)))
    return db.session.scalars(stmt.order_by(LeaveRequest.person_id, LeaveRequest.start_date))


def approved_days(start: date, end: date, person_ids: Iterable[int] | None = None) -> dict[int, dict[date, str]]:
    """Each person's days in [start, end] covered by an APPROVED request → "leave" or "trip".

    After a report back (销假, LV-5) only the days before the report-back day are covered. A half
    day covers its day. People without such days are absent from the result. Overlapping requests
    are refused (LV-3), but should two ever meet, "trip" wins (the §2 order: business before leave).
    """
    result: dict[int, dict[date, str]] = defaultdict(dict)
    for req in _approved_overlapping(start, end, person_ids):
        for day in rules.covered_days(req.start_date, req.covered_until, start, end):
            if result[req.person_id].get(day) != "trip":
                result[req.person_id][day] = req.kind
    return dict(result)


def year_totals(person_ids: Iterable[int], years: Iterable[int]) -> dict[tuple[int, int], dict[str, float]]:
    """LV-6: approved leave and trip days dated in each year, for several people in one query.

    Future days of an approved leave count (from the approval); released days (after a report back)
    do not; a half day counts 0.5. Keys are (person_id, year).
    """
    people, years = list(set(person_ids)), sorted(set(years))
    totals = {(p, y): {"leave_days": 0.0, "trip_days": 0.0} for p in people for y in years}
    if not people or not years:
        return totals
    lo, hi = date(years[0], 1, 1), date(years[-1], 12, 31)
    for req in _approved_overlapping(lo, hi, people):
        for year in years:
            n = rules.days_in_window(req.start_date, req.covered_until, req.half_day,
                                     date(year, 1, 1), date(year, 12, 31))
            totals[(req.person_id, year)][f"{req.kind}_days"] += n
    return totals


def leave_totals(person_id: int, year: int) -> dict:
    """LV-6, LV-7: ``{year, leave_days, trip_days}`` of approved requests dated in ``year``.

    Trips (LV-7) count as attendance and never toward the 30-day leave limit.
    """
    return {"year": year, **year_totals([person_id], [year])[(person_id, year)]}
