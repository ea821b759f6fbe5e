"""CHK-9 corrections (补卡) as the period board counts them: the one seam to the corrections package."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date


def corrections_count(person_ids: Iterable[int], start: date, end: date) -> dict[int, int]:
    """VIEW-2: approved attendance corrections (CHK-9) per person dated in [start, end].

    The corrections package (CHK-9, built in parallel) will feed this with one grouped COUNT over
    its table; until it is merged no correction can exist, so every person counts 0. The period
    board reads corrections only through this function.
    """
    return dict.fromkeys(person_ids, 0)
