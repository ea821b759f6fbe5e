"""ASSESS-1, pure: who is assessed, and the grade the rule table of ``config/policy.py`` suggests."""

from __future__ import annotations

import operator
from collections.abc import Mapping
from typing import Any

from app.attendance.rules import days_in_year
from config.policy import ASSESSMENT_GRADES

_OPS = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge, "==": operator.eq}

#: The figures' names in Chinese, for the reasons a suggestion gives.
METRIC_NAMES = {
    "attendance_days": "驻村天数", "year_end_attendance_days": "全年驻村天数（年内为预计）", "target": "应驻村天数",
    "fail_threshold": "不称职线", "present_days": "在岗天数", "business_days": "因公外出天数",
    "leave_days": "请假天数", "absent_days": "缺勤天数", "longest_absence_streak": "最长连续离村天数",
    "open_missed_logs": "待整改日志", "unfixed_missed_logs": "拒不整改日志", "corrections": "补卡次数",
    "duty_days_served": "值班天数", "open_recall_cases": "待处理召回", "confirmed_recall_cases": "已确认召回",
    "posted_days": "驻村期内天数",
}


def posted_more_than_half(posted_days: int, year: int, share: float) -> bool:
    """ASSESS-1 (工作半年以上): the planned posted days of the year (ATT-1's count) are more than
    ``share`` (0.5) of the year's days — 183 of 365 or 184 of 366 days at least."""
    return posted_days > share * days_in_year(year)


def suggest(metrics: Mapping[str, int | None], table: tuple[tuple[str, str, str, Any, str], ...],
            default: str) -> tuple[str, list[dict[str, Any]]]:
    """ASSESS-1: the suggested grade and the reasons for it.

    Each row of ``table`` (grade, metric, op, threshold, rule id) that holds caps the grade at its
    grade; the suggestion is the worst cap, or ``default`` when no row holds. The reasons are every
    row that holds, worst first, each naming its rule, the figure and the threshold it was held to.
    A figure not known yet (None: the year's projection before any day is counted) holds no row.
    """
    rank = ASSESSMENT_GRADES.index
    reasons = []
    for grade, metric, op, threshold, rule_id in table:
        limit = metrics[threshold] if isinstance(threshold, str) else threshold
        actual = metrics[metric]
        if actual is not None and limit is not None and _OPS[op](actual, limit):
            reasons.append({"rule": rule_id, "grade": grade, "metric": metric, "op": op, "value": actual,
                            "threshold": limit,
                            "text": f"{METRIC_NAMES[metric]} {actual} {op} {limit}（{rule_id}）→ {grade}"})
    reasons.sort(key=lambda r: -rank(r["grade"]))
    worst = max([rank(default), *(rank(r["grade"]) for r in reasons)])
    return ASSESSMENT_GRADES[worst], reasons
