"""PAY-1: the allowance of one cadre for one month, line by line, in exact decimals (pure)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

FEN = Decimal("0.01")


def yuan(value: int | str | Decimal) -> Decimal:
    """An amount in yuan to the fen, never through a float."""
    if isinstance(value, float):
        raise TypeError("amounts are never floats")
    return Decimal(value).quantize(FEN)


@dataclass(frozen=True)
class AllowanceLine:
    """PAY-1: communication subsidy + attendance days × the unit's meal rate + the tier's transport allowance."""

    attendance_days: int
    communication: Decimal
    meal_rate: Decimal
    meal: Decimal
    transport_tier: str | None
    transport: Decimal
    total: Decimal


def allowance_line(attendance_days: int, communication: Decimal, meal_rate: Decimal, tier: str | None,
                   tiers: dict[str, Decimal]) -> AllowanceLine:
    """PAY-1: the month's allowance of a cadre (a village without a tier gets no transport allowance)."""
    meal = (meal_rate * attendance_days).quantize(FEN)
    transport = tiers.get(tier, Decimal("0.00")) if tier else Decimal("0.00")
    return AllowanceLine(attendance_days, communication, meal_rate, meal, tier, transport,
                         communication + meal + transport)
