"""Lists load their references in a fixed number of statements (no N+1), every list of the API.

Each list endpoint of the served OpenAPI document is called through HTTP at 5 and at 50 items
and the SQL statements it runs are counted (``before_cursor_execute`` on the engine): the counts
must be equal. Every item refers to other records than its neighbours (its own cadre, village,
town, unit, approver, commenter), so a reference loaded one row at a time would cost a statement
per item — the identity map cannot hide it. A new list endpoint must be added to ``CASES``, or
``test_every_list_endpoint_of_the_api_is_counted`` fails.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import pytest
from sqlalchemy import event, select

from app import clock
from app.alerts.models import Alert, Delivery, DeliveryAttempt
from app.checkin.models import Checkin
from app.corrections.models import Correction, CorrectionStep
from app.duty.models import DutyAssignment, DutyChange
from app.extensions import db
from app.jobstate import JobWatermark
from app.leave.models import LeaveRequest, LeaveStep
from app.org.models import Handover, Posting, Village
from app.oversight.models import OversightVisit, RollCall, RollCallPerson
from app.recall.grades import AnnualResultChange
from app.recall.models import AnnualResult, RecallCase, UnitYearFlag
from app.reports.models import WorkReport
from app.uploads.models import Upload
from app.worklog.missed import MissedLog
from app.worklog.models import WorkLog, WorkLogComment, WorkLogVersion
from tests.orgdata import V1_GCJ

SMALL, LARGE = 5, 50
NOW = "2026-03-10T12:00:00+08:00"  # a Tuesday; postings start on 1 January
DAY = date(2026, 3, 9)  # the day the records are about
SATURDAY = date(2026, 3, 14)
FIRST_DAY = date(2026, 1, 1)


def crowd_org(n: int) -> dict:
    """``n`` towns, each with one village (a fence, types that need a fuller team), a leader and a
    member from the town's own unit, and a town secretary; one city admin."""
    cadre = {"phone": "13800000000", "party_member": True, "party_joined_on": "2010-07-01",
             "work_started_on": "2008-07-01", "source": "civil_servant"}
    doc: dict = {"towns": [], "units": [], "villages": [], "people": [], "postings": []}
    for i in range(n):
        doc["towns"].append({"key": f"t{i}", "name": f"第{i}镇", "wecom_webhook": None})
        doc["units"].append({"key": f"u{i}", "name": f"第{i}局"})
        doc["villages"].append({"key": f"v{i}", "town": f"t{i}", "name": f"第{i}村", "types": ["脱贫村"],
                                "fences": [{"kind": "circle", "center": [V1_GCJ[0] + i / 100, V1_GCJ[1]],
                                            "radius_m": 1000, "coord_system": "gcj02"}]})
        for key, role in ((f"c{i}", "leader"), (f"m{i}", "member")):
            doc["people"].append({"key": key, "name": f"{key}号", "role": role, "unit": f"u{i}",
                                  "town": f"t{i}", **cadre})
            doc["postings"].append({"person": key, "village": f"v{i}", "role": role,
                                    "start_date": FIRST_DAY.isoformat()})
        doc["people"].append({"key": f"s{i}", "name": f"{i}号书记", "role": "town_secretary",
                              "town": f"t{i}", "unit": None})
    doc["people"].append({"key": "admin", "name": "市驻村办", "role": "city_admin", "town": None, "unit": None})
    return doc


class Crowd:
    """The organisation of ``crowd_org``, grown in place, and the records the lists show."""

    def __init__(self, api, tmp_path):
        self.api, self.tmp_path = api, tmp_path

    def grow(self, n: int) -> None:
        self.api.import_org(crowd_org(n), self.tmp_path)

    def id(self, key: str) -> int:
        return self.api.person_id(key)

    def village(self, i: int) -> int:
        return self.api.village_id(f"v{i}")

    def add(self, make: Callable[[Crowd, int], list], start: int, end: int) -> None:
        """Store ``make(crowd, i)`` for items ``start`` … ``end`` − 1, in the test's app context."""
        with self.api.app.app_context():
            for i in range(start, end):
                db.session.add_all(make(self, i))
                db.session.commit()

    def statements(self, url: str, n: int) -> list[str]:
        """The SQL statements of ``GET url`` as the city admin (after a warm-up call), which lists ``n`` items."""
        caller = self.api.as_("admin")
        assert caller.get(url).status_code == 200
        with self.api.app.app_context():
            engine = db.engine
        with counting(engine) as statements:
            response = caller.get(url)
        assert response.status_code == 200, response.get_json()
        assert len(response.get_json()["items"]) == n, response.get_json()
        return statements


@contextmanager
def counting(engine):
    statements: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


def _at(day: date, hour: int = 9) -> datetime:
    return clock.at_local(day, time(hour))


# --- one item of each list, referring to the i-th town's records ----------------------------------

def checkin(c: Crowd, i: int) -> list:
    lat, lon = V1_GCJ
    return [Checkin(person_id=c.id(f"c{i}"), idempotency_key=f"k{i}", request_hash="0" * 64, day=DAY,
                    captured_at=_at(DAY), received_at=_at(DAY), status="accepted", reason=None, message="打卡成功",
                    message_en="checked in", distance_m=0.0, village_id=c.village(i), lat=lat, lon=lon,
                    coord_system="gcj02", lat_wgs84=lat, lon_wgs84=lon, accuracy_m=20.0)]


def missed_log(c: Crowd, i: int) -> list:
    return [MissedLog(person_id=c.id(f"c{i}"), day=DAY, status="open", rectify_by=DAY + timedelta(days=3),
                      opened_at=_at(DAY + timedelta(days=1), 0))]


def recall_case(c: Crowd, i: int) -> list:
    return [RecallCase(person_id=c.id(f"c{i}"), rule="ATT-4", year=2026, status="dismissed",
                       evidence={"absent_days": 31}, opened_at=_at(DAY), decided_by_id=c.id("admin"),
                       decided_at=_at(DAY, 10), reason="经核实系病假")]


def graded(c: Crowd, i: int) -> list:
    """ASSESS-1: town i's two cadres graded (recorded by a person of their own, so a grader loaded
    row by row would show), the leader with a confirmed recall, the unit flagged."""
    case = RecallCase(person_id=c.id(f"c{i}"), rule="ATT-3", year=2026, status="confirmed", evidence={},
                      opened_at=_at(DAY), decided_by_id=c.id("admin"), decided_at=_at(DAY, 10), reason="属实")
    return [case, *(AnnualResult(person_id=c.id(key), year=2026, grade="不称职", source="city_office",
                                 recorded_at=_at(DAY, 11), recorded_by_id=c.id(f"s{i}"), comment="—")
                    for key in (f"c{i}", f"m{i}")),
            AnnualResultChange(person_id=c.id(f"m{i}"), year=2026, grade="不称职", source="city_office",
                               recorded_at=_at(DAY, 11), recorded_by_id=c.id("admin")),
            UnitYearFlag(unit_id=c.api.ids["units"][f"u{i}"], year=2026, case=case, note="通报批评")]


def unit_flag(c: Crowd, i: int) -> list:
    """RECALL-2: unit u0 flagged once per recalled cadre (each its own case and person)."""
    case = RecallCase(person_id=c.id(f"c{i}"), rule="ATT-3", year=2026, status="confirmed", evidence={},
                      opened_at=_at(DAY), decided_by_id=c.id("admin"), decided_at=_at(DAY, 10), reason="属实")
    return [case, UnitYearFlag(unit_id=c.api.ids["units"]["u0"], year=2026, case=case, note="通报批评")]


def alert(c: Crowd, i: int) -> list:
    return [Alert(kind="absence_streak", rule="ATT-3", dedupe_key=f"streak:{i}", recipient_id=c.id("admin"),
                  subject_id=c.id(f"c{i}"), title=f"c{i}号连续缺勤7天", body="请核实", payload={},
                  created_at=_at(DAY))]


def delivery(c: Crowd, i: int) -> list:
    row = Delivery(dedupe_key=f"streak:{i}", kind="absence_streak", channel="webhook", target="webhook",
                   subject_id=c.id(f"c{i}"), message={"title": "连续缺勤"}, status="failed", attempts=1,
                   next_attempt_at=_at(DAY), created_at=_at(DAY), failed_at=_at(DAY))
    return [row, DeliveryAttempt(delivery=row, number=1, started_at=_at(DAY), finished_at=_at(DAY),
                                 outcome="failed", status_code=404)]


def work_log(c: Crowd, i: int) -> list:
    log = WorkLog(person_id=c.id(f"c{i}"), day=DAY, content="入户走访", photo_ids=[], first_written_at=_at(DAY, 20),
                  late=False, written_at=_at(DAY, 20), version=1)
    return [log, WorkLogComment(log=log, author_id=c.id(f"s{i}"), author_role="town_secretary", body="已阅",
                                created_at=_at(DAY, 21))]


def log_version(c: Crowd, i: int) -> list:
    """The ``i``-th writing of c0's log, each by another author (a version names its author)."""
    log = None if i else WorkLog(person_id=c.id("c0"), day=DAY, content="v", photo_ids=[], late=False,
                                 first_written_at=_at(DAY, 20), written_at=_at(DAY, 20), version=1)
    version = WorkLogVersion(number=i + 1, author_id=c.id(f"c{i}"), written_at=_at(DAY, 20), late=False,
                             content=f"第{i}稿", photo_ids=[], changed=["content"])
    version.log = log or db.session.scalars(select(WorkLog).where(WorkLog.person_id == c.id("c0"))).one()
    return [version] + ([log] if log else [])


def _leave(c: Crowd, i: int, status: str, second: str) -> list:
    """A leader's leave over 3 days (LV-2): the town secretary, then the city office."""
    start, end = DAY - timedelta(days=10), DAY - timedelta(days=5)
    request = LeaveRequest(person_id=c.id(f"c{i}"), village_id=c.village(i), requester_role="leader", kind="leave",
                           start_date=start, end_date=end, days=6.0, reason="探亲", status=status,
                           covered_until=end, created_at=_at(start - timedelta(days=3)),
                           decided_at=_at(start - timedelta(days=1)) if status == "approved" else None)
    town = LeaveStep(request=request, position=1, role="town_secretary", approver_id=c.id(f"s{i}"),
                     status="approved", decided_at=_at(start - timedelta(days=2)), comment="同意")
    city = LeaveStep(request=request, position=2, role="city_admin", approver_id=c.id("admin"), status=second,
                     reassigned_from_id=c.id(f"m{i}"), reassigned_at=_at(start - timedelta(days=2)),
                     decided_at=_at(start - timedelta(days=1)) if second == "approved" else None)
    return [request, town, city]


def approved_leave(c: Crowd, i: int) -> list:
    """Approved and ended without a report back: the list asks whether it is overdue (LV-5)."""
    return _leave(c, i, "approved", "approved")


def _correction(c: Crowd, i: int, status: str, second: str) -> list:
    """A correction of DAY (CHK-9) with a refused attempt and a photo; two steps by other approvers."""
    photo = Upload(owner_id=c.id(f"c{i}"), path=f"2026/03/p{i}.jpg", content_type="image/jpeg", size_bytes=1,
                   width=1, height=1, sha256="0" * 64, created_at=_at(DAY), attached_at=_at(DAY))
    correction = Correction(person_id=c.id(f"c{i}"), village_id=c.village(i), requester_role="leader", day=DAY,
                            reason="信号弱", photo=photo, status=status, created_at=_at(DAY, 18))
    town = CorrectionStep(request=correction, position=1, role="town_secretary", approver_id=c.id(f"s{i}"),
                          status="approved", decided_at=_at(DAY, 19), comment="同意")
    city = CorrectionStep(request=correction, position=2, role="city_admin", approver_id=c.id("admin"),
                          status=second, reassigned_from_id=c.id(f"m{i}"), reassigned_at=_at(DAY, 19))
    attempt = checkin(c, i)[0]
    attempt.status, attempt.reason, attempt.accuracy_m = "rejected", "LOW_ACCURACY", 900.0
    return [photo, correction, town, city, attempt]


def approved_correction(c: Crowd, i: int) -> list:
    return _correction(c, i, "approved", "approved")


def pending_approval(c: Crowd, i: int) -> list:
    """The approver's queue holds leave requests and corrections (CHK-9) alike: every other item."""
    return _leave(c, i, "pending", "pending") if i % 2 else _correction(c, i, "pending", "pending")


def duty(c: Crowd, i: int) -> list:
    return [DutyAssignment(village_id=c.village(i), day=SATURDAY, person_id=c.id(f"c{i}"), created_at=_at(DAY))]


def duty_change(c: Crowd, i: int) -> list:
    return [DutyChange(village_id=c.village(0), day=SATURDAY, kind="swapped", person_id=c.id(f"c{i}"),
                       previous_person_id=c.id(f"m{i}"), reason="调换", changed_by_id=c.id(f"s{i}"),
                       changed_at=_at(DAY))]


def roll_call(c: Crowd, i: int) -> list:
    """The i-th town's secretary calls its two cadres (INSPECT-1): each row names its own person and village."""
    at = _at(DAY)
    call = RollCall(caller_id=c.id(f"s{i}"), town_id=None, drawn=False, called_at=at,
                    answer_by=at + timedelta(minutes=30), closed_at=at + timedelta(minutes=31))
    town = db.session.get(Village, c.village(i)).town_id
    return [call] + [RollCallPerson(roll_call=call, person_id=c.id(key), village_id=c.village(i), town_id=town,
                                    called_at=at, answer_by=call.answer_by, in_window=False, status="silent")
                     for key in (f"c{i}", f"m{i}")]


def ending_posting(c: Crowd, i: int) -> list:
    """c{i}'s term ends in a month, handed over to m{i} (ORG-5): each names its own people, village, town."""
    leaving, successor = (db.session.scalars(select(Posting).where(Posting.person_id == c.id(key))).one()
                          for key in (f"c{i}", f"m{i}"))
    leaving.planned_end_date = leaving.end_date = DAY + timedelta(days=30)
    return [leaving, Handover(leaving=leaving, successor=successor, start_date=DAY, end_date=leaving.end_date,
                              working_days=22, reason=None)]


def spot_check(c: Crowd, i: int) -> list:
    """The i-th town's secretary did March's spot check (INSPECT-2): the board's row per town."""
    town = db.session.get(Village, c.village(i)).town_id
    return [OversightVisit(kind="spot_check", rule="INSPECT-2", by_id=c.id(f"s{i}"), town_id=town,
                           village_id=c.village(i), day=DAY, captured_at=_at(DAY), recorded_at=_at(DAY),
                           status="accepted", counts=True)]


def closed_day(c: Crowd, i: int) -> list:
    """Day ``i`` of the year closed (the watermark moves on); the days list of c0 shows each."""
    mark = db.session.get(JobWatermark, "day-close") or JobWatermark(job="day-close")
    mark.last_date, mark.updated_at = FIRST_DAY + timedelta(days=i), clock.now()
    return [mark]


def today_records(c: Crowd, i: int) -> list:
    """VIEW-1: today's accepted and rejected check-ins, a log and a duty of the i-th town."""
    today = clock.today()
    accepted, refused = checkin(c, i)[0], checkin(c, i)[0]
    accepted.day, accepted.captured_at, accepted.idempotency_key = today, _at(today), f"t{i}"
    refused.person_id, refused.day, refused.captured_at = c.id(f"m{i}"), today, _at(today)
    refused.idempotency_key = f"r{i}"
    refused.status, refused.reason = "rejected", "OUTSIDE_FENCE"
    log = WorkLog(person_id=c.id(f"c{i}"), day=today, content="入户走访", photo_ids=[], first_written_at=_at(today, 10),
                  late=False, written_at=_at(today, 10), version=1)
    return [accepted, refused, log, DutyAssignment(village_id=c.village(i), day=today, person_id=c.id(f"m{i}"),
                                                   created_at=_at(DAY))]


def period_records(c: Crowd, i: int) -> list:
    """VIEW-2: a missed log and an open recall case of the i-th town's leader."""
    case = recall_case(c, i)[0]
    case.status, case.decided_by_id, case.decided_at, case.reason = "open", None, None, None
    return [*missed_log(c, i), case]


def work_report(c: Crowd, i: int) -> list:
    """REPORT-1: each village's January report to the town, by its own leader."""
    return [WorkReport(village_id=c.village(i), to_level="town", period="2026-01", year=2026, content="一月工作",
                       attachment_ids=[], author_id=c.id(f"c{i}"), submitted_at=_at(date(2026, 2, 3)), late=False)]


def nothing(c: Crowd, i: int) -> list:
    """The organisation itself is the list (villages, people, the composition report)."""
    return []


@dataclass(frozen=True)
class Case:
    path: str  # as in the OpenAPI document
    url: Callable[[Crowd, int], str]
    make: Callable[[Crowd, int], list]


CASES = [
    Case("/api/v1/villages", lambda c, n: "/villages", nothing),
    Case("/api/v1/people", lambda c, n: "/people?role=leader", nothing),
    Case("/api/v1/admin/composition", lambda c, n: "/admin/composition", nothing),
    Case("/api/v1/attendance/days",
         lambda c, n: f"/attendance/days?person_id={c.id('c0')}&from={FIRST_DAY}&to=2026-12-31", closed_day),
    Case("/api/v1/missed-logs", lambda c, n: "/missed-logs", missed_log),
    Case("/api/v1/recall-cases", lambda c, n: "/recall-cases", recall_case),
    Case("/api/v1/alerts", lambda c, n: "/alerts", alert),
    Case("/api/v1/admin/deliveries", lambda c, n: "/admin/deliveries", delivery),
    Case("/api/v1/logs", lambda c, n: "/logs", work_log),
    Case("/api/v1/logs/{person_id}/{day}/versions", lambda c, n: f"/logs/{c.id('c0')}/{DAY}/versions", log_version),
    Case("/api/v1/leave-requests", lambda c, n: "/leave-requests", approved_leave),
    Case("/api/v1/approvals/pending", lambda c, n: "/approvals/pending", pending_approval),
    Case("/api/v1/corrections", lambda c, n: "/corrections", approved_correction),
    Case("/api/v1/checkins", lambda c, n: f"/checkins?from={DAY}&to={DAY}", checkin),
    Case("/api/v1/roster", lambda c, n: f"/roster?from={SATURDAY}&to={SATURDAY}", duty),
    Case("/api/v1/postings/ending", lambda c, n: "/postings/ending", ending_posting),
    Case("/api/v1/oversight/duties",
         lambda c, n: "/oversight/duties?duty=town_spot_check&period=2026-03&limit=500", spot_check),
    Case("/api/v1/roll-calls", lambda c, n: "/roll-calls", roll_call),
    Case("/api/v1/roster/changes", lambda c, n: f"/roster/changes?village_id={c.village(0)}", duty_change),
    # Boards hold two cadres a town and page them: ``limit`` shows n of the 2n, all 2n are counted.
    Case("/api/v1/boards/today", lambda c, n: f"/boards/today?limit={n}", today_records),
    Case("/api/v1/boards/period", lambda c, n: f"/boards/period?year=2026&sort=risk&limit={n}", period_records),
    Case("/api/v1/assessments", lambda c, n: f"/assessments?year=2026&limit={n}", graded),
    Case("/api/v1/units/{unit_id}/flags", lambda c, n: f"/units/{c.api.ids['units']['u0']}/flags", unit_flag),
    Case("/api/v1/work-reports", lambda c, n: "/work-reports?period=2026-01", work_report),
]


@pytest.fixture
def crowd(api, tmp_path, travel):
    travel(NOW)
    return Crowd(api, tmp_path)


def test_every_list_endpoint_of_the_api_is_counted(client):
    spec = client.get("/api/openapi.json").get_json()
    lists = set()
    for path, item in spec["paths"].items():
        ref = item.get("get", {}).get("responses", {}).get("200", {}).get("content", {}) \
            .get("application/json", {}).get("schema", {}).get("$ref", "")
        schema = spec["components"]["schemas"].get(ref.rsplit("/", 1)[-1], {})
        if {"items", "next_cursor"} <= set(schema.get("properties", {})):  # boards add totals beside them
            lists.add(path)
    assert lists == {case.path for case in CASES}


@pytest.mark.parametrize("case", CASES, ids=[case.path.removeprefix("/api/v1/") for case in CASES])
def test_list_loads_its_references_in_a_fixed_number_of_statements(crowd, case):
    crowd.grow(SMALL)
    crowd.add(case.make, 0, SMALL)
    few = crowd.statements(case.url(crowd, SMALL), SMALL)
    crowd.grow(LARGE)
    crowd.add(case.make, SMALL, LARGE)
    many = crowd.statements(case.url(crowd, LARGE), LARGE)
    extra = [s for s in many if s not in few] or many[len(few):]
    assert len(many) == len(few), f"{len(few)} statements for {SMALL} items, {len(many)} for {LARGE}: {extra[:3]}"
