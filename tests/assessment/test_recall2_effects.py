"""RECALL-2: every effect of a confirmed case, whether the city office confirms it or a grade of
基本称职/不称职 does (ASSESS-1), visible through the API; applying it twice changes nothing."""

from __future__ import annotations

from tests.assessment.scenario import close, local
from tests.attendance.scenario import cases, statuses
from tests.helpers import assert_error


def row(api, who: str, year: int = 2026) -> dict:
    items = api.as_("admin").get(f"/assessments?year={year}&limit=500").get_json()["items"]
    return next(r for r in items if r["person"]["id"] == api.person_id(who))


def grade(api, who: str, value: str, year: int = 2026, **extra):
    return api.as_("admin").put(f"/assessments/{api.person_id(who)}/{year}", json={"grade": value, **extra})


def person(api, who: str, as_: str = "admin") -> dict:
    response = api.as_(as_).get(f"/people/{api.person_id(who)}")
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def flags(api, unit: str, as_: str = "admin"):
    return api.as_(as_).get(f"/units/{api.ids['units'][unit]}/flags")


def alerts(api, who: str, kind: str) -> list[dict]:
    return [a for a in api.as_(who).get("/alerts?limit=500").get_json()["items"] if a["kind"] == kind]


def fifteen_days_away(api, travel) -> None:
    """v2's team never checks in: closing through 25 March gives each an ATT-3 case (RECALL-1)."""
    for day in ("2026-03-24", "2026-03-25"):  # the second close finalises what the catch-up left provisional
        travel(local(f"2026-03-{int(day[-2:]) + 1}", "01:00"))
        close(api.runner, day)


def effects_of(api, who: str) -> list:
    return [person(api, who), flags(api, "u1").get_json(), alerts(api, "viewer1", "recall_decided")]


def visible_state(api) -> list:
    return [row(api, "m2a"), row(api, "m1a"), person(api, "m2a"), flags(api, "u1").get_json(),
            api.as_("viewer1").get("/alerts?limit=500").get_json(), cases(api, person_id=api.person_id("m2a"))]


def test_recall2_a_confirmed_case_sets_every_effect_and_twice_changes_nothing(fortnight, travel):
    fifteen_days_away(fortnight, travel)
    case = next(c for c in cases(fortnight, rule="ATT-3") if c["person_id"] == fortnight.person_id("m2a"))
    travel(local("2026-03-26", "10:00"))
    done = fortnight.as_("admin").post(f"/recall-cases/{case['id']}/confirm", json={"reason": "经核实，连续离村15天"})
    assert done.status_code == 200, done.get_json()
    recalled = row(fortnight, "m2a")  # still assessed: the year has a result
    assert (recalled["grade"], recalled["grade_source"]) == ("不称职", f"recall:{case['id']}")
    assert recalled["suggested_grade"] == "不称职" and recalled["confirmed_recall_cases"] == 1
    assert recalled["no_promotion_until"] == "2028-03-26"
    assert person(fortnight, "m2a")["no_promotion_until"] == "2028-03-26"
    assert person(fortnight, "m2a", "viewer1")["posting"] is None
    me = fortnight.as_("m2a").get("/me").get_json()
    assert me["no_promotion_until"] == "2028-03-26" and me["posting"] is None
    unit = flags(fortnight, "u1", "viewer1").get_json()["items"]
    assert [(f["year"], f["rule"], f["person"]["id"], f["excellent_eligible"]) for f in unit] == [
        (2026, "ATT-3", fortnight.person_id("m2a"), False)]
    assert flags(fortnight, "u2", "viewer1").status_code == 404
    assert flags(fortnight, "u2").get_json()["items"] == []  # u2's cadres' cases are still open
    assert_error(flags(fortnight, "u1", "sec1"), 403, "FORBIDDEN")
    assert row(fortnight, "m1a")["unit_excellent_eligible"] is False  # same unit: no 优秀 this year
    assert row(fortnight, "m1b")["unit_excellent_eligible"] is True
    told = alerts(fortnight, "viewer1", "recall_decided")
    assert len(told) == 1 and "重新选派" in told[0]["body"] and told[0]["rule"] == "RECALL-2"

    before = visible_state(fortnight)
    travel(local("2026-03-27", "10:00"))
    again = fortnight.as_("admin").post(f"/recall-cases/{case['id']}/confirm", json={"reason": "再次确认"})
    assert_error(again, 409, "ALREADY_DECIDED")
    assert visible_state(fortnight) == before

    travel(local("2026-03-28", "01:00"))
    close(fortnight.runner, "2026-03-27")  # the posting ended the day before the decision
    days = statuses(fortnight, "admin", "2026-03-25", "2026-03-26", person="m2a")
    assert days == {"2026-03-25": "absent", "2026-03-26": "not_posted"}


def test_recall2_a_recalled_year_stays_and_an_ineligible_unit_gets_no_excellent(fortnight, travel):
    fifteen_days_away(fortnight, travel)
    case = next(c for c in cases(fortnight, rule="ATT-3") if c["person_id"] == fortnight.person_id("m2a"))
    confirmed = fortnight.as_("admin").post(f"/recall-cases/{case['id']}/confirm", json={"reason": "属实"})
    assert confirmed.status_code == 200
    assert_error(grade(fortnight, "m2a", "称职"), 422, "RULE_VIOLATION", rule="RECALL-2")
    first = grade(fortnight, "m2a", "不称职", comment="连续离村15天")  # the city office's first grade
    assert first.status_code == 200, first.get_json()
    assert [h["source"] for h in first.get_json()["history"]] == [f"recall:{case['id']}", "city_office"]
    assert_error(grade(fortnight, "m1a", "优秀"), 422, "RULE_VIOLATION", rule="RECALL-2")  # unit u1 flagged
    assert grade(fortnight, "m1b", "优秀").status_code == 200  # unit u2 is not
    assert row(fortnight, "m1b")["grade"] == "优秀"


def test_assess1_a_grade_of_basic_confirms_a_recall_once(fortnight, travel):
    travel(local("2026-03-20", "10:00"))
    basic = grade(fortnight, "m1a", "基本称职", comment="日志多次未补")
    assert basic.status_code == 200, basic.get_json()
    recall = cases(fortnight, person_id=fortnight.person_id("m1a"), rule="ASSESS-1")
    assert [(c["status"], c["year"]) for c in recall] == [("confirmed", 2026)]
    graded = row(fortnight, "m1a")
    assert (graded["grade"], graded["comment"]) == ("基本称职", "日志多次未补")  # 七(三)4: the grade stays
    assert graded["graded_by"]["id"] == fortnight.person_id("admin")
    assert graded["graded_at"].endswith("+08:00")
    assert person(fortnight, "m1a")["no_promotion_until"] == "2028-03-20"
    assert person(fortnight, "m1a")["posting"] is None
    assert len(flags(fortnight, "u1").get_json()["items"]) == 1

    before = effects_of(fortnight, "m1a")
    travel(local("2026-03-26", "10:00"))
    fixed = grade(fortnight, "m1a", "不称职", correction=True, reason="复核：拒不整改日志")
    assert fixed.status_code == 200, fixed.get_json()
    assert [h["grade"] for h in fixed.get_json()["history"]] == ["基本称职", "不称职"]
    assert fixed.get_json()["history"][1]["correction_reason"] == "复核：拒不整改日志"
    assert effects_of(fortnight, "m1a") == before  # the case was confirmed once: its effects are not applied again
    assert_error(grade(fortnight, "m1a", "称职", correction=True, reason="改评"), 422, "RULE_VIOLATION",
                 rule="RECALL-2")


def test_assess1_grade_refusals_and_the_unit_is_told(fortnight, travel):
    travel(local("2026-03-20", "10:00"))
    assert_error(grade(fortnight, "l1", "良好"), 400, "VALIDATION_ERROR")
    assert_error(grade(fortnight, "l1", None), 400, "VALIDATION_ERROR")
    for who in ("sec1", "viewer1", "l1"):
        response = fortnight.as_(who).put(f"/assessments/{fortnight.person_id('l1')}/2026", json={"grade": "称职"})
        assert_error(response, 403, "FORBIDDEN")
    assert_error(grade(fortnight, "l1", "称职", year=2027), 422, "RULE_VIOLATION", rule="ASSESS-1")
    assert_error(grade(fortnight, "l1", "称职", year=2025), 404, "NOT_FOUND")  # not posted in 2025
    assert_error(grade(fortnight, "sec1", "称职"), 404, "NOT_FOUND")  # not a posted cadre
    assert_error(fortnight.as_("admin").put("/assessments/999999/2026", json={"grade": "称职"}), 404, "NOT_FOUND")
    assert grade(fortnight, "l1", "称职", comment="表现良好").status_code == 200
    assert_error(grade(fortnight, "l1", "优秀"), 409, "ALREADY_GRADED")
    assert_error(grade(fortnight, "l1", "优秀", correction=True), 422, "RULE_VIOLATION", rule="ASSESS-1")
    fixed = grade(fortnight, "l1", "优秀", correction=True, reason="补充材料后复核")
    assert fixed.status_code == 200 and fixed.get_json()["grade"] == "优秀"
    history = [(h["previous_grade"], h["grade"]) for h in fixed.get_json()["history"]]
    assert history == [(None, "称职"), ("称职", "优秀")]
    told = alerts(fortnight, "viewer1", "assessment_graded")
    assert len(told) == 2 and all("作为其在派出单位的年度考核等次" in a["body"] and "张三" in a["title"] for a in told)
    assert alerts(fortnight, "l1", "assessment_graded") == []  # the unit is told (七(三)1), not the cadre
    assert cases(fortnight, person_id=fortnight.person_id("l1")) == []  # 称职/优秀 recall nobody
    assert row(fortnight, "l1")["grade"] == "优秀"
