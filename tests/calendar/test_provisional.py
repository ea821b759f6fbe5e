"""DUTY-4 (revised): the calendar never lapses — a year without an official or entered calendar is
provisional (weekends plus the law's statutory holidays, no 调休), rostered and closed on it, the
city office reminded until it enters the year; entering it re-evaluates closed days and re-plans
the published roster. Through the HTTP API and `flask jobs run`, with time travel.
"""

from __future__ import annotations

import json

from tests.attendance.scenario import checkin, close, local, summary
from tests.duty.helpers import HOLIDAYS_2027, WORKDAYS_2027, alerts, by_day, roster, run_job
from tests.helpers import assert_error
from tests.orgdata import standard_org

# What the law fixes (全国年节及纪念日放假办法 as revised in 2024), by the lunar calendar and the
# solar terms: 春节 2027-02-06 (eve 02-05), 2028-01-26 (eve 01-25); 清明 2027-04-05, 2028-04-04;
# 端午 2027-06-09, 2028-05-28; 中秋 2027-09-15, 2028-10-03 (the same day as 国庆's third).
STATUTORY_2027 = ["2027-01-01", "2027-02-05", "2027-02-06", "2027-02-07", "2027-02-08", "2027-04-05",
                  "2027-05-01", "2027-05-02", "2027-06-09", "2027-09-15", "2027-10-01", "2027-10-02",
                  "2027-10-03"]
STATUTORY_2028 = ["2028-01-01", "2028-01-25", "2028-01-26", "2028-01-27", "2028-01-28", "2028-04-04",
                  "2028-05-01", "2028-05-02", "2028-05-28", "2028-10-01", "2028-10-02", "2028-10-03"]


def calendar_of(org, year: int, who: str = "m1a") -> dict:
    response = org.as_(who).get(f"/admin/calendar/{year}")
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_duty4_2027_is_provisional_with_the_law_s_statutory_days_and_no_make_up_days(org):
    body = calendar_of(org, 2027)
    assert body["source"] == "provisional" and body["version"] is None
    assert body["holidays"] == STATUTORY_2027 and body["workdays"] == []
    assert body["builtin"]["package"] == "holidays"
    names = {day["date"]: day["name"] for day in body["statutory"]}
    assert "春节" in names["2027-02-06"] and "除夕" in names["2027-02-05"] and "清明" in names["2027-04-05"]
    non_working = set(body["non_working_days"])
    assert {"2027-01-01", "2027-01-02", "2027-01-03", "2027-02-05", "2027-02-08", "2027-06-09"} <= non_working
    assert "2027-01-04" not in non_working and "2027-02-09" not in non_working  # no 调休 guessed


def test_duty4_2028_is_provisional_with_spring_festival_in_january(org):
    body = calendar_of(org, 2028, who="sec1")
    assert body["source"] == "provisional"
    assert body["holidays"] == STATUTORY_2028 and body["workdays"] == []
    names = {day["date"]: day["name"] for day in body["statutory"]}
    assert "中秋" in names["2028-10-03"] and "国庆" in names["2028-10-03"]
    assert "2028-01-03" not in body["non_working_days"]  # a Monday: nothing observed in lieu


def test_duty4_roster_of_25_december_assigns_1_january_2027_and_tells_the_cadre(org, travel):
    travel("2026-12-25T01:00:00+08:00")
    summary_ = run_job(org, "roster", "2026-12-25")
    assert summary_["provisional"] == [2027]
    days = by_day(roster(org, start="2026-12-25", end="2027-01-10"))
    assert sorted(days) == ["2026-12-26", "2026-12-27", "2027-01-01"]
    [on_duty] = days["2027-01-01"]
    told = [a for a in alerts(org, "duty_assigned") if a.payload["date"] == "2027-01-01"
            and a.payload["village_id"] == org.village_id("v1")]
    assert [a.recipient_id for a in told] == [on_duty] and "1月1日" in told[0].title
    travel("2026-12-28T01:00:00+08:00")
    run_job(org, "roster", "2026-12-28")
    assert sorted(d for d in by_day(roster(org, start="2027-01-01", end="2027-01-10"))) == [
        "2027-01-01", "2027-01-02", "2027-01-03"]


def test_duty4_roster_assigns_spring_festival_and_the_eve_of_2027_and_2028(org, travel):
    travel("2027-02-01T01:00:00+08:00")
    run_job(org, "roster", "2027-02-01")
    assert sorted(by_day(roster(org, start="2027-02-01", end="2027-02-08"))) == [
        "2027-02-05", "2027-02-06", "2027-02-07", "2027-02-08"]
    travel("2028-01-20T01:00:00+08:00")
    run_job(org, "roster", "2028-01-20")
    assert sorted(by_day(roster(org, start="2028-01-20", end="2028-01-27"))) == [
        "2028-01-22", "2028-01-23", "2028-01-25", "2028-01-26", "2028-01-27"]
    for start in ("2027-04-30", "2027-09-15", "2027-10-01", "2028-05-28"):
        travel(f"{start}T01:00:00+08:00")
        run_job(org, "roster", start)
    rostered = {*by_day(roster(org, start="2027-04-30", end="2027-12-31")),
                *by_day(roster(org, start="2028-05-01", end="2028-05-31"))}
    assert {"2027-05-01", "2027-05-02", "2027-09-15", "2027-10-01", "2027-10-02", "2027-10-03",
            "2028-05-28"} <= rostered
    assert not {"2027-04-30", "2027-09-14", "2027-10-04", "2028-05-29"} & rostered  # weekdays: no duty


def test_duty4_1_january_2027_is_a_rest_day_no_absence_and_no_digest_naming_everyone(api, runner, travel,
                                                                                      tmp_path):
    travel(local("2026-12-21", "08:00"))
    api.import_org(standard_org(start="2026-12-21"), tmp_path)
    travel(local("2026-12-28", "01:00"))
    run_job(api, "roster", "2026-12-28")
    duty = by_day(roster(api, village=None, start="2027-01-01", end="2027-01-01"))["2027-01-01"]
    assert len(duty) == 3  # one per team
    on_duty_v1 = by_day(roster(api, start="2027-01-01", end="2027-01-01"))["2027-01-01"]
    key = next(k for k, v in api.ids["people"].items() if v == on_duty_v1[0])
    checkin(api, key, local("2027-01-01", "09:00"), travel)
    travel(local("2027-01-01", "10:30"))
    digest = run_job(api, "no-show", "2027-01-01")
    assert digest["people"] == 2  # the two other teams' duty cadres, not the city's nine cadres
    travel(local("2027-01-02", "01:00"))
    close(runner, "2027-01-01")
    days = {}
    for who in ("l1", "m1a", "m1b", "l2", "m2a", "m2b", "l3", "m3a", "m3b"):
        [day] = api.as_(who).get("/attendance/days?from=2027-01-01&to=2027-01-01").get_json()["items"]
        days[api.person_id(who)] = day
    assert all(day["calendar_provisional"] for day in days.values())
    assert {pid: day["status"] for pid, day in days.items() if pid not in duty} == {
        pid: "rest" for pid in days if pid not in duty}
    assert days[on_duty_v1[0]]["status"] == "present"
    assert sorted(day["status"] for pid, day in days.items() if pid in duty) == ["absent", "absent", "present"]


def test_duty4_city_office_reminded_from_1_november_every_7_days_until_the_year_is_entered(org, travel):
    def reminders() -> list:
        return [a for a in alerts(org, "calendar_missing", "admin") if a.payload["year"] == 2027]

    travel("2026-10-31T09:00:00+08:00")
    assert run_job(org, "calendar-remind", "2026-10-31")["reminded"] == []
    travel("2026-11-01T09:00:00+08:00")
    assert run_job(org, "calendar-remind", "2026-11-01")["reminded"] == [2027]
    assert run_job(org, "calendar-remind", "2026-11-01")["reminded"] == [2027]  # a second run: deduped
    assert len(reminders()) == 1
    for day in range(2, 8):
        travel(f"2026-11-0{day}T09:00:00+08:00")
        assert run_job(org, "calendar-remind", f"2026-11-0{day}")["reminded"] == []
    travel("2026-11-08T09:00:00+08:00")
    assert run_job(org, "calendar-remind", "2026-11-08")["reminded"] == [2027]
    assert [a.payload["date"] for a in reminders()] == ["2026-11-01", "2026-11-08"]
    assert "2027年" in reminders()[0].title and "暂定日历" in reminders()[0].body
    travel("2026-11-20T09:00:00+08:00")  # the scheduler was down on the 15th: reminded the next run
    assert run_job(org, "calendar-remind", "2026-11-20")["reminded"] == [2027]
    stored = org.as_("admin").put("/admin/calendar/2027", json={"holidays": HOLIDAYS_2027, "workdays": WORKDAYS_2027})
    assert stored.status_code == 200
    travel("2026-11-27T09:00:00+08:00")
    assert run_job(org, "calendar-remind", "2026-11-27") == {
        "job": "calendar-remind", "date": "2026-11-27", "reminded": [], "provisional": []}
    assert len(reminders()) == 3


def test_duty4_remind_from_and_every_are_policy(api, app, travel, tmp_path):
    app.config["POLICY_OVERRIDES"] = {"calendar_remind_from": "12-01", "calendar_remind_every_days": 2}
    api.import_org(standard_org(), tmp_path)
    for day, expected in (("2026-11-30", []), ("2026-12-01", [2027]), ("2026-12-02", []), ("2026-12-03", [2027])):
        travel(f"{day}T09:00:00+08:00")
        assert run_job(api, "calendar-remind", day)["reminded"] == expected, day


def test_duty4_the_scheduler_runs_the_reminder_each_morning(app):
    from config.policy import DEFAULT_POLICY
    from config.schedule import CATCH_UP_AT_START, timetable
    from scheduler.jobs import JOBS

    assert "calendar-remind" in JOBS and "calendar-remind" in CATCH_UP_AT_START
    assert timetable(DEFAULT_POLICY)["calendar-remind"] == {"hour": 9, "minute": 0}


def test_duty4_entering_2027_reevaluates_closed_provisional_days_and_replans_the_roster(api, runner, travel,
                                                                                         tmp_path):
    """The notice makes Saturday 2 January a make-up workday and Monday 4 January a holiday."""
    travel(local("2026-12-21", "08:00"))
    api.import_org(standard_org(start="2026-12-21"), tmp_path)
    travel(local("2026-12-31", "01:00"))
    run_job(api, "roster", "2026-12-31")
    before = by_day(roster(api, start="2027-01-01", end="2027-01-07"))
    assert sorted(before) == ["2027-01-01", "2027-01-02", "2027-01-03"]
    travel(local("2027-01-03", "01:00"))
    close(runner, "2027-01-02")
    m1a = {d["date"]: d for d in api.as_("m1a").get("/attendance/days?from=2027-01-01&to=2027-01-02")
           .get_json()["items"]}
    duty_on_2nd = before["2027-01-02"][0]
    if api.person_id("m1a") != duty_on_2nd:
        assert m1a["2027-01-02"]["status"] == "rest" and m1a["2027-01-02"]["calendar_provisional"] is True
    absent_before = summary(api, "m1a", year=2027)["absent_days"]

    holidays = [d for d in HOLIDAYS_2027 if d not in ("2027-01-02", "2027-01-03")] + ["2027-01-04"]
    travel(local("2027-01-03", "09:00"))
    stored = api.as_("admin").put("/admin/calendar/2027", json={
        "holidays": sorted(holidays), "workdays": ["2027-01-02", *WORKDAYS_2027], "note": "国办发明电〔2026〕N号"})
    assert stored.status_code == 200, stored.get_json()
    assert stored.get_json()["source"] == "entered"
    assert calendar_of(api, 2027)["source"] == "entered"

    m1a = {d["date"]: d for d in api.as_("m1a").get("/attendance/days?from=2027-01-01&to=2027-01-02")
           .get_json()["items"]}
    assert m1a["2027-01-02"]["status"] == "absent"  # a working day now: nobody checked in
    assert m1a["2027-01-01"]["status"] == "rest" or api.person_id("m1a") in before["2027-01-01"]
    assert not any(d["calendar_provisional"] for d in m1a.values())
    if api.person_id("m1a") != duty_on_2nd:
        assert summary(api, "m1a", year=2027)["absent_days"] == absent_before + 1

    after = by_day(roster(api, start="2027-01-03", end="2027-01-10"))
    assert sorted(after) == ["2027-01-03", "2027-01-04"]  # the 4th: a new holiday of the published window
    changes = api.as_("l1").get(f"/roster/changes?village_id={api.village_id('v1')}&limit=100").get_json()["items"]
    kinds = {(c["kind"], c["date"]) for c in changes}
    assert ("assigned", "2027-01-04") in kinds
    told = [a for a in alerts(api, "duty_assigned") if a.payload["date"] == "2027-01-04"]
    assert told


def test_duty4_entering_2027_cancels_a_published_duty_on_a_new_make_up_workday_and_tells_the_cadre(org, travel):
    travel("2027-02-14T01:00:00+08:00")
    run_job(org, "roster", "2027-02-14")
    before = by_day(roster(org, start="2027-02-14", end="2027-02-21"))
    assert "2027-02-20" in before  # a Saturday of the provisional calendar
    [cadre] = before["2027-02-20"]
    stored = org.as_("admin").put("/admin/calendar/2027", json={"holidays": HOLIDAYS_2027, "workdays": WORKDAYS_2027})
    assert stored.status_code == 200
    after = by_day(roster(org, start="2027-02-14", end="2027-02-21"))
    assert "2027-02-20" not in after and "2027-02-21" in after
    changes = org.as_("l1").get(f"/roster/changes?village_id={org.village_id('v1')}&limit=100").get_json()["items"]
    assert any(c["kind"] == "cancelled" and c["date"] == "2027-02-20" for c in changes)
    [told] = [a for a in alerts(org, "duty_cancelled") if a.payload["village_id"] == org.village_id("v1")]
    assert told.recipient_id == cadre and told.rule == "DUTY-4" and "2月20日" in told.title
    inbox = [a for a in org.as_(next(k for k, v in org.ids["people"].items() if v == cadre)).get("/alerts")
             .get_json()["items"] if a["kind"] == "duty_cancelled"]
    assert len(inbox) == 1


def test_duty4_an_override_of_a_provisional_year_must_list_every_statutory_day(org):
    without_eve = [d for d in HOLIDAYS_2027 if d != "2027-02-05"]
    refused = org.as_("admin").put("/admin/calendar/2027", json={"holidays": without_eve, "workdays": []})
    problems = assert_error(refused, 422, "RULE_VIOLATION", rule="DUTY-4")["details"]["problems"]
    assert [p["date"] for p in problems] == ["2027-02-05"]
    assert json.dumps(problems, ensure_ascii=False).count("除夕") == 1


def test_duty4_provisional_days_are_the_law_s_only_even_where_the_package_knows_a_notice():
    """holidays knows 2026's notice (its 调休 days off, e.g. 2026-02-20 and 2026-02-23): the
    provisional calendar keeps only the law's 13 days (春节 eve + 3 since the 2024 revision)."""
    from datetime import date

    from app.calendar.service import provisional_calendar

    cal = provisional_calendar(2026)
    assert sorted(d.isoformat() for d in cal.holidays) == [
        "2026-01-01", "2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-04-05", "2026-05-01",
        "2026-05-02", "2026-06-19", "2026-09-25", "2026-10-01", "2026-10-02", "2026-10-03"]
    assert cal.workdays == frozenset() and not cal.is_working_day(date(2026, 2, 21))  # a Saturday
    assert cal.is_working_day(date(2026, 2, 20)) and cal.is_working_day(date(2026, 2, 23))
