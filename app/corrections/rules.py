"""CHK-9: may this day be corrected (补卡)? A pure function of plain data, thresholds from the policy."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from config.policy import DEFAULT_POLICY, Policy

#: Rejections a correction can repair: a weak fix, or one just outside the fence (within the distance).
WEAK_SIGNAL = ("LOW_ACCURACY", "OUTSIDE_FENCE")


@dataclass(frozen=True)
class Refusal:
    """Why a correction is refused: a reason code of API.md, the two messages, and what it saw."""

    reason: str
    message: str
    message_en: str
    details: dict = field(default_factory=dict)


@dataclass(frozen=True)
class DayFacts:
    """What the service read about the day: accepted check-ins, the rejected attempts as (reason,
    distance_m), whether the day is due in the village (a working or duty day, no approved leave or
    trip), whether an approved correction already covers it, and the month's corrections so far."""

    accepted: int
    attempts: Sequence[tuple[str | None, float | None]]
    due: bool
    corrected: bool
    used_this_month: int


def repairable(reason: str | None, distance_m: float | None, max_distance_m: float) -> bool:
    """CHK-9: a rejection a correction may stand in for — a weak fix (LOW_ACCURACY) or one outside the
    fence, whose point lies within ``max_distance_m`` of the fence. A weak fix whose point is farther
    is evidence of being elsewhere, not of a weak signal in the village, so it is not repairable."""
    if reason not in WEAK_SIGNAL:
        return False
    if distance_m is None:
        return reason == "LOW_ACCURACY"
    return distance_m <= max_distance_m


def check_correction(day: date, today: date, facts: DayFacts, policy: Policy = DEFAULT_POLICY) -> Refusal | None:
    """CHK-9: None when ``day`` may be corrected, else the refusal (the first that applies)."""
    if day > today:
        return Refusal("NOT_ELIGIBLE", "不能为尚未到来的日期补卡", "a day that has not come cannot be corrected")
    if (today - day).days > policy.correction_window_days:
        return Refusal("WINDOW_PASSED", f"补卡须在当日起{policy.correction_window_days}天内申请",
                       f"a correction must be asked within {policy.correction_window_days} days of the day",
                       {"window_days": policy.correction_window_days})
    if facts.corrected or facts.accepted >= policy.checkins_required_per_day:
        return Refusal("ALREADY_PRESENT", "该日已计为在岗，无需补卡", "the day already counts as present")
    if not facts.due:
        return Refusal("NOT_ELIGIBLE", "该日为休息日或已批准请假/外出，无需补卡",
                       "the day is a rest day or covered by an approved leave or trip")
    far = [distance for reason, distance in facts.attempts
           if not repairable(reason, distance, policy.correction_max_distance_m)]
    if far:
        return Refusal("NOT_ELIGIBLE",
                       f"当日打卡被拒并非因定位信号弱（距村{policy.correction_max_distance_m:g}米以内），不能补卡",
                       f"the day's check-ins were refused for other reasons than a weak fix within "
                       f"{policy.correction_max_distance_m:g} m",
                       {"max_distance_m": policy.correction_max_distance_m,
                        "reasons": sorted({r or "" for r, _ in facts.attempts})})
    if not facts.attempts and not policy.correction_without_attempt:
        return Refusal("NOT_ELIGIBLE", "当日没有被拒的打卡记录，不能补卡", "the day has no refused check-in to correct")
    if facts.used_this_month >= policy.corrections_per_month:
        return Refusal("MONTHLY_LIMIT", f"每月最多补卡{policy.corrections_per_month}次",
                       f"at most {policy.corrections_per_month} corrections a month",
                       {"limit": policy.corrections_per_month, "used": facts.used_this_month})
    return None
