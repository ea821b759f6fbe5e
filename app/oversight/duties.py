"""INSPECT-2, VISIT-1: oversight acts recorded, the board of duties done and missing, the period-end alerts.

A town secretary records spot checks (抽查), the city office inspections (督查指导), a dispatching
unit's account its leaders' visits (调研指导) and its visits to its cadres (走访慰问) — each with a
check-in at the village, decided by the geofence as a cadre's is (CHK-3..6). One outside the
fence is kept with its reason and does not count. A roll call (INSPECT-1) counts as the caller's
spot check (a town secretary) or inspection (the city office). The ``oversight-check`` job alerts
the city office about every town, the city office itself, or unit whose period ended without its duty.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from typing import Any

from sqlalchemy import or_, select

from app import clock
from app.alerts.service import emit
from app.checkin.rules import checkin_message
from app.checkin.service import geo_fence
from app.errors import RuleViolation
from app.extensions import db
from app.org.models import Person, Posting, Town, Unit
from app.org.scope import visible_village
from app.org.service import city_admins
from app.oversight.models import OversightVisit, RollCall
from app.oversight.rules import DUTIES, KINDS_BY_ROLE, RULE_OF_KIND, Duty, Period, duty_status, periods
from app.policy import current_policy
from geofence import Fix, decide, to_wgs84

RECORDERS = tuple(KINDS_BY_ROLE)
DUTY_NAMES_ZH = {"town_spot_check": "镇（街道）月度抽查", "city_inspection": "市驻村办季度督查指导",
                 "unit_leader_visit": "派出单位领导半年调研指导", "unit_visit": "派出单位年度走访慰问"}


def record_visit(user: Person, data: dict[str, Any]) -> tuple[OversightVisit, tuple[str, str]]:
    """Record an oversight visit with its check-in decision; returns it and the message (Chinese, English)."""
    kind = data["kind"]
    if kind not in KINDS_BY_ROLE[user.role]:
        raise RuleViolation(RULE_OF_KIND[kind], "您的角色不能记录这类督导", f"your role does not record {kind}",
                            details={"reason": "KIND_NOT_YOURS", "kinds": list(KINDS_BY_ROLE[user.role])})
    village = visible_village(user, data["village_id"])  # out of scope: 404 (ORG-2)
    policy, now = current_policy(), clock.now()
    lat, lon = to_wgs84(data["lat"], data["lon"], data["coord_system"])
    fix = Fix(lat, lon, data["accuracy_m"], data["captured_at"], data["mock_location"])
    decision = decide(fix, [geo_fence(f) for f in village.fences] or None, None, now, policy)
    distance = None if decision.distance_m is None else round(decision.distance_m, 1)
    visit = OversightVisit(kind=kind, rule=RULE_OF_KIND[kind], by_id=user.id, village_id=village.id,
                           town_id=village.town_id if kind == "spot_check" else None,
                           unit_id=user.unit_id if user.role == "unit_viewer" else None,
                           day=clock.business_day(data["captured_at"]), captured_at=data["captured_at"],
                           recorded_at=now, status=decision.status, reason=decision.reason, distance_m=distance,
                           counts=decision.status == "accepted", note=data.get("note"))
    db.session.add(visit)
    db.session.flush()
    return visit, checkin_message(decision, village.name, policy)


def record_roll_call(call: RollCall, caller: Person) -> None:
    """INSPECT-2: a roll call is the town's spot check (its secretary's call) or the city's inspection."""
    kind = "spot_check" if caller.role == "town_secretary" else "inspection"
    db.session.add(OversightVisit(kind=kind, rule="INSPECT-2", by_id=caller.id, roll_call_id=call.id,
                                  town_id=caller.town_id if kind == "spot_check" else None,
                                  day=clock.business_day(call.called_at), recorded_at=call.called_at,
                                  status="accepted", counts=True))


def _subjects(user: Person | None, year: int) -> dict[str, list[tuple[int | None, str]]]:
    """Who owes duties in ``year`` as ``user`` may see them: towns, the city office, units with cadres posted."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    towns = select(Town.id, Town.name).order_by(Town.id)
    units = (select(Unit.id, Unit.name).where(Unit.id.in_(
        select(Person.unit_id).join(Posting, Posting.person_id == Person.id).where(
            Posting.start_date <= end, or_(Posting.end_date.is_(None), Posting.end_date >= start)))).order_by(Unit.id))
    role = user.role if user else "city_admin"
    if role == "town_secretary":
        towns, units = towns.where(Town.id == user.town_id), None
    elif role == "unit_viewer":
        towns, units = None, units.where(Unit.id == user.unit_id)
    return {"town": list(db.session.execute(towns)) if towns is not None else [],
            "unit": list(db.session.execute(units)) if units is not None else [],
            "city": [(None, "市驻村办")] if role == "city_admin" else []}


def _done(year: int) -> Counter:
    """Counting acts of ``year`` per (kind, town or unit, day)."""
    visit = OversightVisit
    rows = db.session.execute(select(visit.kind, visit.town_id, visit.unit_id, visit.day).where(
        visit.counts.is_(True), visit.day >= date(year, 1, 1), visit.day <= date(year, 12, 31)))
    return Counter((kind, town_id if kind == "spot_check" else unit_id, day) for kind, town_id, unit_id, day in rows)


def _count(done: Counter, duty: Duty, subject_id: int | None, period: Period) -> int:
    return sum(n for (kind, who, day), n in done.items() if kind in duty.kinds
               and (duty.subject == "city" or who == subject_id) and period.start <= day <= period.end)


def duty_board(user: Person | None, year: int, until: date | None = None) -> list[dict[str, Any]]:
    """INSPECT-2, VISIT-1: every duty of every period of ``year`` begun by ``until`` (default today), per
    subject: required, done and ``done``/``open``/``missing`` (missing: ended before ``until`` short of
    the count). A fixed number of queries, whatever the city's size."""
    today = until or clock.today()
    policy, subjects, done = current_policy(), _subjects(user, year), _done(year)
    rows: list[dict[str, Any]] = []
    for duty in DUTIES:
        required = getattr(policy, duty.policy_name)
        for period in periods(duty.period, year):
            if period.start > today:
                continue
            for subject_id, name in subjects[duty.subject]:
                count = _count(done, duty, subject_id, period)
                rows.append({"seq": len(rows), "duty": duty.name, "rule": duty.rule,
                             "subject": {"kind": duty.subject, "id": subject_id, "name": name},
                             "period": period.label, "start_date": period.start, "end_date": period.end,
                             "required": required, "done": count,
                             "status": duty_status(count, required, period, today)})
    return rows


def alert_missed_duties(day: date) -> dict[str, Any]:
    """The ``oversight-check`` job for ``day``: every period of ``day``'s year ended by ``day`` whose duty
    was not done alerts the city office, once per duty, subject and period (dedupe key)."""
    missing = [row for row in duty_board(None, day.year, day + timedelta(days=1)) if row["status"] == "missing"]
    admins = city_admins()
    for row in missing:
        subject = row["subject"]
        what = DUTY_NAMES_ZH[row["duty"]]
        emit("oversight_missed", None, admins, {"duty": row["duty"], "period": row["period"], "subject": subject,
                                                "required": row["required"], "done": row["done"]},
             f"{row['rule']}:{row['duty']}:{subject['id']}:{row['period']}", rule=row["rule"],
             title=f"{subject['name']}{row['period']}未完成{what}"[:200],
             body=f"{subject['name']}在{row['period']}（{row['start_date']}至{row['end_date']}）应完成{what}"
                  f"{row['required']}次，实际{row['done']}次。")
    return {"job": "oversight-check", "date": day.isoformat(), "missing": len(missing)}

