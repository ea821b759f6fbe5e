"""A fortnight of raw records in town t1 (大柳塔镇), walked through the API, for ASSESS-1 tests.

The standard organisation is posted from Monday 2026-03-02 (305 planned days in 2026: assessed).
Only v1's team checks in (its fence is the one the check-in helper aims at); v2's team never does.
"""

from __future__ import annotations

from datetime import date, timedelta

from tests.attendance.scenario import checkin, close, local
from tests.orgdata import standard_org

START, LAST = date(2026, 3, 2), date(2026, 3, 13)
CHECKINS = {"m1a": ["2026-03-02", "2026-03-03", "2026-03-04", "2026-03-05", "2026-03-06", "2026-03-09",
                    "2026-03-10", "2026-03-12"],
            "m1b": ["2026-03-02", "2026-03-03", "2026-03-09", "2026-03-10", "2026-03-11"],
            "l1": ["2026-03-02", "2026-03-03", "2026-03-04", "2026-03-05", "2026-03-06", "2026-03-11",
                   "2026-03-12", "2026-03-13"]}
LOGS = {"m1a": ["2026-03-02", "2026-03-03", "2026-03-04"],  # the other present days: no log (12th: still open)
        "m1b": CHECKINS["m1b"], "l1": CHECKINS["l1"]}
LEAVE = {"m1b": ("2026-03-04", "2026-03-06")}  # approved by the leader (LV-1)
TRIPS = {"l1": ("2026-03-09", "2026-03-10")}  # approved by the town secretary (LV-7, LV-2)
TOWN1 = ("l1", "m1a", "m1b", "l2", "m2a", "m2b")


def days(span: tuple[str, str]) -> set[str]:
    first, last = (date.fromisoformat(d) for d in span)
    return {(first + timedelta(days=i)).isoformat() for i in range((last - first).days + 1)}


def walk(api, tmp_path, travel) -> None:
    """Import, request and approve the leave and the trip, check in and write logs day by day, close."""
    travel(local(START.isoformat(), "08:00"))
    api.import_org(standard_org(start=START.isoformat()), tmp_path)
    for who, (first, last), approver, kind in (("m1b", LEAVE["m1b"], "l1", "leave"),
                                               ("l1", TRIPS["l1"], "sec1", "trip")):
        body = {"kind": kind, "start_date": first, "end_date": last, "reason": "家中有事"}
        if kind == "trip":
            body["trip_type"] = "meeting"
        asked = api.as_(who).post("/leave-requests", json=body)
        assert asked.status_code == 201, asked.get_json()
        done = api.as_(approver).post(f"/leave-requests/{asked.get_json()['id']}/approve", json={})
        assert done.status_code == 200, done.get_json()
    day = START
    while day <= LAST:
        for who, when in CHECKINS.items():
            if day.isoformat() in when:
                checkin(api, who, local(day.isoformat(), "09:00"), travel)
        for who, when in LOGS.items():
            if day.isoformat() in when:
                travel(local(day.isoformat(), "18:00"))
                assert api.as_(who).put(f"/logs/{day}", json={"content": "入户走访，整理台账"}).status_code == 201
        day += timedelta(days=1)
    travel(local((LAST + timedelta(days=1)).isoformat(), "01:00"))
    close(api.runner, LAST)


def hand_count(who: str) -> dict:
    """The figures of ``who`` counted by hand from the raw records above (RULES.md §2, ATT-3, LOG-3)."""
    status = {}
    day = START
    while day <= LAST:
        d = day.isoformat()
        if day.weekday() >= 5:
            status[d] = "rest"  # no roster was built, and March 2026 has no holiday
        elif d in CHECKINS.get(who, []):
            status[d] = "present"
        elif who in TRIPS and d in days(TRIPS[who]):
            status[d] = "business"
        elif who in LEAVE and d in days(LEAVE[who]):
            status[d] = "leave"
        else:
            status[d] = "absent"
        day += timedelta(days=1)
    count = {s: sum(1 for v in status.values() if v == s) for s in ("present", "business", "leave", "absent")}
    longest = run = pending = 0
    for d in sorted(status):  # ATT-3: absent … absent, rest days inside count, a justified day ends it
        if status[d] == "absent":
            run, pending = run + pending + 1, 0
            longest = max(longest, run)
        elif status[d] == "rest" and run:
            pending += 1
        else:
            run = pending = 0
    due = [d for d, s in status.items() if s in ("present", "business") and d not in LOGS.get(who, [])]
    unfixed = sum(1 for d in due if date.fromisoformat(d) + timedelta(days=3) <= LAST)
    return {"attendance_days": count["present"] + count["business"], "present_days": count["present"],
            "business_days": count["business"], "trip_days": count["business"], "leave_days": count["leave"],
            "absent_days": count["absent"], "longest_absence_streak": longest,
            "missed_logs": {"open": len(due) - unfixed, "fixed": 0, "unfixed": unfixed},
            "duty_days_served": 0, "corrections": 0, "recall_cases": []}
