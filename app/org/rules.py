"""Pure rules of the organisation (ORG-3, ORG-4): plain data in, decisions out."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

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
