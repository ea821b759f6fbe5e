"""A small believable demo city for ``seed-demo``: 高家堡镇 in 神木市 with two villages.

Fences are entered as they would be from a Tencent/Amap map (GCJ-02) and a surveyed boundary
(WGS-84). The teams were posted six weeks before the first seeding and have a history: check-ins
on most working days, daily logs (a few written late), one approved leave and one cadre who has
stayed away for four working days — so the day close, the alerts and the secretary's view have
something true to show. Seeding again keeps the posting date and the history (it only refreshes
the organisation and hands out fresh invite codes).
"""

from __future__ import annotations

import hashlib
from datetime import date, time, timedelta

from sqlalchemy import select

from app import clock
from app.calendar.service import calendar_day
from app.checkin.models import Checkin
from app.extensions import db
from app.leave.models import LeaveRequest, LeaveStep
from app.org.models import Person, Posting
from app.worklog.models import WorkLog, WorkLogVersion
from geofence.coords import wgs84_to

HISTORY_DAYS = 45
AWAY = "demo-member-4"  # 孙浩: four working days away, ending a week ago (ATT-3 alerts the town)
ON_LEAVE = "demo-member-2"  # 刘强: three days of approved leave, three weeks ago
LOG_TEXTS = ("入户走访脱贫户，核实家庭收入和帮扶措施落实情况", "参加村两委会议，研究集体经济项目",
             "协调农技员到村指导大棚种植", "整理村级档案，更新防返贫监测台账", "调解邻里宅基地纠纷，做好记录",
             "组织党员学习，开展主题党日活动")


def demo_start() -> date:
    """The demo teams' posting date: kept from the first seeding, else six weeks ago."""
    existing = db.session.scalar(select(Posting.start_date).join(Person, Person.id == Posting.person_id)
                                 .where(Person.key == "demo-leader-1").order_by(Posting.start_date))
    return existing or clock.today() - timedelta(days=HISTORY_DAYS)


def demo_document() -> dict:
    year_start = demo_start().isoformat()

    def cadre(key, name, phone, role, unit, source="civil_servant", party=True, joined="2010-07-01"):
        return {"key": key, "name": name, "phone": phone, "role": role, "unit": unit, "town": None,
                "party_member": party, "party_joined_on": joined if party else None,
                "work_started_on": "2008-07-01", "source": source}

    return {
        "towns": [{"key": "gjb", "name": "高家堡镇", "wecom_webhook": None}],
        "units": [{"key": "czj", "name": "神木市财政局"}, {"key": "nyj", "name": "神木市农业农村局"},
                  {"key": "gdj", "name": "国网神木市供电公司"}],
        "villages": [
            {"key": "shimao", "town": "gjb", "name": "石峁村", "types": ["脱贫村", "乡村振兴示范村"],
             "fences": [{"kind": "circle", "center": [38.5652, 110.2935], "radius_m": 1500,
                         "coord_system": "gcj02"}]},
            {"key": "gaojiabao", "town": "gjb", "name": "高家堡村", "types": ["易地扶贫搬迁安置村"],
             "fences": [
                 {"kind": "polygon", "coord_system": "wgs84",
                  "points": [[38.6012, 110.2981], [38.6030, 110.3120], [38.5931, 110.3165],
                             [38.5885, 110.3042], [38.5929, 110.2957]]},
                 {"kind": "circle", "center": [38.5978, 110.3251], "radius_m": 400, "coord_system": "gcj02"},
             ]},
        ],
        "people": [
            cadre("demo-leader-1", "王建国", "13891200001", "leader", "czj", joined="2005-06-01"),
            cadre("demo-member-1", "李娜", "13891200002", "member", "czj"),
            cadre("demo-member-2", "刘强", "13891200003", "member", "nyj", source="institution", party=False),
            cadre("demo-leader-2", "张海峰", "13891200004", "leader", "nyj", joined="2008-07-01"),
            cadre("demo-member-3", "赵敏", "13891200005", "member", "gdj", source="soe"),
            cadre("demo-member-4", "孙浩", "13891200006", "member", "gdj", source="soe"),
            {"key": "demo-secretary", "name": "陈志刚", "phone": "13891200007", "role": "town_secretary",
             "town": "gjb", "unit": None, "party_member": True, "party_joined_on": "1998-07-01",
             "work_started_on": "1995-07-01", "source": "civil_servant"},
            {"key": "demo-admin", "name": "市驻村办", "phone": "13891200008", "role": "city_admin",
             "town": None, "unit": None, "party_member": True, "party_joined_on": "2000-07-01",
             "work_started_on": "1998-07-01", "source": "civil_servant"},
        ],
        "postings": [
            {"person": "demo-leader-1", "village": "shimao", "role": "leader", "start_date": year_start},
            {"person": "demo-member-1", "village": "shimao", "role": "member", "start_date": year_start},
            {"person": "demo-member-2", "village": "shimao", "role": "member", "start_date": year_start},
            {"person": "demo-leader-2", "village": "gaojiabao", "role": "leader", "start_date": year_start},
            {"person": "demo-member-3", "village": "gaojiabao", "role": "member", "start_date": year_start},
            {"person": "demo-member-4", "village": "gaojiabao", "role": "member", "start_date": year_start},
        ],
    }


def _chance(*parts: object) -> int:
    """A stable pseudo-random number 0–99 for the same inputs (the demo is the same every time)."""
    return hashlib.sha256("|".join(map(str, parts)).encode()).digest()[0] * 100 // 256


def seed_history() -> int:
    """Give the demo cadres their past (once): check-ins, logs, a leave and an absence. Returns days."""
    cadres = list(db.session.scalars(select(Person).where(Person.key.like("demo-%"),
                                                          Person.role.in_(("leader", "member")))))
    if not cadres or db.session.scalar(select(Checkin.id).where(Checkin.person_id.in_([c.id for c in cadres]))):
        return 0
    start, today = demo_start(), clock.today()
    for person in db.session.scalars(select(Person).where(Person.key.like("demo-%"))):
        person.created_at = min(person.created_at, clock.at_local(start, time(8, 0)))  # recorded when posted
    days = [start + timedelta(days=i) for i in range((today - start).days)]

    workdays = [d for d in days if calendar_day(d).working]
    away = set(workdays[-9:-5])
    leave = workdays[-16:-13]
    for cadre in cadres:
        if cadre.key == ON_LEAVE:
            _approved_leave(cadre, leave[0], leave[-1])
        for day in workdays:
            if (cadre.key == AWAY and day in away) or (cadre.key == ON_LEAVE and day in leave):
                continue
            if _chance(cadre.key, day) < 2:  # an occasional day without a check-in
                continue
            _checkin(cadre, day)
            if _chance("log", cadre.key, day) < 98:
                late = _chance("late", cadre.key, day) < 5
                _log(cadre, day, late)
    db.session.flush()
    return len(days)


def _checkin(cadre: Person, day: date) -> None:
    posting = cadre.current_posting(day)
    fence = next((f for f in posting.village.fences if f.kind == "circle"), posting.village.fences[0])
    lat, lon = (fence.center_lat, fence.center_lon) if fence.kind == "circle" else fence.points[0]
    g_lat, g_lon = wgs84_to(lat, lon, "gcj02")
    at = clock.at_local(day, time(8, 10 + _chance("t", cadre.key, day) // 3))
    db.session.add(Checkin(person_id=cadre.id, idempotency_key=f"demo-{day.isoformat()}", request_hash="demo",
                           day=day, captured_at=at, received_at=at, status="accepted", reason=None,
                           message=f"{posting.village.name}打卡成功", message_en="checked in", distance_m=0.0,
                           village_id=posting.village_id, lat=g_lat, lon=g_lon, coord_system="gcj02",
                           lat_wgs84=lat, lon_wgs84=lon, accuracy_m=15.0, mock_location=False, device_id="demo"))


def _log(cadre: Person, day: date, late: bool) -> None:
    written = clock.at_local(day + timedelta(days=1 if late else 0), time(10 if late else 20, 30))
    text = LOG_TEXTS[_chance("text", cadre.key, day) % len(LOG_TEXTS)]
    log = WorkLog(person_id=cadre.id, day=day, content=text, category=None, photo_ids=[], first_written_at=written,
                  late=late, written_at=written, version=1)
    log.versions.append(WorkLogVersion(number=1, author_id=cadre.id, written_at=written, late=late, content=text,
                                       category=None, photo_ids=[], changed=["content"]))
    db.session.add(log)


def _approved_leave(cadre: Person, first: date, last: date) -> None:
    posting = cadre.current_posting(first)
    leader = db.session.scalar(select(Person).where(Person.key == "demo-leader-1"))
    asked = clock.at_local(first - timedelta(days=2), time(9, 0))
    request = LeaveRequest(person_id=cadre.id, village_id=posting.village_id, requester_role="member",
                           kind="leave", start_date=first, end_date=last, days=float((last - first).days + 1),
                           reason="家中老人住院陪护", status="approved", covered_until=last, created_at=asked,
                           decided_at=asked + timedelta(hours=2))
    request.steps.append(LeaveStep(position=1, role="leader", approver_id=leader.id, status="approved",
                                   decided_at=asked + timedelta(hours=2), comment="同意，注意安全"))
    db.session.add(request)
