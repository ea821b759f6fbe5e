"""CHK-9's count for the assessment: attendance corrections (补卡) approved per cadre in a year."""

from __future__ import annotations

from collections.abc import Iterable


def approved_corrections(person_ids: Iterable[int], year: int) -> dict[int, int]:
    """The number of approved attendance corrections (CHK-9) of each person in ``year``.

    The corrections package (CHK-9, being built beside this one) feeds this function: it answers 0
    for everyone until that package's table exists, and it is the one place the assessment reads
    corrections from, so wiring it is a change here only. One statement for all ``person_ids``.
    """
    return {person_id: 0 for person_id in person_ids}
