"""Pure rules of the duty roster (DUTY-1/2): no database, no Flask."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Candidate:
    """A cadre who could take a duty day: their duty count in that year and their latest duty."""

    person_id: int
    duty_count: int
    last_duty: date | None


def duty_order(candidate: Candidate) -> tuple[int, date, int]:
    """DUTY-2: fewest duty days so far in the year, then the longest since the last duty, then id."""
    return candidate.duty_count, candidate.last_duty or date.min, candidate.person_id


def pick_on_duty(candidates: Iterable[Candidate], needed: int) -> list[int]:
    """DUTY-2: the ``needed`` cadres (or fewer, if there are not enough) to put on duty."""
    return [c.person_id for c in sorted(candidates, key=duty_order)[:max(needed, 0)]]
