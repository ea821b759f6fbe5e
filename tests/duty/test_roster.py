"""DUTY-1/2/4: the roster job on the real 2026 calendar, fairness, idempotency, 2027, scope."""

from __future__ import annotations

from datetime import date, timedelta

from tests.duty.helpers import HOLIDAYS_2027, alerts, by_day, duty_counts, roster, run_job
from tests.helpers import assert_error
from tests.orgdata import standard_org

SPRING_FESTIVAL = [f"2026-02-{day}" for day in range(15, 24)]


def test_duty1_spring_festival_holiday_weekdays_get_duty_and_make_up_saturdays_do_not(org, travel):
    travel("2026-02-09T09:00:00+08:00")
    for monday in ("2026-02-09", "2026-02-16", "2026-02-23"):
        run_job(org, "roster", monday)
    days = by_day(roster(org, start="2026-02-09", end="2026-03-02"))
    assert sorted(days) == [*SPRING_FESTIVAL, "2026-03-01"]
    assert "2026-02-14" not in days and "2026-02-28" not in days  # 调休 Saturdays are working days
    team = {org.person_id(k) for k in ("l1", "m1a", "m1b")}
    assert all(len(people) == 1 and set(people) <= team for people in days.values())  # DUTY-1


def test_duty2_counts_differ_by_at_most_one_over_a_quarter(org, travel):
    monday = date(2026, 1, 5)
    while monday < date(2026, 4, 1):
        travel(f"{monday.isoformat()}T01:00:00+08:00")
        run_job(org, "roster", monday.isoformat())
        monday += timedelta(days=7)
    for village in ("v1", "v2", "v3"):
        items = roster(org, village=village, start="2026-01-05", end="2026-03-31")
        counts = duty_counts(items)
        assert len(counts) == 3 and max(counts.values()) - min(counts.values()) <= 1, counts
        assert len(by_day(items)) == len(items)  # one cadre a day (duty_min_cadres = 1)


def test_duty2_rerun_changes_nothing(org, travel):
    travel("2026-02-09T09:00:00+08:00")
    first = run_job(org, "roster", "2026-02-09")
    assert first["assigned"] == 3 * 2  # three teams × 2/15, 2/16 (2/14 is a make-up workday)
    before = roster(org, village=None)
    assigned_alerts = len(alerts(org, "duty_assigned"))
    again = run_job(org, "roster", "2026-02-09")
    assert (again["assigned"], again["repaired"], again["removed"]) == (0, 0, 0)
    assert roster(org, village=None) == before
    assert len(alerts(org, "duty_assigned")) == assigned_alerts


def test_duty2_assignees_are_told_personally(org, travel):
    travel("2026-03-02T09:00:00+08:00")
    run_job(org, "roster", "2026-03-02")
    saturday = by_day(roster(org, start="2026-03-07", end="2026-03-07"))["2026-03-07"][0]
    key = next(k for k, v in org.ids["people"].items() if v == saturday)
    mine = alerts(org, "duty_assigned", key)
    assert mine and all(a.subject_id == saturday and a.rule == "DUTY-2" for a in mine)
    assert any(a.payload["date"] == "2026-03-07" and "3月7日" in a.title for a in mine)


def test_duty2_roster_never_reaches_into_the_past(org, travel):
    travel("2026-03-10T09:00:00+08:00")
    summary = run_job(org, "roster", "2026-03-02")
    assert summary["from"] == "2026-03-10"
    assert sorted(by_day(roster(org))) == []  # 3/7 and 3/8 are over; nothing after until 3/14


def test_duty4_2027_is_rostered_on_the_provisional_calendar_then_on_the_entered_one(org, travel):
    travel("2026-12-28T09:00:00+08:00")
    summary = run_job(org, "roster", "2026-12-28")
    assert summary["provisional"] == [2027]
    assert sorted(by_day(roster(org, start="2026-12-28", end="2027-01-10"))) == [
        "2027-01-01", "2027-01-02", "2027-01-03"]  # 2026-12-28..31 are working days
    assert run_job(org, "roster", "2026-12-28")["assigned"] == 0  # published days are kept
    response = org.as_("admin").put("/admin/calendar/2027", json={"holidays": HOLIDAYS_2027, "workdays": []})
    assert response.status_code == 200
    assert run_job(org, "roster", "2026-12-28")["provisional"] == []
    assert sorted(by_day(roster(org, start="2026-12-28", end="2027-01-10"))) == [
        "2027-01-01", "2027-01-02", "2027-01-03"]


def test_duty4_calendar_correction_cancels_duties_on_new_working_days(org, travel):
    travel("2026-03-02T09:00:00+08:00")
    run_job(org, "roster", "2026-03-02")
    assert "2026-03-08" in by_day(roster(org))
    fixed = ["2026-01-01", "2026-05-01", "2026-05-02", "2026-10-01", "2026-10-02", "2026-10-03"]
    response = org.as_("admin").put("/admin/calendar/2026", json={"holidays": fixed, "workdays": ["2026-03-08"]})
    assert response.status_code == 200
    assert sorted(by_day(roster(org))) == ["2026-03-07"]
    changes = org.as_("l1").get(f"/roster/changes?village_id={org.village_id('v1')}").get_json()["items"]
    assert changes[0]["kind"] == "cancelled" and changes[0]["date"] == "2026-03-08"
    assert changes[0]["person"] is None and changes[0]["previous_person"] is not None


def test_duty1_day_nobody_can_cover_alerts_the_leader_and_town(org, travel, tmp_path):
    doc = standard_org()
    doc["villages"].append({"key": "v4", "town": "t1", "name": "新村", "types": [],
                            "fences": [{"kind": "circle", "center": [39.3, 110.3], "coord_system": "wgs84"}]})
    doc["villages"].append({"key": "v5", "town": "t1", "name": "空村", "types": [],  # no team: no roster
                            "fences": [{"kind": "circle", "center": [39.4, 110.3], "coord_system": "wgs84"}]})
    doc["people"].append({"key": "l4", "name": "何十二", "phone": "13800000000", "role": "leader", "unit": "u1",
                          "town": None, "party_member": True, "party_joined_on": "2010-07-01",
                          "work_started_on": "2008-07-01", "source": "civil_servant"})
    doc["postings"].append({"person": "l4", "village": "v4", "role": "leader", "start_date": "2026-01-01",
                            "end_date": "2026-03-07"})
    doc["villages"].append({"key": "v6", "town": "t1", "name": "后村", "types": [],  # team starts later
                            "fences": [{"kind": "circle", "center": [39.5, 110.3], "coord_system": "wgs84"}]})
    doc["people"].append({**doc["people"][-1], "key": "l6", "name": "韩十三"})
    doc["postings"].append({"person": "l6", "village": "v6", "role": "leader", "start_date": "2026-03-08"})
    org.import_org(doc, tmp_path)
    travel("2026-03-02T09:00:00+08:00")
    summary = run_job(org, "roster", "2026-03-02")
    assert summary["uncovered"] == [{"village_id": org.village_id("v4"), "date": "2026-03-08"}]
    assert by_day(roster(org, village="v4")) == {"2026-03-07": [org.person_id("l4")]}
    assert by_day(roster(org, village="v6")) == {"2026-03-08": [org.person_id("l6")]}
    uncovered = alerts(org, "duty_uncovered")
    assert {a.recipient_id for a in uncovered} == {org.person_id("sec1")}  # v4 has no leader on 3/8
    assert "新村" in uncovered[0].title and uncovered[0].rule == "DUTY-1"
    run_job(org, "roster", "2026-03-02")
    assert len(alerts(org, "duty_uncovered")) == 1


def test_duty_roster_scope(org, travel):
    travel("2026-03-02T09:00:00+08:00")
    run_job(org, "roster", "2026-03-02")
    assert {i["village"]["id"] for i in roster(org, "m1a", village=None)} == {org.village_id("v1")}
    assert len(roster(org, "m1a")) == 2
    assert {i["village"]["id"] for i in roster(org, "sec1", village=None)} == {
        org.village_id("v1"), org.village_id("v2")}
    assert_error(org.as_("m1a").get(f"/roster?village_id={org.village_id('v2')}"), 404, "NOT_FOUND")
    assert_error(org.as_("sec2").get(f"/roster?village_id={org.village_id('v1')}"), 404, "NOT_FOUND")
    assert_error(org.as_("viewer1").get("/roster"), 403, "FORBIDDEN")
    assert_error(org.as_("admin").get("/roster?from=2026-03-09&to=2026-03-01"), 400, "VALIDATION_ERROR")
    assert_error(org.as_("admin").get("/roster?from=9999-12-31"), 400, "VALIDATION_ERROR")
    assert_error(org.as_("admin").get("/roster?village_id=99999"), 404, "NOT_FOUND")
    item = roster(org, "l1")[0]
    assert set(item) >= {"date", "person_id", "name"} and item["name"]
