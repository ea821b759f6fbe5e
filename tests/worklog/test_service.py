"""The interface the day close (LOG-3) builds on: due days (LOG-1) and the logs written in a range."""

from __future__ import annotations

from datetime import date, datetime

from app.worklog.service import due_days, written_logs


def test_log1_due_days_are_present_and_business_days():
    statuses = {date(2026, 3, 2): "present", date(2026, 3, 3): "absent", date(2026, 3, 4): "business",
                date(2026, 3, 7): "rest", date(2026, 3, 8): "present", date(2026, 3, 5): "leave"}
    assert due_days(statuses) == [date(2026, 3, 2), date(2026, 3, 4), date(2026, 3, 8)]


def test_written_logs_give_first_writing_and_late_per_person_and_day(org, travel, app):
    travel("2026-03-02T21:00:00+08:00")
    org.as_("m1a").put("/logs/2026-03-02", json={"content": "走访"})
    travel("2026-03-03T08:00:00+08:00")
    org.as_("m1a").put("/logs/2026-03-02", json={"content": "走访（修改）"})
    org.as_("m1b").put("/logs/2026-03-02", json={"content": "补录"})
    org.as_("m1a").put("/logs/2026-03-03", json={"content": "今天"})
    m1a, m1b = org.person_id("m1a"), org.person_id("m1b")
    with app.app_context():
        everyone = written_logs(date(2026, 3, 1), date(2026, 3, 2))
        only_b = written_logs(date(2026, 3, 1), date(2026, 3, 31), person_ids=[m1b])
        nobody = written_logs(date(2026, 3, 1), date(2026, 3, 31), person_ids=[])
    assert set(everyone) == {m1a, m1b} and set(everyone[m1a]) == {date(2026, 3, 2)}
    on_time = everyone[m1a][date(2026, 3, 2)]
    assert on_time["late"] is False  # decided by the first writing, not the edit of the next morning
    written = on_time["first_written_at"]
    assert datetime.fromisoformat("2026-03-02T13:00:00+00:00") <= written < datetime.fromisoformat(
        "2026-03-02T13:01:00+00:00")
    assert only_b == {m1b: {date(2026, 3, 2): {"first_written_at": everyone[m1b][date(2026, 3, 2)]["first_written_at"],
                                               "late": True}}}
    assert nobody == {}
