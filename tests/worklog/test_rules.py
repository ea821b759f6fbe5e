"""LOG-1, LOG-2, LOG-5 as pure functions: due days, the deadline minute, the lock, the content limits."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from app.clock import BUSINESS_TZ
from app.worklog import rules
from config.policy import DEFAULT_POLICY

DAY = date(2026, 3, 2)


def local(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=BUSINESS_TZ)


def test_log1_due_on_present_and_business_days_only():
    statuses = {date(2026, 3, d): s for d, s in
                [(6, "present"), (2, "business"), (3, "absent"), (4, "leave"), (5, "rest"), (7, "not_posted"),
                 (8, "present")]}
    assert rules.due_days(statuses) == [date(2026, 3, 2), date(2026, 3, 6), date(2026, 3, 8)]
    assert rules.due_days({}) == []


@pytest.mark.parametrize("written,late", [
    ("2026-03-02 08:00:00", False),
    ("2026-03-02 23:58:59.999999", False),
    ("2026-03-02 23:59:00", False),
    ("2026-03-02 23:59:59.999999", False),
    ("2026-03-03 00:00:00", True),
    ("2026-03-05 09:00:00", True),
])
def test_log2_deadline_is_the_minute_2359_of_the_same_day(written, late):
    assert rules.is_late(DAY, local(written), time(23, 59)) is late


def test_log2_deadline_is_read_on_the_shanghai_clock():
    # 15:59:30 UTC is 23:59:30 in Shanghai (on time); 16:00 UTC is midnight (late).
    assert rules.is_late(DAY, datetime.fromisoformat("2026-03-02T15:59:30+00:00"), time(23, 59)) is False
    assert rules.is_late(DAY, datetime.fromisoformat("2026-03-02T16:00:00+00:00"), time(23, 59)) is True
    assert rules.is_late(DAY, local("2026-03-02 18:00:00"), time(17, 30)) is True


@pytest.mark.parametrize("today,locked", [(date(2026, 3, 2), False), (date(2026, 3, 9), False),
                                          (date(2026, 3, 10), True), (date(2027, 1, 1), True)])
def test_log5_lock_after_lock_days(today, locked):
    assert rules.last_editable_day(DAY, 7) == date(2026, 3, 9)
    assert rules.is_locked(DAY, today, 7) is locked


@pytest.mark.parametrize("content,reason", [("", "CONTENT_EMPTY"), ("   \n\t\u3000 ", "CONTENT_EMPTY"),
                                            ("字" * 5001, "CONTENT_TOO_LONG")])
def test_log1_content_limits(content, reason):
    problem = rules.content_problem(content, DEFAULT_POLICY)
    assert problem is not None and problem.reason == reason


def test_log1_content_is_counted_in_characters_after_trimming():
    assert rules.content_problem("  " + "字" * 5000 + "\n", DEFAULT_POLICY) is None
    assert rules.content_problem("𠀀" * 5000, DEFAULT_POLICY) is None  # one character each, not two
    assert rules.content_problem("x", DEFAULT_POLICY.replace(log_content_min_chars=2)).reason == "CONTENT_TOO_SHORT"


def test_log1_category_and_photo_limits():
    assert rules.category_problem(None, DEFAULT_POLICY) is None
    assert rules.category_problem("推进强村富民", DEFAULT_POLICY) is None
    assert rules.category_problem("吃饭", DEFAULT_POLICY).reason == "UNKNOWN_CATEGORY"
    assert rules.photos_problem(list(range(9)), DEFAULT_POLICY) is None
    assert rules.photos_problem(list(range(10)), DEFAULT_POLICY).details["max_photos"] == 9


def test_changed_fields():
    old = {"content": "a", "category": None, "photo_ids": [1]}
    assert rules.changed_fields(None, old) == ["content", "category", "photo_ids"]
    assert rules.changed_fields(old, dict(old)) == []
    assert rules.changed_fields(old, {**old, "photo_ids": [1, 2], "category": "提升治理水平"}) == [
        "category", "photo_ids"]
