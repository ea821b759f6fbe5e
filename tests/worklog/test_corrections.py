"""LOG-5: after the lock a log changes only by a recorded correction (the author's, with a reason)."""

from __future__ import annotations

from tests.helpers import assert_error
from tests.worklog.test_write import DAY, TEXT, put


def correct(org, who, day=DAY, **body):
    body.setdefault("content", "更正：下午会议改为研究村集体经济分红方案（原记录日期有误）")
    body.setdefault("reason", "会议内容记录有误，依据会议纪要更正")
    return org.as_(who).post(f"/logs/{day}/corrections", json=body)


def test_log5_a_locked_log_is_corrected_with_a_recorded_reason(org, travel):
    travel("2026-03-02T18:00:00+08:00")
    put(org, "m1a")
    travel("2026-03-15T09:00:00+08:00")
    answer = correct(org, "m1a")
    assert answer.status_code == 200, answer.get_json()
    log = answer.get_json()
    assert log["version"] == 2 and log["content"].startswith("更正") and log["late"] is False
    versions = org.as_("l1").get(f"/logs/{org.person_id('m1a')}/{DAY}/versions").get_json()["items"]
    assert [v["correction_reason"] for v in versions] == [None, "会议内容记录有误，依据会议纪要更正"]
    assert versions[0]["content"] == TEXT  # the original is kept
    assert org.as_("sec1").get(f"/logs/{org.person_id('m1a')}/{DAY}/versions").status_code == 200


def test_log5_a_log_still_editable_is_edited_not_corrected(org, travel):
    travel("2026-03-02T18:00:00+08:00")
    put(org, "m1a")
    error = assert_error(correct(org, "m1a"), 422, "RULE_VIOLATION", rule="LOG-5")
    assert error["details"]["reason"] == "NOT_LOCKED"


def test_log5_a_log_never_written_cannot_be_corrected_into_existence(org, travel):
    travel("2026-03-15T09:00:00+08:00")
    error = assert_error(correct(org, "m1a"), 422, "RULE_VIOLATION", rule="LOG-5")
    assert error["details"]["reason"] == "NO_LOG"


def test_log5_a_correction_needs_a_reason_and_valid_content(org, travel):
    travel("2026-03-02T18:00:00+08:00")
    put(org, "m1a")
    travel("2026-03-15T09:00:00+08:00")
    assert_error(correct(org, "m1a", reason=""), 400, "VALIDATION_ERROR")
    assert_error(org.as_("m1a").post(f"/logs/{DAY}/corrections", json={"content": "x"}), 400, "VALIDATION_ERROR")
    assert_error(correct(org, "m1a", content="   "), 422, "RULE_VIOLATION", rule="LOG-1")
    assert_error(correct(org, "sec1"), 403, "FORBIDDEN")
    log = org.as_("m1a").get(f"/logs/{org.person_id('m1a')}/{DAY}").get_json()
    assert log["content"] == TEXT and log["version"] == 1
