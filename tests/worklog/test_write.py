"""Writing and back-filling a log: LOG-1 (what and when), LOG-2 (deadline → late), LOG-5 (lock, versions)."""

from __future__ import annotations

from datetime import date

import pytest

from app.signals import log_written
from tests.helpers import assert_error
from tests.images import upload_photo

DAY = "2026-03-02"
TEXT = "上午入户走访脱贫户3户，了解春耕准备情况；下午召开村两委会议，研究村集体经济合作社分红方案。"


@pytest.fixture
def signals():
    """Every ``log_written`` signal sent during the test."""
    received = []

    def receiver(sender, **kwargs):
        received.append(kwargs)

    log_written.connect(receiver)
    yield received
    log_written.disconnect(receiver)


def put(org, who, day=DAY, **body):
    body.setdefault("content", TEXT)
    return org.as_(who).put(f"/logs/{day}", json=body)


def test_log2_written_before_the_deadline_is_on_time(org, travel, signals):
    travel("2026-03-02T23:58:00+08:00")
    response = put(org, "m1a", category="为民办事服务")
    assert response.status_code == 201
    log = response.get_json()
    assert log["late"] is False and log["date"] == DAY and log["content"] == TEXT
    assert log["category"] == "为民办事服务" and log["version"] == 1 and log["photo_ids"] == []
    assert log["person"] == {"id": org.person_id("m1a"), "name": "李四"}
    assert log["first_written_at"] == log["written_at"]
    assert log["first_written_at"].startswith("2026-03-02T23:58") and log["first_written_at"].endswith("+08:00")
    assert signals == [{"person_id": org.person_id("m1a"), "day": date(2026, 3, 2), "late": False}]


def test_log2_written_in_the_minute_2359_is_still_on_time(org, travel):
    travel("2026-03-02T23:59:00+08:00")
    assert put(org, "m1a").get_json()["late"] is False


def test_log2_written_after_midnight_is_a_late_backfill(org, travel, signals):
    travel("2026-03-03T00:00:01+08:00")
    response = put(org, "m1a")
    assert response.status_code == 201
    log = response.get_json()
    assert log["late"] is True and log["first_written_at"].startswith("2026-03-03T00:00")
    assert signals == [{"person_id": org.person_id("m1a"), "day": date(2026, 3, 2), "late": True}]


def test_log2_late_is_decided_by_the_first_writing_and_kept(org, travel, signals):
    travel("2026-03-04T09:00:00+08:00")
    put(org, "l1", day="2026-03-03")
    travel("2026-03-05T09:00:00+08:00")
    edited = put(org, "l1", day="2026-03-03", content=TEXT + "补充：晚上整理了台账。")
    assert edited.status_code == 200
    log = edited.get_json()
    assert log["late"] is True and log["version"] == 2
    assert log["first_written_at"].startswith("2026-03-04T09:00") and log["written_at"].startswith("2026-03-05T09:00")
    assert len(signals) == 1  # only the first writing announces itself


def test_log2_an_edit_after_the_deadline_does_not_make_an_on_time_log_late(org, travel):
    travel("2026-03-02T20:00:00+08:00")
    put(org, "m1a")
    travel("2026-03-04T08:00:00+08:00")
    log = put(org, "m1a", content=TEXT + "（更正人数）").get_json()
    assert log["late"] is False and log["version"] == 2
    versions = org.as_("m1a").get(f"/logs/{org.person_id('m1a')}/{DAY}/versions").get_json()["items"]
    assert [v["late"] for v in versions] == [False, True]


def test_log5_every_version_is_kept_with_what_changed(org, travel):
    travel("2026-03-02T18:00:00+08:00")
    photo = upload_photo(org, "m1a")
    put(org, "m1a", content="第一稿")
    travel("2026-03-02T19:00:00+08:00")
    put(org, "m1a", content="第二稿", category="建强村党组织")
    travel("2026-03-02T20:00:00+08:00")
    put(org, "m1a", content="第二稿", category="建强村党组织", photo_ids=[photo])
    versions = org.as_("m1a").get(f"/logs/{org.person_id('m1a')}/{DAY}/versions").get_json()["items"]
    assert [(v["number"], v["content"], v["category"], v["photo_ids"], v["changed"]) for v in versions] == [
        (1, "第一稿", None, [], ["content", "category", "photo_ids"]),
        (2, "第二稿", "建强村党组织", [], ["content", "category"]),
        (3, "第二稿", "建强村党组织", [photo], ["photo_ids"]),
    ]
    assert all(v["author"] == {"id": org.person_id("m1a"), "name": "李四"} for v in versions)
    assert [v["written_at"][11:16] for v in versions] == ["18:00", "19:00", "20:00"]


def test_log5_an_identical_writing_adds_no_version(org, travel):
    travel("2026-03-02T18:00:00+08:00")
    first = put(org, "m1a", category="提升治理水平").get_json()
    travel("2026-03-02T19:00:00+08:00")
    again = put(org, "m1a", category="提升治理水平")
    assert again.status_code == 200
    assert again.get_json()["version"] == 1 and again.get_json()["written_at"] == first["written_at"]
    items = org.as_("m1a").get(f"/logs/{org.person_id('m1a')}/{DAY}/versions").get_json()["items"]
    assert len(items) == 1


def test_put_replaces_the_whole_log(org, travel):
    travel("2026-03-02T18:00:00+08:00")
    photo = upload_photo(org, "m1a")
    put(org, "m1a", category="推进强村富民", photo_ids=[photo])
    log = put(org, "m1a").get_json()
    assert log["category"] is None and log["photo_ids"] == [] and log["version"] == 2


@pytest.mark.parametrize("now,status", [("2026-03-09T23:59:00+08:00", 200), ("2026-03-10T00:00:00+08:00", 422)])
def test_log5_edits_are_locked_after_lock_days(org, travel, now, status):
    travel("2026-03-02T18:00:00+08:00")
    put(org, "m1a")
    travel(now)
    response = put(org, "m1a", content="事后修改")
    if status == 422:
        error = assert_error(response, 422, "RULE_VIOLATION", rule="LOG-5")
        assert error["details"]["editable_until"] == "2026-03-09" and error["details"]["lock_days"] == 7
        log = org.as_("m1a").get(f"/logs/{org.person_id('m1a')}/{DAY}").get_json()
        assert log["content"] == TEXT and log["version"] == 1 and log["locked"] is True
    else:
        assert response.status_code == 200 and response.get_json()["content"] == "事后修改"


def test_log5_a_day_past_the_lock_cannot_be_backfilled_either(org, travel, signals):
    travel("2026-03-20T09:00:00+08:00")
    assert_error(put(org, "m1a"), 422, "RULE_VIOLATION", rule="LOG-5")
    assert signals == []


def test_log1_future_dates_are_refused(org, travel):
    travel("2026-03-02T23:59:30+08:00")
    error = assert_error(put(org, "m1a", day="2026-03-03"), 422, "RULE_VIOLATION", rule="LOG-1")
    assert error["details"]["reason"] == "FUTURE_DATE"


def test_log1_dates_outside_the_posting_are_refused(org, travel):
    travel("2026-01-03T09:00:00+08:00")
    error = assert_error(put(org, "m1a", day="2025-12-31"), 422, "RULE_VIOLATION", rule="LOG-1")
    assert error["details"]["reason"] == "NOT_POSTED"


@pytest.mark.parametrize("who", ["sec1", "admin", "viewer1"])
def test_only_cadres_write_logs(org, travel, who):
    travel("2026-03-02T18:00:00+08:00")
    assert_error(put(org, who), 403, "FORBIDDEN")


def test_writing_needs_a_token(org):
    assert_error(org.as_(None).put(f"/logs/{DAY}", json={"content": TEXT}), 401, "TOKEN_INVALID")


def test_a_first_writing_that_loses_a_race_is_409_not_500(org, travel, monkeypatch):
    """Two phones first-writing the same day at once: the unique (person, day) key decides, the loser retries."""
    from app.worklog import service

    travel("2026-03-02T18:00:00+08:00")
    put(org, "m1a", content="第一台手机")
    monkeypatch.setattr(service, "find_log_for_update", lambda person_id, day: None)  # it did not see the winner
    assert_error(put(org, "m1a", content="第二台手机"), 409, "LOG_WRITE_CONFLICT")
    monkeypatch.undo()
    log = org.as_("m1a").get(f"/logs/{org.person_id('m1a')}/{DAY}").get_json()
    assert log["content"] == "第一台手机" and log["version"] == 1
