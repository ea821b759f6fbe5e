"""Fixtures of the ASSESS-1 / RECALL-2 tests: the fortnight of tests/assessment/scenario.py."""

from __future__ import annotations

import pytest

from tests.assessment.scenario import walk


@pytest.fixture
def fortnight(api, tmp_path, travel):
    walk(api, tmp_path, travel)
    return api
