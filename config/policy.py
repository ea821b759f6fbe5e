"""Every number of the policy (../shared/RULES.md), named, with its rule id and clause.

Nothing else in the code hard-codes a threshold: a county whose document differs edits this file
(or sets ``POLICY_OVERRIDES``, JSON in the environment or a dict in the app config, read by
``overridden``) and changes numbers, not code. Each field's
metadata carries the rule id and the clause of 神巩衔发〔2021〕6号 it comes from, so
``python -m config.policy`` prints the whole table for an auditor.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import time
from typing import Any, get_type_hints


def rule(default: Any, rule_id: str, clause: str = "—", note: str = "") -> Any:
    """A policy parameter: its default and where it comes from."""
    if isinstance(default, (list, dict, set)):
        raise TypeError("policy defaults must be immutable (use tuples)")
    return field(default=default, metadata={"rule": rule_id, "clause": clause, "note": note})


@dataclass(frozen=True)
class Policy:
    # §1 Organisation -------------------------------------------------------------------------
    party_standing_years_min: int = rule(1, "ORG-4", "四", "first secretary: ≥1 year as formal CPC member")
    work_experience_years_min: int = rule(2, "ORG-4", "四", "first secretary: ≥2 years of work")
    excluded_sources: tuple[str, ...] = rule(
        ("temporary", "public_welfare", "seconded", "logistics"), "ORG-4", "四",
        "临时聘用人员, 公益性岗位人员, 借调人员, 机关和事业单位工勤人员 may not be dispatched")
    full_team_village_types: tuple[str, ...] = rule(
        ("脱贫村", "易地扶贫搬迁安置村", "乡村振兴示范村"), "ORG-3", "三", "need a full team")
    first_secretary_village_types: tuple[str, ...] = rule(
        ("党组织软弱涣散村", "红色美丽村庄建设试点村"), "ORG-3", "三", "need a first secretary")
    team_min_leaders: int = rule(1, "ORG-3", "三")
    team_min_members: int = rule(2, "ORG-3", "三")
    term_min_years: int = rule(2, "ORG-5", "七(一)")
    handover_working_days: int = rule(30, "ORG-5", "七(一)")
    invite_code_ttl_days: int = rule(30, "ORG-2", "—", "one-time WeChat binding codes (API.md)")

    # §2 Attendance ---------------------------------------------------------------------------
    attendance_target_days: int = rule(220, "ATT-1", "七(二)3", "prorated by posted days")
    attendance_fail_days: int = rule(200, "ATT-2", "七(三)3", "below → 不称职 and recall")
    projection_min_days: int = rule(30, "ATT-2", "七(三)3", "posted days before projecting")
    absence_streak_alert_town_days: int = rule(3, "ATT-3", "七(三)3")
    absence_streak_alert_city_days: int = rule(7, "ATT-3", "七(三)3")
    absence_streak_recall_days: int = rule(15, "ATT-3", "七(三)3")
    absence_cumulative_alert_days: tuple[int, ...] = rule((20, 25), "ATT-4", "七(三)3")
    absence_cumulative_recall_over: int = rule(30, "ATT-4", "七(三)3", "recall when strictly over")
    checkins_required_per_day: int = rule(1, "ATT-1", "七(二)3", "accepted check-ins for `present`")
    no_show_digest_time: time = rule(time(10, 0), "ATT-6")

    # §3 Check-in -----------------------------------------------------------------------------
    default_fence_radius_m: float = rule(1000.0, "CHK-1")
    default_coord_system: str = rule("gcj02", "CHK-2")
    max_accuracy_m: float = rule(200.0, "CHK-4")
    accuracy_sane_max_m: float = rule(100_000.0, "CHK-4", "—", "beyond this a reported accuracy is garbage (400)")
    max_speed_kmh: float = rule(200.0, "CHK-5")
    offline_grace_h: int = rule(72, "CHK-6")
    max_clock_skew_s: int = rule(300, "CHK-6")
    correction_max_distance_m: float = rule(3000.0, "CHK-9", "—", "OUTSIDE_FENCE this near may be corrected")
    correction_window_days: int = rule(3, "CHK-9", "—", "days after the day during which 补卡 may be asked")
    corrections_per_month: int = rule(3, "CHK-9", "—", "pending or approved corrections per calendar month")
    correction_without_attempt: bool = rule(True, "CHK-9", "—", "a day with no check-in at all may be corrected")

    # §4 Work logs ----------------------------------------------------------------------------
    log_categories: tuple[str, ...] = rule(
        ("建强村党组织", "推进强村富民", "提升治理水平", "为民办事服务"), "LOG-1", "六")
    log_content_min_chars: int = rule(1, "LOG-1", "六", "after trimming white space")
    log_content_max_chars: int = rule(5000, "LOG-1", "六", "a long day's account in Chinese")
    log_max_photos: int = rule(9, "LOG-1", "六", "WeChat's image picker limit")
    log_deadline: time = rule(time(23, 59), "LOG-2", "七(三)3")
    rectify_days: int = rule(3, "LOG-3", "七(三)3")
    unfixed_missed_logs_recall: int = rule(3, "LOG-4", "七(三)3")
    log_lock_days: int = rule(7, "LOG-5", "七(二)", "days after the date during which a log may be written")
    log_comment_max_chars: int = rule(1000, "LOG-5", "七(二)", "a leader's or secretary's comment on a log")

    # §5 Leave and trips ----------------------------------------------------------------------
    short_leave_max_days: float = rule(3, "LV-1", "七(二)3", "≤ this: one approver; above: two levels")
    leave_backdate_days: int = rule(3, "LV-3")
    leave_max_request_days: int = rule(366, "LV-3", "—", "a request longer than a year is refused")
    leave_cumulative_alert_days: tuple[int, ...] = rule((20, 25), "LV-6", "七(二)3")
    leave_cumulative_recall_over: float = rule(30, "LV-6", "七(二)3", "recall when strictly over")

    # §6 Duty ---------------------------------------------------------------------------------
    roster_lead_days: int = rule(7, "DUTY-2", "七(二)3")
    duty_min_cadres: int = rule(1, "DUTY-1", "七(二)3")
    duty_checkin_deadline: time = rule(time(10, 0), "DUTY-3", "七(二)3")
    duty_swap_backdate_days: int = rule(3, "DUTY-2", "七(二)3", "a swap may touch days this far back")
    calendar_fixed_holidays: tuple[tuple[str, int], ...] = rule(
        (("01-01", 1999), ("05-01", 1999), ("05-02", 2025), ("10-01", 1999), ("10-02", 1999), ("10-03", 1999)),
        "DUTY-4", "—", "fixed-date statutory holidays (全国年节及纪念日放假办法, as revised in 2024: 05-02 "
        "from 2025) every override of a year must list, as (MM-DD, first year)")
    calendar_remind_from: str = rule("11-01", "DUTY-4", "—", "MM-DD of the year before: from then the city "
                                     "office is reminded to enter a year only the provisional calendar knows")
    calendar_remind_every_days: int = rule(7, "DUTY-4", "—", "days between two reminders, until the year is entered")

    # §7 Recall, assessment, reporting --------------------------------------------------------
    no_promotion_years: int = rule(2, "RECALL-2", "七(三)4")
    assessment_min_posted_share: float = rule(
        0.5, "ASSESS-1", "七(三)1", "assessed when planned posted days in the year > this share of its days "
        "(0.5: ≥183 of 365, ≥184 of 366)")
    assessment_default_grade: str = rule("称职", "ASSESS-1", "七(三)1", "suggested when no row of the table caps it")
    # Each row caps the suggested grade: (grade, metric, op, threshold, rule id). The threshold is a
    # number or the name of another metric; the suggestion is the worst grade of the matching rows.
    assessment_grade_rules: tuple[tuple[str, str, str, Any, str], ...] = rule(
        (("不称职", "confirmed_recall_cases", ">=", 1, "RECALL-2"),
         ("不称职", "year_end_attendance_days", "<", "fail_threshold", "ATT-2"),
         ("不称职", "longest_absence_streak", ">=", 15, "ATT-3"),
         ("不称职", "absent_days", ">", 30, "ATT-4"),
         ("不称职", "unfixed_missed_logs", ">=", 3, "LOG-4"),
         ("基本称职", "leave_days", ">", 30, "LV-6"),
         ("基本称职", "open_recall_cases", ">=", 1, "RECALL-1"),
         ("基本称职", "year_end_attendance_days", "<", "target", "ATT-1")),
        "ASSESS-1", "七(三)1,3", "the suggested grade's rule table (the city office's grade is final)")
    report_cadence_months: tuple[tuple[str, int], ...] = rule(
        (("town", 1), ("unit", 3), ("city", 6)), "REPORT-1", "七(二)2")
    report_due_day: int = rule(5, "REPORT-1", "七(二)2",
                               "a period's report is due by this day of the month after the period ends")
    report_reminder_lead_days: int = rule(3, "REPORT-1", "七(二)2",
                                          "the team is reminded this many days before the due date")
    report_content_max_chars: int = rule(20000, "REPORT-1", "七(二)2", "a report's text")
    report_max_attachments: int = rule(9, "REPORT-1", "七(二)2", "photos attached to one report")

    # §8 Boards: how near a recall rule a cadre must be to carry it in the period board's risk list
    risk_streak_days: int = rule(7, "VIEW-2", "七(三)3", "current absence run ≥ this → risk ATT-3 (recall at 15)")
    risk_absent_days: int = rule(20, "VIEW-2", "七(三)3", "absent days ≥ this → risk ATT-4 (recall over 30)")
    risk_leave_days: float = rule(20, "VIEW-2", "七(二)3", "approved leave days ≥ this → risk LV-6 (recall over 30)")
    risk_unfixed_logs: int = rule(2, "VIEW-2", "七(三)3", "unfixed missed logs ≥ this → risk LOG-4 (recall at 3)")

    # §9 Inspection, visits, allowances ------------------------------------------------------
    rollcall_answer_min: int = rule(30, "INSPECT-1", "七(二)3")
    town_spot_checks_per_month: int = rule(1, "INSPECT-2", "七(二)3")
    city_inspections_per_quarter: int = rule(1, "INSPECT-2", "七(二)3")
    unit_leader_visits_per_half_year: int = rule(1, "VISIT-1", "八(一)")
    unit_visits_per_year: int = rule(2, "VISIT-1", "八(二)3")
    communication_subsidy_yuan_month: int = rule(100, "PAY-1", "八(二)2")
    meal_allowance_default_yuan_day: str = rule("40.00", "PAY-1", "八(二)2",
                                                "a unit's travel-meal rate when the org import gives none (yuan)")
    transport_allowance_yuan_by_tier: tuple[tuple[str, str], ...] = rule(
        (("near", "100.00"), ("middle", "200.00"), ("far", "300.00")), "PAY-1", "八(二)2",
        "monthly transport allowance per village distance tier (village attribute of the org import), yuan")

    def __post_init__(self) -> None:
        check_grade_rules(self.assessment_grade_rules, self.assessment_default_grade)

    def replace(self, **changes: Any) -> Policy:
        return dataclasses.replace(self, **changes)


#: ASSESS-1: the grades (best first), the figures a grade rule may compare and its comparisons.
ASSESSMENT_GRADES = ("优秀", "称职", "基本称职", "不称职")
ASSESSMENT_METRICS = ("attendance_days", "year_end_attendance_days", "target", "fail_threshold", "present_days",
                      "business_days", "leave_days", "absent_days", "longest_absence_streak", "open_missed_logs",
                      "unfixed_missed_logs", "corrections", "duty_days_served", "open_recall_cases",
                      "confirmed_recall_cases", "posted_days")
ASSESSMENT_OPS = ("<", "<=", ">", ">=", "==")


def check_grade_rules(rows: tuple, default: str) -> None:
    """ASSESS-1: refuse a rule table naming an unknown grade, figure or comparison (ValueError)."""
    if default not in ASSESSMENT_GRADES:
        raise ValueError(f"assessment_default_grade must be one of {ASSESSMENT_GRADES}, not {default!r}")
    for row in rows:
        ok = (isinstance(row, tuple) and len(row) == 5 and row[0] in ASSESSMENT_GRADES
              and row[1] in ASSESSMENT_METRICS and row[2] in ASSESSMENT_OPS and isinstance(row[4], str)
              and (row[3] in ASSESSMENT_METRICS or (isinstance(row[3], (int, float)) and not isinstance(row[3], bool))))
        if not ok:
            raise ValueError(f"assessment_grade_rules: bad row {row!r} "
                             "(want [grade, metric, op, number or metric, rule id])")


DEFAULT_POLICY = Policy()


def overridden(overrides: Mapping[str, Any], base: Policy = DEFAULT_POLICY) -> Policy:
    """``base`` with a deployment's ``POLICY_OVERRIDES``, given as JSON values or as Python ones.

    JSON has no times or tuples: "HH:MM" stands for a time and a list for a tuple. A name that is
    no parameter, or a value of the wrong kind, is refused (ValueError) so that a typo cannot leave
    the default silently in force.
    """
    hints = get_type_hints(Policy)
    unknown = sorted(set(overrides) - set(hints))
    if unknown:
        raise ValueError(f"POLICY_OVERRIDES names no policy parameter: {', '.join(unknown)}")
    return base.replace(**{name: _as(hints[name], name, value) for name, value in overrides.items()})


def _as(kind: Any, name: str, value: Any) -> Any:
    """``value`` as the parameter's type (``kind``, from its annotation), or ValueError."""
    wanted = getattr(kind, "__origin__", kind)  # tuple[str, ...] → tuple
    try:
        if wanted is time and isinstance(value, str):
            value = time.fromisoformat(value)
        elif wanted is tuple and isinstance(value, list):
            value = tuple(tuple(v) if isinstance(v, list) else v for v in value)
        elif wanted is float and type(value) is int:
            value = float(value)
    except ValueError:
        pass
    if isinstance(value, wanted) and not isinstance(value, bool):
        return value
    raise ValueError(f"POLICY_OVERRIDES: {name} must be {wanted.__name__}, not {value!r}")


def describe(policy: Policy = DEFAULT_POLICY) -> list[dict[str, Any]]:
    """The policy as rows (name, value, rule, clause, note), for documentation and audits."""
    return [
        {"name": f.name, "value": getattr(policy, f.name), **f.metadata}
        for f in dataclasses.fields(policy)
    ]


if __name__ == "__main__":  # pragma: no cover - a printout for humans
    for row in describe():
        print(f"{row['rule']:<10} {row['clause']:<8} {row['name']:<34} {row['value']!r}  {row['note']}")
