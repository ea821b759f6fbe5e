"""Pure rules of the organisation (ORG-3, ORG-4): plain data in, decisions out."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from config.policy import Policy


@dataclass(frozen=True)
class Problem:
    """One reason an item cannot be accepted, with the rule that refuses it."""

    rule: str
    message: str
    message_en: str


def years_before(day: date, years: int) -> date:
    """The same calendar date ``years`` earlier (29 Feb → 28 Feb)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def posting_eligibility(*, posting_role: str, source: str | None, party_member: bool,
                        party_joined_on: date | None, work_started_on: date | None,
                        appointed_on: date, policy: Policy) -> tuple[list[Problem], list[str]]:
    """ORG-4: may this person be posted in this role on this date?

    Returns (problems, notes). Problems refuse the posting; notes are recorded but allowed
    (a member who is not a party member: 优先选派中共党员, not a bar).
    """
    problems: list[Problem] = []
    notes: list[str] = []
    if source in policy.excluded_sources:
        problems.append(Problem("ORG-4", f"来源为“{source}”的人员不得选派驻村",
                                f"people whose source is {source!r} may not be dispatched"))
    if posting_role == "leader":
        standing_needed = years_before(appointed_on, policy.party_standing_years_min)
        if not party_member or party_joined_on is None:
            problems.append(Problem("ORG-4", "第一书记须为中共正式党员",
                                    "a first secretary must be a formal CPC member"))
        elif party_joined_on > standing_needed:
            problems.append(Problem(
                "ORG-4", f"第一书记须有{policy.party_standing_years_min}年以上党龄",
                f"a first secretary needs ≥{policy.party_standing_years_min} year(s) of party standing"))
        work_needed = years_before(appointed_on, policy.work_experience_years_min)
        if work_started_on is None or work_started_on > work_needed:
            problems.append(Problem(
                "ORG-4", f"第一书记须有{policy.work_experience_years_min}年以上工作经历",
                f"a first secretary needs ≥{policy.work_experience_years_min} years of work experience"))
    elif not party_member:
        notes.append("非中共党员（优先选派中共党员） / not a party member (party members are preferred)")
    return problems, notes


@dataclass(frozen=True)
class Shortfall:
    """ORG-3: what a village's current team lacks."""

    leaders_needed: int
    members_needed: int

    def describe(self) -> tuple[str, str]:
        zh, en = [], []
        if self.leaders_needed:
            zh.append(f"缺第一书记{self.leaders_needed}名")
            en.append(f"{self.leaders_needed} first secretary missing")
        if self.members_needed:
            zh.append(f"缺工作队员{self.members_needed}名")
            en.append(f"{self.members_needed} team member(s) missing")
        return "；".join(zh), "; ".join(en)


def team_shortfall(village_types: Iterable[str], leaders: int, members: int,
                   policy: Policy) -> Shortfall | None:
    """ORG-3: None when the team meets what its village types require."""
    types = set(village_types)
    need_leaders = need_members = 0
    if types & set(policy.full_team_village_types):
        need_leaders, need_members = policy.team_min_leaders, policy.team_min_members
    elif types & set(policy.first_secretary_village_types):
        need_leaders = 1
    shortfall = Shortfall(max(0, need_leaders - leaders), max(0, need_members - members))
    return shortfall if shortfall.leaders_needed or shortfall.members_needed else None


# --- ORG-5: terms and handovers --------------------------------------------------------------------

ROTATION_REASONS = ("health", "transfer_out", "promotion")
EARLY_ROTATION_REASONS = ("health", "transfer_out")  # ORG-5: the only grounds to rotate before the term ends


@dataclass(frozen=True)
class TermProblem(Problem):
    """An ORG-5 refusal with a machine-readable code for ``details.reason``."""

    code: str = ""


def planned_term_end(start: date, years: int) -> date:
    """ORG-5: the last day of a term of ``years`` years from ``start`` (2026-01-01 → 2027-12-31)."""
    try:
        anniversary = start.replace(year=start.year + years)
    except ValueError:
        anniversary = start.replace(year=start.year + years, day=28)
    return anniversary - timedelta(days=1)


def term_problems(start: date, planned_end: date, years: int) -> list[TermProblem]:
    """ORG-5: a planned term is at least ``term_min_years`` years."""
    shortest = planned_term_end(start, years)
    if planned_end >= shortest:
        return []
    return [TermProblem("ORG-5", f"驻村任期一般不少于{years}年：计划结束日期不能早于{shortest.isoformat()}",
                        f"a term is normally at least {years} years: the planned end cannot be before {shortest}",
                        "TERM_TOO_SHORT")]


def handover_problems(*, working_days: int, required: int, ends_on: date, planned_end: date,
                      reason: str | None) -> list[TermProblem]:
    """ORG-5: a handover lasts ≥ ``handover_working_days`` working days; a rotation before the term's
    planned end needs a reason of health or transfer out of the unit — never promotion."""
    problems = []
    if working_days < required:
        problems.append(TermProblem(
            "ORG-5", f"交接期须不少于{required}个工作日（现为{working_days}个），新老干部同时在村",
            f"a handover needs at least {required} working days with both cadres posted ({working_days} given)",
            "HANDOVER_TOO_SHORT"))
    if ends_on < planned_end:
        if reason == "promotion":
            problems.append(TermProblem("ORG-5", "任期未满不能因提拔调整轮换，仅限身体原因或调离派出单位",
                                        "a rotation before the term ends cannot be for promotion "
                                        "(only health or transfer out of the unit)", "PROMOTION_NOT_ALLOWED"))
        elif reason not in EARLY_ROTATION_REASONS:
            problems.append(TermProblem("ORG-5",
                                        "任期未满轮换须说明原因：身体原因（health）或调离派出单位（transfer_out）",
                                        "a rotation before the term ends needs a reason: health or transfer_out",
                                        "REASON_REQUIRED"))
    return problems
