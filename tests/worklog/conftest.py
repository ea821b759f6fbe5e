"""Fixtures for the work-log tests."""

from __future__ import annotations

import pytest


@pytest.fixture
def go(org, travel):
    """Travel in time and log everyone in again (tokens last 7 days; the lock tests jump further)."""

    def jump(when: str) -> None:
        travel(when)
        org._tokens.clear()

    return jump
