"""CHK-9's count for the assessment: attendance corrections (补卡) approved per cadre in a year."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from app.corrections.service import approved_counts


def approved_corrections(person_ids: Iterable[int], year: int) -> dict[int, int]:
    """The number of approved attendance corrections (CHK-9) of each person in ``year``, every
    person given a key; one grouped statement for all ``person_ids`` (RULES CHK-9: corrections are
    counted in the assessment, ASSESS-1)."""
    return approved_counts(person_ids, date(year, 1, 1), date(year, 12, 31))
