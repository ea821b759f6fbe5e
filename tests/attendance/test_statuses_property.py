"""RULES.md §2: every status the day close stores in SQL (``sources.evaluate``) is ``rules.day_status``.

Hypothesis draws small worlds — the three cadres of one village over one to six days around the
holidays and 调休 make-up days of 2026 (the built-in calendar, or an override the city office
enters), postings that start and end inside them, check-ins accepted and rejected (several a day,
at any minute of the day), leave and trips approved or not (half days, reported back early), duty
days, and one or two check-ins required a day. Each world is built on a database of its own — the
organisation, the calendar and the check-ins through the API, approvals and duties as rows of their
models — the day close runs through ``jobs run day-close``, some check-ins of the last days arrive
after it (offline phones: the closed day is re-evaluated, ATT-5), and every day of
``GET /attendance/days`` must be what ``rules.day_status`` says of the same world, written as plain
data here (the calendar from chinese-calendar or the override itself, not from the app).

Derandomized, no example database, a bounded number of examples (``STATUS_EXAMPLES``, default 20);
``STATUS_EXAMPLES=300`` digs deeper by hand. A failure shrinks to a small world (that can take minutes).
"""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass
from datetime import UTC, date, time, timedelta

import chinese_calendar
import time_machine
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app import clock
from app.attendance import rules
from app.duty.models import DutyAssignment
from app.extensions import db
from app.leave.models import LeaveRequest
from app.leave.rules import covered_until
from tests.attendance.scenario import close
from tests.orgdata import V1_GCJ, V2_WGS, standard_org

EXAMPLES = int(os.environ.get("STATUS_EXAMPLES", "20"))
CADRES = {"l1": "leader", "m1a": "member", "m1b": "member"}
# Windows of 2026 around 春节 with its two make-up Saturdays, 清明, 劳动节, a make-up Sunday and 国庆.
ANCHORS = tuple(date.fromisoformat(d) for d in (
    "2026-02-12", "2026-02-26", "2026-04-03", "2026-04-29", "2026-05-07", "2026-09-18", "2026-10-08"))
FIXED_HOLIDAYS = frozenset(date.fromisoformat(d) for d in (
    "2026-01-01", "2026-05-01", "2026-10-01", "2026-10-02", "2026-10-03"))
# How a check-in is made (coordinates in GCJ-02, accuracy in metres, mock flag); only "inside" is accepted.
FIXES = {"inside": (V1_GCJ, 20.0, False), "weak_gps": (V1_GCJ, 500.0, False),
         "elsewhere": (V2_WGS, 20.0, False), "mock": (V1_GCJ, 20.0, True)}


@dataclass(frozen=True)
class Fix:
    day: date
    how: str
    minute: int  # of the day, Asia/Shanghai
    synced_late: bool  # sent after the day close (offline, CHK-6): the close re-evaluates the day (ATT-5)


@dataclass(frozen=True)
class Approval:
    kind: str  # leave | trip
    start: date
    end: date
    half_day: str | None
    status: str
    reported_back_on: date | None


@dataclass(frozen=True)
class Cadre:
    start: date
    end: date | None
    fixes: tuple[Fix, ...]
    approvals: tuple[Approval, ...]
    duties: frozenset[date]

    def posted(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)

    def accepted(self, fix: Fix) -> bool:
        """CHK-3: inside the fence, accurate, not mocked — and posted that day, or NOT_POSTED."""
        return fix.how == "inside" and self.posted(fix.day)


@dataclass(frozen=True)
class World:
    days: tuple[date, ...]
    required: int  # checkins_required_per_day
    override: tuple[frozenset[date], frozenset[date]] | None  # (holidays, make-up workdays)
    cadres: dict[str, Cadre]

    def working(self, day: date) -> bool:
        """The official calendar with 调休 (DUTY-4): the city office's override, else chinese-calendar."""
        if self.override is None:
            return chinese_calendar.is_workday(day)
        holidays, workdays = self.override
        return not (day in holidays or (day.weekday() >= 5 and day not in workdays))


def expected(world: World, cadre: Cadre, day: date) -> dict:
    """§2 for one cadre and day, from the world as plain data."""
    if not cadre.posted(day):
        return {"status": rules.NOT_POSTED, "on_duty": False}
    covering = {a.kind for a in cadre.approvals if a.status == "approved" and a.start <= day <= a.end
                and (a.reported_back_on is None or day < a.reported_back_on)}  # LV-5: back at post from then on
    approved = "trip" if "trip" in covering else "leave" if covering else None
    status = rules.day_status(posted=True, accepted_checkins=sum(
        1 for f in cadre.fixes if f.day == day and cadre.accepted(f)), checkins_required=world.required,
        approved=approved, working_day=world.working(day), on_duty=day in cadre.duties)
    return {"status": status, "on_duty": day in cadre.duties}


# --- the worlds ----------------------------------------------------------------------------------

def approvals(days: tuple[date, ...]) -> st.SearchStrategy[Approval]:
    @st.composite
    def one(draw) -> Approval:
        start = draw(st.sampled_from(days))
        end = draw(st.sampled_from([d for d in days if d >= start]))
        status = draw(st.sampled_from(["approved", "approved", "approved", "pending", "rejected", "cancelled"]))
        back = None
        if status == "approved" and draw(st.booleans()):
            back = draw(st.sampled_from([d for d in days if start <= d <= end]))
        return Approval(draw(st.sampled_from(["leave", "trip"])), start, end,
                        draw(st.sampled_from([None, "am", "pm"])) if start == end else None, status, back)

    return one()


def cadres(days: tuple[date, ...]) -> st.SearchStrategy[Cadre]:
    @st.composite
    def one(draw) -> Cadre:
        start = draw(st.sampled_from((days[0] - timedelta(days=2), days[0], days[0]) + days))
        end = draw(st.one_of(st.none(), st.none(), st.sampled_from([d for d in days if d >= start])))
        fixes = draw(st.lists(st.builds(Fix, st.sampled_from(days), st.sampled_from(list(FIXES)),
                                        st.integers(0, 24 * 60 - 1), st.booleans()), max_size=3 * len(days)))
        return Cadre(start, end, tuple(fixes), tuple(draw(st.lists(approvals(days), max_size=2))),
                     frozenset(draw(st.sets(st.sampled_from(days)))))

    return one()


@st.composite
def worlds(draw) -> World:
    first = draw(st.sampled_from(ANCHORS))
    days = tuple(first + timedelta(days=i) for i in range(draw(st.integers(1, 6))))
    override = None
    if draw(st.booleans()):
        weekend = [d for d in days if d.weekday() >= 5]
        holidays = draw(st.sets(st.sampled_from(days)))
        workdays = draw(st.sets(st.sampled_from(weekend))) - holidays if weekend else set()
        override = (frozenset(holidays | FIXED_HOLIDAYS), frozenset(workdays))
    return World(days, draw(st.sampled_from([1, 2])), override, {key: draw(cadres(days)) for key in CADRES})


# --- building a world through the API and the models ---------------------------------------------

def at(day: date, moment: time):
    """Travel to ``moment`` on ``day`` (Asia/Shanghai), the clock ticking from there."""
    return time_machine.travel(clock.at_local(day, moment).astimezone(UTC), tick=True)


def organisation(world: World) -> dict:
    doc = standard_org()
    doc["villages"] = [v for v in doc["villages"] if v["key"] == "v1"]
    doc["people"] = [p for p in doc["people"] if p["key"] in {*CADRES, "sec1", "admin"}]
    doc["postings"] = [{"person": key, "village": "v1", "role": role, "start_date": world.cadres[key].start.isoformat(),
                        "end_date": world.cadres[key].end and world.cadres[key].end.isoformat()}
                       for key, role in CADRES.items()]
    return doc


def store_rows(api, world: World) -> None:
    """Approvals and duties as the leave flow and the roster leave them."""
    village = api.village_id("v1")
    with api.app.app_context():
        for key, cadre in world.cadres.items():
            person = api.person_id(key)
            for a in cadre.approvals:
                db.session.add(LeaveRequest(
                    person_id=person, village_id=village, requester_role=CADRES[key], kind=a.kind,
                    trip_type="meeting" if a.kind == "trip" else None, start_date=a.start, end_date=a.end,
                    half_day=a.half_day, days=0.5 if a.half_day else (a.end - a.start).days + 1.0, reason="事由",
                    status=a.status, covered_until=covered_until(a.end, a.reported_back_on),
                    reported_back_on=a.reported_back_on, created_at=clock.now(),
                    decided_at=None if a.status == "pending" else clock.now()))
            db.session.add_all(DutyAssignment(village_id=village, day=day, person_id=person) for day in cadre.duties)
        db.session.commit()


def check_in(api, key: str, cadre: Cadre, fix: Fix) -> None:
    (lat, lon), accuracy, mock = FIXES[fix.how]
    captured = clock.at_local(fix.day, time(0)) + timedelta(minutes=fix.minute)
    answer = api.as_(key).post("/checkins", headers={"Idempotency-Key": str(uuid.uuid4())}, json={
        "lat": lat, "lon": lon, "coord_system": "gcj02", "accuracy_m": accuracy, "mock_location": mock,
        "captured_at": captured.isoformat()})
    assert answer.status_code == 201, answer.get_json()
    body = answer.get_json()
    assert (body["day"], body["status"] == "accepted") == (fix.day.isoformat(), cadre.accepted(fix)), (fix, body)


def synced_late(world: World, fix: Fix) -> bool:
    """Late sync only within the offline grace of the last two days (older ones would be TOO_LATE)."""
    return fix.synced_late and fix.day >= world.days[-1] - timedelta(days=1)


def send(api, world: World, day: date, late: bool) -> None:
    """The check-ins captured on ``day`` that are sent on time (or late), in capture order."""
    for key, cadre in world.cadres.items():
        for fix in sorted((f for f in cadre.fixes if f.day == day), key=lambda f: f.minute):
            if synced_late(world, fix) == late:
                check_in(api, key, cadre, fix)


def build(api, world: World, tmp) -> None:
    first, last = world.days[0], world.days[-1]
    with at(first - timedelta(days=1), time(12)):  # the cadres are recorded the day before (go-live)
        api.import_org(organisation(world), tmp)
        if world.override is not None:
            holidays, workdays = world.override
            stored = api.as_("admin").put("/admin/calendar/2026", json={
                "holidays": sorted(d.isoformat() for d in holidays),
                "workdays": sorted(d.isoformat() for d in workdays)})
            assert stored.status_code == 200, stored.get_json()
        store_rows(api, world)
    for day in world.days:  # each day's check-ins sent just after it ends
        with at(day + timedelta(days=1), time(0, 30)):
            send(api, world, day, late=False)
    with at(last + timedelta(days=1), time(1)):
        close(api.runner, last)
    with at(last + timedelta(days=1), time(1, 30)):  # offline phones come back: closed days re-evaluated
        for day in world.days:
            send(api, world, day, late=True)


def stored_days(api, world: World, key: str) -> dict[date, dict]:
    first, last = world.days[0], world.days[-1]
    with at(last + timedelta(days=1), time(2)):
        answer = api.as_("admin").get(f"/attendance/days?person_id={api.person_id(key)}&from={first}&to={last}")
    assert answer.status_code == 200, answer.get_json()
    return {date.fromisoformat(d["date"]): {"status": d["status"], "on_duty": d["on_duty"]}
            for d in answer.get_json()["items"]}


def test_s2_every_status_the_day_close_stores_is_rules_day_status(fresh_api, tmp_path):
    seen: set[str] = set()

    @settings(max_examples=EXAMPLES, derandomize=True, database=None, deadline=None, print_blob=True,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(world=worlds())
    def agree(world: World):
        policy = {"POLICY_OVERRIDES": {"checkins_required_per_day": world.required}}
        with fresh_api(policy) as api:
            build(api, world, tmp_path)
            for key, cadre in world.cadres.items():
                want = {day: expected(world, cadre, day) for day in world.days}
                assert stored_days(api, world, key) == want, key
                seen.update(w["status"] for w in want.values())
        seen.update({"override" if world.override else "builtin", f"required={world.required}"})
        if any(synced_late(world, f) and c.accepted(f) for c in world.cadres.values() for f in c.fixes):
            seen.add("accepted late")

    agree()
    # Not vacuous: the worlds drawn reached every status, both calendars, both policies, late data.
    assert seen >= {*rules.STATUSES, "override", "builtin", "required=1", "required=2", "accepted late"}, seen
