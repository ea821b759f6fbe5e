"""The interfaces other domains read: approved_days and leave_totals (LV-5, LV-6, LV-7)."""

from __future__ import annotations

from datetime import date

from app.extensions import db
from app.leave.models import LeaveRequest
from app.leave.service import approved_days, leave_totals


def _add(org, who, kind, start, end, status="approved", half_day=None, back=None):
    from app.leave import rules

    start, end = date.fromisoformat(start), date.fromisoformat(end)
    req = LeaveRequest(person_id=org.person_id(who), village_id=org.village_id("v1"), requester_role="member",
                       kind=kind, start_date=start, end_date=end, half_day=half_day,
                       days=rules.request_days(start, end, half_day), reason="r", status=status,
                       reported_back_on=back, covered_until=rules.covered_until(end, back))
    db.session.add(req)
    return req


def test_lv6_approved_days_and_totals_count_only_approved_unreleased_days(org, app):
    with app.app_context():
        _add(org, "m1a", "leave", "2026-12-30", "2027-01-02")  # 2 days in 2026, 2 in 2027
        _add(org, "m1a", "trip", "2026-03-02", "2026-03-04")
        _add(org, "m1a", "leave", "2026-04-01", "2026-04-01", half_day="am")
        _add(org, "m1a", "leave", "2026-05-01", "2026-05-10", back=date(2026, 5, 4))  # 3 days used
        _add(org, "m1a", "leave", "2026-06-01", "2026-06-05", status="pending")
        _add(org, "m1b", "leave", "2026-03-03", "2026-03-03", status="cancelled")
        db.session.commit()
        m1a = org.person_id("m1a")
        assert leave_totals(m1a, 2026) == {"year": 2026, "leave_days": 5.5, "trip_days": 3.0}
        assert leave_totals(m1a, 2027)["leave_days"] == 2.0
        days = approved_days(date(2026, 3, 1), date(2026, 5, 31))
        assert set(days) == {m1a}
        assert days[m1a][date(2026, 3, 2)] == "trip" and days[m1a][date(2026, 4, 1)] == "leave"
        assert sorted(d for d in days[m1a] if d.month == 5) == [date(2026, 5, d) for d in (1, 2, 3)]
        assert approved_days(date(2026, 3, 1), date(2026, 3, 31), [org.person_id("m1b")]) == {}
