"""ATT-1..5, LOG-3/4, LV-6, RECALL-1: real scenarios walked through the API with time travel.

The standard organisation is posted from Monday 2026-03-02; nobody checks in unless a test says
so, so every working day without a check-in is absent.
"""

from __future__ import annotations

from datetime import date, time

import pytest

from tests.attendance.scenario import (
    assert_recompute_equals_forward,
    cases,
    checkin,
    close,
    dates,
    local,
    statuses,
    summary,
)
from tests.helpers import assert_error
from tests.orgdata import standard_org

START = "2026-03-02"  # a Monday
START_DATE = date.fromisoformat(START)


@pytest.fixture
def schedulers(app):
    """Scheduler processes for a test; their leader locks are released afterwards."""
    from scheduler.process import Scheduler

    made = []

    def make(holder: str) -> Scheduler:
        made.append(Scheduler(app, holder=holder))
        return made[-1]

    yield make
    with app.app_context():
        for scheduler in made:
            scheduler.lock.release()


@pytest.fixture
def march(api, tmp_path, travel):
    travel(local(START, "08:00"))
    api.import_org(standard_org(start=START), tmp_path)
    return api


def test_att5_statuses_follow_the_rules_in_order(march, runner, travel):
    checkin(march, "m1a", local("2026-03-02"), travel)
    travel(local("2026-03-03", "01:00"))
    close(runner, "2026-03-02")
    day = statuses(march, "m1a", START, START)
    assert day == {START: "present"}
    assert statuses(march, "l1", START, START, person="m1b") == {START: "absent"}


def test_att5_weekend_is_rest_and_days_before_posting_not_posted(march, runner, travel):
    travel(local("2026-03-09", "01:00"))
    close(runner, "2026-03-08")
    week = statuses(march, "m1a", "2026-03-01", "2026-03-08")
    assert week["2026-03-01"] == "not_posted"
    assert [week[d] for d in dates("2026-03-02", "2026-03-06")] == ["absent"] * 5
    assert week["2026-03-07"] == week["2026-03-08"] == "rest"


def test_att3_recall_on_the_15th_final_day_not_the_14th(march, runner, travel):
    """Absent Tuesday 03-03 to Tuesday 03-17 (weekends inside count): the case opens when 03-17 is final."""
    checkin(march, "m1a", local("2026-03-02"), travel)
    checkin(march, "m1a", local("2026-03-18"), travel)
    travel(local("2026-03-20", "00:30"))  # 03-16's grace has ended, 03-17's has not
    close(runner, "2026-03-19")
    mine = [c for c in cases(march, rule="ATT-3") if c["person_id"] == march.person_id("m1a")]
    assert mine == []
    assert summary(march, "m1a")["current_absence_streak"] == 1  # 03-18 ended the run; 03-19 starts anew
    assert summary(march, "m1a")["longest_absence_streak"] == 15
    travel(local("2026-03-21", "00:30"))
    close(runner, "2026-03-20")
    mine = [c for c in cases(march, rule="ATT-3") if c["person_id"] == march.person_id("m1a")]
    assert len(mine) == 1
    assert mine[0]["evidence"]["start"] == "2026-03-03" and mine[0]["evidence"]["end"] == "2026-03-17"
    assert mine[0]["evidence"]["length"] == 15 and mine[0]["status"] == "open"


def test_att3_alerts_town_at_3_and_city_at_7_once_each(march, runner, travel):
    travel(local("2026-03-11", "01:00"))
    close(runner, "2026-03-10")
    close(runner, "2026-03-10")  # idempotent: no second alert
    town = [a for a in march.as_("sec1").get("/alerts").get_json()["items"] if a["kind"] == "absence_streak"]
    about_m1a = [a for a in town if a["subject"]["id"] == march.person_id("m1a")]
    assert len(about_m1a) == 1 and "李四" in about_m1a[0]["title"]
    city = [a for a in march.as_("admin").get("/alerts?limit=500").get_json()["items"]
            if a["kind"] == "absence_streak" and a["subject"]["id"] == march.person_id("m1a")]
    assert len(city) == 1  # the run reached 7 days on 03-10 (03-02..03-10 with the weekend inside)


def test_log3_missed_log_fixed_inside_the_window(march, runner, travel):
    checkin(march, "m1a", local("2026-03-02"), travel)
    travel(local("2026-03-03", "01:00"))
    close(runner, "2026-03-02")
    missed = march.as_("m1a").get("/missed-logs?year=2026").get_json()["items"]
    assert [(m["date"], m["status"], m["rectify_by"]) for m in missed] == [("2026-03-02", "open", "2026-03-05")]
    travel(local("2026-03-05", "23:30"))
    written = march.as_("m1a").put("/logs/2026-03-02", json={"content": "走访脱贫户三户，核实收入台账"})
    assert written.status_code in (200, 201)
    travel(local("2026-03-07", "01:00"))
    close(runner, "2026-03-06")
    missed = march.as_("m1a").get(f"/missed-logs?year=2026&person_id={march.person_id('m1a')}").get_json()["items"]
    assert missed[0]["status"] == "fixed"
    assert summary(march, "m1a")["missed_logs"] == {"open": 0, "fixed": 1, "unfixed": 0}


def test_log3_log4_missed_log_unfixed_after_the_window_then_recall(march, runner, travel):
    for day in ("2026-03-02", "2026-03-03", "2026-03-04"):
        checkin(march, "m1a", local(day), travel)
    travel(local("2026-03-07", "10:00"))
    late = march.as_("m1a").put("/logs/2026-03-02", json={"content": "补录：入户走访"})  # after 03-05 23:59
    assert late.status_code in (200, 201) and late.get_json()["late"] is True
    travel(local("2026-03-11", "01:00"))
    close(runner, "2026-03-10")
    missed = {m["date"]: m["status"] for m in march.as_("l1").get(
        f"/missed-logs?person_id={march.person_id('m1a')}").get_json()["items"]}
    assert missed == {"2026-03-02": "unfixed", "2026-03-03": "unfixed", "2026-03-04": "unfixed"}
    mine = [c for c in cases(march, rule="LOG-4") if c["person_id"] == march.person_id("m1a")]
    assert len(mine) == 1 and mine[0]["evidence"]["unfixed_missed_logs"] == list(missed)


def test_lv6_cumulative_leave_over_30_opens_a_case_at_the_next_close(march, runner, travel):
    travel(local("2026-03-25", "09:00"))
    request = march.as_("m1a").post("/leave-requests", json={
        "kind": "leave", "start_date": "2026-04-01", "end_date": "2026-05-01", "reason": "家中老人住院陪护"})
    assert request.status_code == 201, request.get_json()
    request_id = request.get_json()["id"]
    for approver in ("l1", "sec1"):
        answer = march.as_(approver).post(f"/leave-requests/{request_id}/approve", json={"comment": "同意"})
        assert answer.status_code == 200, answer.get_json()
    assert not [c for c in cases(march, rule="LV-6")]
    travel(local("2026-03-26", "01:00"))
    close(runner, "2026-03-25")
    mine = [c for c in cases(march, rule="LV-6") if c["person_id"] == march.person_id("m1a")]
    assert len(mine) == 1 and mine[0]["evidence"]["leave_days"] == 31
    kinds = [a["kind"] for a in march.as_("m1a").get("/alerts").get_json()["items"]]
    assert kinds.count("leave_cumulative") == 2  # at 20 and at 25 days


@pytest.fixture
def county(app):
    """A county whose document differs (POLICY_OVERRIDES): 2 unfixed logs, 5 days of leave, logs by 22:00."""
    app.config["POLICY_OVERRIDES"] = {"unfixed_missed_logs_recall": 2, "leave_cumulative_recall_over": 5,
                                      "leave_cumulative_alert_days": (3, 4), "log_deadline": time(22, 0)}


def alerts_of(api, who: str, kind: str, rule: str | None = None) -> list[dict]:
    items = api.as_(who).get("/alerts?limit=500").get_json()["items"]
    return [a for a in items if a["kind"] == kind and (rule is None or a["rule"] == rule)]


def test_log4_alert_texts_give_the_numbers_of_the_policy_in_force(county, march, runner, travel):
    for day in ("2026-03-02", "2026-03-03"):
        checkin(march, "m1a", local(day), travel)
    travel(local("2026-03-11", "01:00"))
    close(runner, "2026-03-10")
    [opened] = alerts_of(march, "admin", "recall_opened", "LOG-4")
    assert "工作日志2次以上" in opened["title"] and "3次" not in opened["title"] + opened["body"]
    missed = alerts_of(march, "m1a", "missed_log")
    assert missed and all("22:00前补录" in a["body"] and "24时" not in a["body"] for a in missed)


def test_lv6_alert_texts_give_the_limit_of_the_policy_in_force(county, march, runner, travel):
    travel(local("2026-03-25", "09:00"))
    request = march.as_("m1a").post("/leave-requests", json={
        "kind": "leave", "start_date": "2026-04-01", "end_date": "2026-04-06", "reason": "家中老人住院陪护"})
    for approver in ("l1", "sec1"):
        answer = march.as_(approver).post(f"/leave-requests/{request.get_json()['id']}/approve", json={})
        assert answer.status_code == 200, answer.get_json()
    travel(local("2026-03-26", "01:00"))
    close(runner, "2026-03-25")
    [opened] = alerts_of(march, "admin", "recall_opened", "LV-6")
    assert "请假累计超过5天" in opened["title"] and "30天" not in opened["title"] + opened["body"]


def test_att1_mid_year_posting_has_a_prorated_target(march):
    body = summary(march, "m1a")
    assert body["target"] == 184 and body["fail_threshold"] == 168 and body["planned_posted_days"] == 305


def test_summary_says_when_today_is_not_closed(march, runner, travel):
    travel(local("2026-03-05", "15:00"))
    close(runner, "2026-03-04")
    body = summary(march, "m1a")
    assert body["closed_through"] == "2026-03-04" and body["today_closed"] is False
    assert body["absent_days"] == 3 and body["attendance_days"] == 0


def test_att5_offline_checkin_reevaluates_a_closed_day(march, runner, travel):
    travel(local("2026-03-04", "01:00"))
    close(runner, "2026-03-03")
    assert summary(march, "m1a")["absent_days"] == 2
    travel(local("2026-03-04", "08:00"))
    checkin(march, "m1a", local("2026-03-03", "09:30"))  # synced late, captured yesterday
    assert statuses(march, "m1a", "2026-03-03", "2026-03-03") == {"2026-03-03": "present"}
    body = summary(march, "m1a")
    assert body["absent_days"] == 1 and body["present_days"] == 1


def test_day_close_refuses_a_future_date(march, runner, travel):
    travel(local("2026-03-05", "09:00"))
    result = runner.invoke(args=["jobs", "run", "day-close", "--date", "2026-03-06"])
    assert result.exit_code == 1 and "DATE_IN_FUTURE" in result.output


def test_day_close_twice_changes_nothing(march, runner, travel):
    checkin(march, "m1a", local("2026-03-02"), travel)
    travel(local("2026-03-10", "01:00"))
    close(runner, "2026-03-09")
    first = (summary(march, "m1a"), statuses(march, "m1a", START, "2026-03-09"))
    again = close(runner, "2026-03-09")
    assert again["closed"] == [] and again["reclosed"][0]["changed"] == 0
    assert (summary(march, "m1a"), statuses(march, "m1a", START, "2026-03-09")) == first


def test_day_close_killed_halfway_then_rerun_equals_a_clean_run(march, runner, travel, monkeypatch):
    from app.attendance import counters

    checkin(march, "m1a", local("2026-03-02"), travel)
    travel(local("2026-03-05", "01:00"))
    close(runner, "2026-03-03")
    real = counters.missed_logs

    def dies(day):
        real(day)
        raise RuntimeError("killed")

    monkeypatch.setattr(counters, "missed_logs", dies)
    killed = runner.invoke(args=["jobs", "run", "day-close", "--date", "2026-03-04"])
    assert killed.exit_code != 0
    monkeypatch.setattr(counters, "missed_logs", real)
    close(runner, "2026-03-04")
    body = summary(march, "m1a")
    assert (body["present_days"], body["absent_days"], body["longest_absence_streak"]) == (1, 2, 2)
    assert statuses(march, "m1a", START, "2026-03-04") == {
        START: "present", "2026-03-03": "absent", "2026-03-04": "absent"}


def test_catch_up_after_three_days_down_equals_running_daily(march, schedulers, travel):
    scheduler = schedulers("test")
    checkin(march, "m1a", local("2026-03-02"), travel)
    travel(local("2026-03-03", "00:30"))
    assert scheduler.tick("day-close") == "ran"
    travel(local("2026-03-07", "00:30"))  # down on the 4th, 5th and 6th
    assert scheduler.catch_up()["day-close"] == "ran"
    assert statuses(march, "m1a", START, "2026-03-06") == {
        START: "present", **{d: "absent" for d in dates("2026-03-03", "2026-03-06")}}
    assert summary(march, "m1a")["closed_through"] == "2026-03-06"


def test_two_schedulers_run_each_job_once(march, app, schedulers, travel):
    travel(local("2026-03-03", "00:30"))
    first, second = schedulers("one"), schedulers("two")
    assert first.tick("day-close") == "ran"
    assert second.tick("day-close") == "standby"
    assert second.tick("roster") == "standby"
    with app.app_context():
        first.lock.release()
    assert second.tick("day-close") == "ran"  # the leader is gone: the standby takes over
    assert first.tick("day-close") == "standby"


def test_recall2_confirm_ends_posting_and_sets_flags(march, runner, travel):
    checkin(march, "m1a", local("2026-03-02"), travel)
    travel(local("2026-03-25", "01:00"))
    close(runner, "2026-03-24")
    case = next(c for c in cases(march, rule="ATT-3") if c["person_id"] == march.person_id("m1a"))
    assert_error(march.as_("sec1").post(f"/recall-cases/{case['id']}/confirm", json={"reason": "核实属实"}),
                 403, "FORBIDDEN", rule="RECALL-1")
    assert_error(march.as_("sec2").post(f"/recall-cases/{case['id']}/confirm", json={"reason": "核实属实"}),
                 404, "NOT_FOUND")
    assert_error(march.as_("admin").post(f"/recall-cases/{case['id']}/confirm", json={}), 400, "VALIDATION_ERROR")
    done = march.as_("admin").post(f"/recall-cases/{case['id']}/confirm", json={"reason": "经核实，连续离村15天以上"})
    assert done.status_code == 200 and done.get_json()["status"] == "confirmed"
    assert march.as_("m1a").get("/me").get_json()["posting"] is None  # recalled: not in post from today
    people = march.as_("admin").get(f"/people?village_id={march.village_id('v1')}").get_json()["items"]
    assert march.person_id("m1a") in [p["id"] for p in people]  # the posting history is kept
    again = march.as_("admin").post(f"/recall-cases/{case['id']}/dismiss", json={"reason": "误操作"})
    assert_error(again, 409, "ALREADY_DECIDED")
    viewer = march.as_("viewer1").get("/alerts").get_json()["items"]
    assert any(a["kind"] == "recall_decided" for a in viewer)


def test_recall1_cases_are_scoped_to_the_city_and_own_town(march, runner, travel):
    travel(local("2026-03-25", "01:00"))
    close(runner, "2026-03-24")
    town1 = {c["person"]["id"] for c in cases(march, "sec1")}
    assert town1 and town1 <= {march.person_id(k) for k in ("l1", "m1a", "m1b", "l2", "m2a", "m2b")}
    assert_error(march.as_("l1").get("/recall-cases"), 403, "FORBIDDEN")


def test_att5_set_based_close_equals_recomputing_from_statuses(march, app, runner, travel):
    """The nightly UPDATE … FROM path and the per-person recompute (late data) give the same counters."""
    for day, who in (("2026-03-02", "m1a"), ("2026-03-03", "m1b"), ("2026-03-09", "m1a"), ("2026-03-12", "l1")):
        checkin(march, who, local(day), travel)
    travel(local("2026-03-20", "01:00"))
    close(runner, "2026-03-19")
    assert_recompute_equals_forward(app, march, START_DATE)


def test_att2_projection_warns_once_after_30_posted_days(march, runner, travel):
    def warnings():
        return [a for a in march.as_("m1a").get("/alerts?limit=500").get_json()["items"]
                if a["kind"] == "projection_warning"]

    checkin(march, "m1a", local("2026-03-02"), travel)
    travel(local("2026-03-31", "01:00"))
    close(runner, "2026-03-30")  # 29 posted days: too early to project (projection_min_days)
    assert warnings() == []
    travel(local("2026-04-02", "01:00"))
    close(runner, "2026-04-01")
    found = warnings()
    assert sorted(a["title"] for a in found) == ["李四全年驻村天数预计低于168天", "李四全年驻村天数预计低于184天"]
    travel(local("2026-04-03", "01:00"))
    close(runner, "2026-04-02")
    assert len(warnings()) == 2  # once each


def test_duty4_provisional_year_closes_on_the_law_then_reevaluates_when_entered(api, runner, travel, tmp_path):
    """1 January 2027 is a statutory holiday of the provisional calendar: rest, not absent."""
    from tests.duty.helpers import HOLIDAYS_2027, WORKDAYS_2027

    travel(local("2026-12-28", "08:00"))
    api.import_org(standard_org(start="2026-12-28"), tmp_path)
    travel(local("2027-01-06", "01:00"))
    close(runner, "2027-01-05")
    days = {d["date"]: d for d in api.as_("m1a").get(
        "/attendance/days?from=2027-01-01&to=2027-01-05").get_json()["items"]}
    assert days["2027-01-01"]["status"] == "rest" and days["2027-01-01"]["calendar_provisional"] is True
    assert days["2027-01-02"]["status"] == "rest"
    assert days["2027-01-04"]["status"] == "absent" and days["2027-01-04"]["calendar_provisional"] is True
    assert summary(api, "m1a", year=2027)["absent_days"] == 2  # 4 Jan, 5 Jan
    # the notice: 2 January a make-up workday (调休) instead of a holiday
    holidays = [d for d in HOLIDAYS_2027 if d not in ("2027-01-02", "2027-01-03")]
    stored = api.as_("admin").put("/admin/calendar/2027", json={"holidays": holidays,
                                                                "workdays": ["2027-01-02", *WORKDAYS_2027]})
    assert stored.status_code == 200, stored.get_json()
    days = {d["date"]: d for d in api.as_("m1a").get(
        "/attendance/days?from=2027-01-01&to=2027-01-05").get_json()["items"]}
    assert days["2027-01-01"]["status"] == "rest" and days["2027-01-02"]["status"] == "absent"
    assert not any(d["calendar_provisional"] for d in days.values())
    assert summary(api, "m1a", year=2027)["absent_days"] == 3
    [told] = [a for a in api.as_("m1a").get("/alerts").get_json()["items"] if a["kind"] == "attendance_recalculated"]
    assert told["rule"] == "DUTY-4" and "1月2日：缺勤" in told["body"] and "李四" in told["title"]


def test_att5_days_before_the_cadres_were_recorded_are_not_judged(api, runner, travel, tmp_path):
    """A city going live in March with postings from last June: the first close starts at go-live."""
    travel(local("2026-03-02", "08:00"))
    api.import_org(standard_org(start="2025-06-01"), tmp_path)
    travel(local("2026-03-05", "01:00"))
    out = close(runner, "2026-03-04")
    assert out["closed"] == ["2026-03-02", "2026-03-03", "2026-03-04"]
    assert summary(api, "m1a")["absent_days"] == 3
    assert statuses(api, "m1a", "2026-02-27", "2026-03-02")["2026-02-27"] == "not_posted"
    assert cases(api) == []


def test_att2_year_end_recall_below_the_prorated_200(api, runner, travel, tmp_path):
    """Posted 1 December: 31 planned days → at least ceil(200 × 31 / 365) = 17 attendance days."""
    travel(local("2026-12-01", "08:00"))
    api.import_org(standard_org(start="2026-12-01"), tmp_path)
    for day in dates("2026-12-01", "2026-12-31")[:20]:
        checkin(api, "m1a", local(day), travel)
    travel(local("2027-01-04", "01:00"))  # 31 December's grace has ended: it closes final
    close(runner, "2026-12-31")
    recalled = {c["person_id"]: c for c in cases(api, rule="ATT-2")}
    assert api.person_id("m1a") not in recalled
    assert recalled[api.person_id("m1b")]["evidence"] == {"attendance_days": 0, "required": 17,
                                                          "planned_posted_days": 31}


def test_att5_today_is_not_judged_before_it_ends(march, runner, travel):
    travel(local("2026-03-04", "15:00"))
    result = runner.invoke(args=["jobs", "run", "day-close"])  # API.md: the date defaults to today
    assert result.exit_code == 0, result.output
    assert "closed through yesterday" in result.stdout
    assert summary(march, "m1a")["closed_through"] == "2026-03-03"


def test_att4_cumulative_absence_alerts_at_20_and_25_and_recalls_over_30_final(march, runner, travel):
    """Nobody checks in from Monday 2 March: the 31st absent working day is 14 April (6 April is
    the Qingming holiday of the official calendar)."""
    travel(local("2026-04-15", "01:00"))  # 14 April closed, but still provisional
    close(runner, "2026-04-14")
    assert summary(march, "m1a")["absent_days"] == 31
    town = [a for a in march.as_("sec1").get("/alerts?limit=500").get_json()["items"]
            if a["kind"] == "absence_cumulative" and a["subject"]["id"] == march.person_id("m1a")]
    assert sorted(a["title"] for a in town) == ["李四本年累计缺勤已达20天", "李四本年累计缺勤已达25天"]
    mine = [c for c in cases(march, rule="ATT-4") if c["person_id"] == march.person_id("m1a")]
    assert mine == []  # 31 absent days, but the last ones are not final yet (ATT-5)
    travel(local("2026-04-18", "01:00"))  # 14 April's grace has ended
    close(runner, "2026-04-17")
    mine = [c for c in cases(march, rule="ATT-4") if c["person_id"] == march.person_id("m1a")]
    assert len(mine) == 1 and mine[0]["evidence"]["count"] == 31
    assert mine[0]["evidence"]["absent_days"][-1] == "2026-04-14"


def test_att3_a_catch_up_past_the_grace_opens_the_case_in_the_same_run(march, runner, travel):
    """ATT-5/ATT-3: nightly closes through 03-10 (its last days still in their grace), then the
    scheduler is down until 03-25; one catch-up close must open the 15-day case at once, because the
    days left provisional are finalised before the catch-up closes later days as final."""
    checkin(march, "m1a", local("2026-03-02"), travel)
    travel(local("2026-03-11", "00:30"))
    close(runner, "2026-03-10")  # 03-08..03-10 are still provisional (72 h grace)
    travel(local("2026-03-25", "00:30"))
    close(runner, "2026-03-24")  # one catch-up: 03-11..03-24, most of them past their grace
    mine = [c for c in cases(march, rule="ATT-3") if c["person_id"] == march.person_id("m1a")]
    assert len(mine) == 1, mine
    assert mine[0]["evidence"]["start"] == "2026-03-03" and mine[0]["status"] == "open"
