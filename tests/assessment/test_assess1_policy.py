"""ASSESS-1: the grade table is policy — checked when the app starts, pure when it suggests."""

from __future__ import annotations

import pytest

from app import create_app
from app.assessment.rules import posted_more_than_half, suggest
from config.policy import DEFAULT_POLICY

FIGURES = {"attendance_days": 210, "year_end_attendance_days": 210, "target": 220, "fail_threshold": 200,
           "present_days": 200, "business_days": 10, "leave_days": 5, "absent_days": 2, "longest_absence_streak": 2,
           "open_missed_logs": 0, "unfixed_missed_logs": 0, "corrections": 0, "duty_days_served": 10,
           "open_recall_cases": 0, "confirmed_recall_cases": 0, "posted_days": 365}


@pytest.mark.parametrize("row", [["良好", "absent_days", ">", 1, "ATT-4"], ["不称职", "mood", ">", 1, "ATT-4"],
                                 ["不称职", "absent_days", "~", 1, "ATT-4"], ["不称职", "absent_days", ">", "x", "A"],
                                 ["不称职", "absent_days", ">", 1]])
def test_assess1_a_bad_grade_table_stops_the_start(tmp_path, row):
    with pytest.raises(ValueError, match="assessment_grade_rules"):
        create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'p.db'}",
                    "POLICY_OVERRIDES": {"assessment_grade_rules": [row]}})


def test_assess1_the_worst_holding_row_caps_the_suggestion():
    table = DEFAULT_POLICY.assessment_grade_rules
    assert suggest(FIGURES, table, "称职") == ("基本称职", [
        {"rule": "ATT-1", "grade": "基本称职", "metric": "year_end_attendance_days", "op": "<", "value": 210,
         "threshold": 220, "text": "全年驻村天数（年内为预计） 210 < 220（ATT-1）→ 基本称职"}])
    grade, reasons = suggest({**FIGURES, "confirmed_recall_cases": 1, "year_end_attendance_days": 190}, table, "称职")
    assert grade == "不称职" and [r["rule"] for r in reasons] == ["RECALL-2", "ATT-2", "ATT-1"]
    assert suggest({**FIGURES, "year_end_attendance_days": 220}, table, "称职") == ("称职", [])
    assert suggest({**FIGURES, "year_end_attendance_days": None}, table, "称职") == ("称职", [])  # nothing counted


def test_assess1_half_a_year_is_strictly_more_than_half_its_days():
    assert posted_more_than_half(183, 2026, 0.5) and not posted_more_than_half(182, 2026, 0.5)
    assert posted_more_than_half(184, 2028, 0.5) and not posted_more_than_half(183, 2028, 0.5)
