"""ATT-6: the morning digest of cadres expected in the village who have not checked in."""

from __future__ import annotations

import json

from tests.fakes.wechat import ROBOT_PATH, WEBHOOK_PATH
from tests.orgdata import V1_GCJ

V3_INSIDE_WGS = (38.8925, 110.4100)


def _job(org, name: str, day: str) -> dict:
    result = org.runner.invoke(args=["jobs", "run", name, "--date", day])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _check_in(org, who: str, point, system: str, at: str) -> None:
    body = {"lat": point[0], "lon": point[1], "coord_system": system, "accuracy_m": 20, "captured_at": at}
    response = org.as_(who).post("/checkins", json=body, headers={"Idempotency-Key": f"{who}-{at[:10]}"})
    assert response.status_code == 201 and response.get_json()["status"] == "accepted", response.get_json()


def _approved_leave(org, who: str, approver: str, day: str) -> None:
    asked = org.as_(who).post("/leave-requests", json={"kind": "leave", "start_date": day, "end_date": day,
                                                        "reason": "家中有事"})
    assert asked.status_code == 201, asked.get_json()
    decided = org.as_(approver).post(f"/leave-requests/{asked.get_json()['id']}/approve", json={})
    assert decided.status_code == 200 and decided.get_json()["status"] == "approved", decided.get_json()


def _digests(org, who: str) -> list[dict]:
    return [a for a in org.as_(who).get("/alerts").get_json()["items"] if a["kind"] == "no_show_digest"]


def test_att6_digest_names_expected_cadres_without_a_check_in(push, org, travel):
    travel("2026-02-27T09:00:00+08:00")
    _approved_leave(org, "m1b", "l1", "2026-03-02")  # 王五 is on approved leave on Monday
    travel("2026-03-02T09:00:00+08:00")
    _check_in(org, "m1a", V1_GCJ, "gcj02", "2026-03-02T08:40:00+08:00")  # 李四 is in
    for who in ("l3", "m3a", "m3b"):  # the whole team of town t2 is in
        _check_in(org, who, V3_INSIDE_WGS, "wgs84", "2026-03-02T08:50:00+08:00")
    travel("2026-03-02T10:00:00+08:00")
    result = _job(org, "no-show", "2026-03-02")
    assert result["towns"] == 1 and result["people"] == 4
    [digest] = _digests(org, "sec1")
    for name in ("张三", "赵六", "钱七", "孙八"):
        assert name in digest["body"]
    assert "李四" not in digest["body"] and "王五" not in digest["body"]
    assert digest["rule"] == "ATT-6" and digest["title"].startswith("大柳塔镇3月2日未打卡4人")
    assert "前石畔村：张三" in digest["body"] and "庙沟门村：赵六、钱七、孙八" in digest["body"]
    assert _digests(org, "sec2") == []  # everyone of t2 is in: nothing sent
    assert _job(org, "no-show", "2026-03-02")["towns"] == 1
    assert len(_digests(org, "sec1")) == 1  # a second run is deduped per town and date
    push.dispatch()
    [robot] = push.calls(ROBOT_PATH)
    assert "张三" in robot.body["markdown"]["content"]


def test_att6_on_a_weekend_only_the_cadres_on_duty_are_expected(push, org, travel):
    travel("2026-03-02T09:00:00+08:00")
    _job(org, "roster", "2026-03-02")
    roster = org.as_("admin").get("/roster", query_string={"from": "2026-03-07", "to": "2026-03-07",
                                                           "limit": 500}).get_json()["items"]
    on_duty = {item["person_id"] for item in roster}
    assert on_duty  # each team has a cadre on duty (DUTY-1)
    travel("2026-03-07T10:00:00+08:00")
    _job(org, "no-show", "2026-03-07")
    expected_t1 = {org.person_id(k) for k in ("l1", "m1a", "m1b", "l2", "m2a", "m2b")} & on_duty
    [digest] = _digests(org, "sec1")
    push.dispatch()
    [hook] = [c for c in push.calls(WEBHOOK_PATH) if c.body["kind"] == "no_show_digest"
              and c.body["town_id"] == org.ids["towns"]["t1"]]
    assert {p["id"] for p in hook.body["payload"]["people"]} == expected_t1
    assert digest["title"].startswith("大柳塔镇3月7日未打卡")


def test_att6_a_run_before_the_digest_time_is_refused_and_uses_nothing_up(push, org, travel):
    travel("2026-03-02T07:00:00+08:00")
    early = org.runner.invoke(args=["jobs", "run", "no-show", "--date", "2026-03-02"])
    assert early.exit_code == 1
    error = json.loads(early.stdout)["error"]
    assert error["code"] == "RULE_VIOLATION" and error["details"]["rule"] == "ATT-6"
    assert error["details"]["not_before"] == "2026-03-02T10:00:00+08:00" and error["message"]
    assert _digests(org, "sec1") == []
    travel("2026-03-02T08:45:00+08:00")
    _check_in(org, "m1a", V1_GCJ, "gcj02", "2026-03-02T08:40:00+08:00")
    travel("2026-03-02T10:00:00+08:00")
    assert _job(org, "no-show", "2026-03-02")["towns"] == 2
    [digest] = _digests(org, "sec1")  # the 10:00 digest, built from the check-ins of 10:00
    assert "李四" not in digest["body"] and "王五" in digest["body"]


def test_att6_the_scheduler_never_builds_the_digest_early(app, org, travel):
    """The timetable follows the policy in force, and an early tick is refused like an early run."""
    from datetime import time

    from scheduler.process import Scheduler

    app.config["POLICY_OVERRIDES"] = {"no_show_digest_time": time(11, 30)}
    app.extensions.pop("zhucun_policy", None)
    scheduler = Scheduler(app, holder="test")
    try:
        fields = {f.name: str(f) for f in scheduler.build().get_job("no-show").trigger.fields}
        assert (fields["hour"], fields["minute"]) == ("11", "30")
        travel("2026-03-02T11:00:00+08:00")
        assert scheduler.tick("no-show") == "failed"
        assert _digests(org, "sec1") == []
        travel("2026-03-02T11:30:00+08:00")
        assert scheduler.tick("no-show") == "ran"
        assert len(_digests(org, "sec1")) == 1
    finally:
        with app.app_context():
            scheduler.lock.release()


def test_att6_each_team_leader_gets_their_own_teams_digest_alone(push, org, travel):
    travel("2026-03-02T09:00:00+08:00")
    _check_in(org, "m1a", V1_GCJ, "gcj02", "2026-03-02T08:40:00+08:00")  # 李四 is in; 王五 (m1b) is not
    travel("2026-03-02T10:00:00+08:00")
    result = _job(org, "no-show", "2026-03-02")
    assert result["leaders"] == 3
    [mine] = _digests(org, "l1")
    assert mine["title"].startswith("前石畔村3月2日未打卡1人") and "王五" in mine["body"]
    for other in ("李四", "赵六", "钱七", "孙八", "周九"):  # nobody outside 张三's team, nor 张三 himself
        assert other not in mine["body"]
    [theirs] = _digests(org, "l2")
    assert "钱七" in theirs["body"] and "孙八" in theirs["body"] and "王五" not in theirs["body"]
    assert len(_digests(org, "sec1")) == 1  # the town's digest, as before
    assert _job(org, "no-show", "2026-03-02")["leaders"] == 3 and len(_digests(org, "l1")) == 1  # deduped
    push.dispatch()
    [robot] = push.calls(ROBOT_PATH)  # the town robot hears the town's digest only
    assert robot.body["markdown"]["content"].startswith("### 大柳塔镇")
    hooks = [c.body for c in push.calls(WEBHOOK_PATH) if c.body["kind"] == "no_show_digest"]
    assert len(hooks) == 5  # the generic webhook hears every alert: 2 towns' and 3 leaders' digests
