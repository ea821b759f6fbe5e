"""ALERT-1/2 pure rules: routing, backoff, outcomes, WeChat field limits, the robot's byte limit."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from app.alerts import rules

TZ = ZoneInfo("Asia/Shanghai")


def test_alert2_town_kinds_reach_the_robot_once_personal_kinds_never():
    assert rules.delivery_targets("duty_missed", [3, 2, 3], 7, True) == [
        ("wechat", "person:2"), ("wechat", "person:3"), ("wecom", "town:7"), ("webhook", "webhook")]
    assert rules.delivery_targets("leave_decided", [2], 7, False) == [("wechat", "person:2")]
    assert rules.delivery_targets("recall_opened", [], None, False) == []


@given(st.integers(1, 40), st.floats(0, 0.999999))
def test_alert1_backoff_doubles_to_the_cap_and_never_comes_early(attempt, jitter):
    wait = rules.backoff_seconds(attempt, 30, 3600, jitter)
    ceiling = min(3600, 30 * 2 ** (attempt - 1))
    assert ceiling / 2 <= wait <= ceiling


def test_alert1_outcomes_success_only_on_a_success_answer():
    assert rules.classify_wechat(200, {"errcode": 0, "errmsg": "ok"}).result == "sent"
    assert rules.classify_wechat(200, {"errcode": 43101}).result == "failed"
    assert rules.classify_wechat(200, {"errcode": -1}).result == "retry"
    assert rules.classify_wechat(200, None).result == "retry"  # not JSON
    assert rules.classify_wechat(None, None, "ConnectionError").result == "retry"
    assert rules.classify_wecom(200, {"errcode": 45009}).result == "deferred"
    assert rules.classify_wecom(502, {"errcode": 0}).result == "retry"
    assert rules.classify_webhook(204).result == "sent"
    assert rules.classify_webhook(301).result == "failed"
    assert rules.classify_webhook(429).result == "retry"
    assert rules.classify_webhook(400).result == "failed"


def test_alert2_subscribe_fields_respect_wechat_limits():
    assert rules.fit_field("thing1", "一" * 30, TZ) == "一" * 19 + "…"
    assert rules.fit_field("phrase2", "已经审批通过了", TZ) == "已经审批通"
    assert rules.fit_field("name3", "欧阳一二三四五六七八九", TZ) == "欧阳一二三四五六七八"
    assert rules.fit_field("name3", "Zhang San Feng Long Name Here", TZ) == "Zhang San Feng Long "
    assert rules.fit_field("number4", "3天", TZ) == "3"
    assert rules.fit_field("character_string5", "a b" * 20, TZ) == ("ab" * 20)[:32]
    assert rules.fit_field("time6", "2026-03-02T01:05:00+00:00", TZ) == "2026年3月2日 09:05"
    assert rules.fit_field("date7", "2026-03-02", TZ) == "2026年3月2日"
    assert rules.fit_field("thing8", "", TZ) == "无"


@given(st.text(max_size=3000))
def test_alert2_robot_markdown_cut_never_splits_a_character(text):
    cut = rules.cut_utf8(text, 4096)
    assert len(cut.encode("utf-8")) <= 4096
    assert cut == text or (cut.endswith("…") and text.startswith(cut[:-1]))
