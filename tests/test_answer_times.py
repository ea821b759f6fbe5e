"""API.md: times in answers carry the +08:00 offset (Asia/Shanghai); a client may send any offset.

A morning in Shenmu walked through the API — a check-in sent in UTC, a work log, a leave request
approved, the approver's alert, a WeChat login — and every time in every answer is read back.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from tests.checkin.conftest import body, post
from tests.leave.conftest import act, asked

INSTANT = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


def times(value: Any) -> Iterator[str]:
    """Every date-time string in an answer, at any depth."""
    if isinstance(value, str) and INSTANT.match(value):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from times(item)
    elif isinstance(value, list):
        for item in value:
            yield from times(item)


def test_times_in_answers_carry_plus_0800_whatever_offset_was_sent(org, travel):
    travel("2026-03-02T09:00:00+08:00")
    sent = post(org, "m1a", body(captured_at="2026-03-02T00:55:00Z"))  # 08:55 in Shenmu, sent in UTC
    assert sent.status_code == 201, sent.get_json()
    rid = asked(org, "m1a", "2026-03-05")["id"]
    answers = [
        org.as_("m1a").get("/checkins").get_json(),
        org.as_("m1a").put("/logs/2026-03-02", json={"content": "走访农户三户"}).get_json(),
        act(org, "l1", rid, "approve", "同意").get_json(),
        org.as_("l1").get("/alerts").get_json(),
        org.as_(None).post("/auth/login", json={"code": "code-openid-m1a",
                                                "invite_code": org.invite_codes["m1a"]}).get_json(),
    ]
    assert answers[0]["items"][0]["captured_at"] == "2026-03-02T08:55:00+08:00"
    found = [t for answer in answers for t in times(answer)]
    assert len(found) >= 8, found
    assert all(t.endswith("+08:00") for t in found), found
