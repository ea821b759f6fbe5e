"""The check-in path reads its caller in its own query (issue 3): the same 401/403 as ``require_user``."""

from __future__ import annotations

import pytest
from sqlalchemy import update

from app.auth import tokens
from app.extensions import db
from app.org.models import Person
from tests.checkin.conftest import body, checkin_count, post
from tests.helpers import assert_error
from tests.orgdata import V2_WGS

pytestmark = pytest.mark.usefixtures("at_nine")


def test_org2_checkin_with_a_revoked_token_is_401_and_stores_nothing(org, app):
    token = org.token("m1a")
    before = checkin_count(org)
    with app.app_context():
        db.session.execute(update(Person).where(Person.id == org.person_id("m1a"))
                           .values(token_version=Person.token_version + 1))
        db.session.commit()
    response = org.client.post("/api/v1/checkins", json=body(),
                               headers={"Authorization": f"Bearer {token}", "Idempotency-Key": "revoked-1"})
    assert_error(response, 401, "TOKEN_INVALID")
    assert checkin_count(org) == before


def test_org2_checkin_with_a_token_of_no_such_person_is_401(org, app):
    class Ghost:
        id, token_version = 999_999, 1

    with app.test_request_context():
        token, _ = tokens.issue(Ghost)
    response = org.client.post("/api/v1/checkins", json=body(),
                               headers={"Authorization": f"Bearer {token}", "Idempotency-Key": "ghost-1"})
    assert_error(response, 401, "TOKEN_INVALID")


def test_org2_checkin_role_is_checked_before_the_key(org):
    """A secretary without an Idempotency-Key is told 403 (who may), not 400 (how), as before."""
    assert_error(post(org, "sec1", body(), key=None), 403, "FORBIDDEN", rule="ORG-2")


def test_chk5_previous_fix_is_the_callers_own(org):
    """The previous accepted fix is read with the caller in one query: another cadre's fix 50 km
    away a minute earlier must not make this one implausible."""
    far = post(org, "m2a", body(V2_WGS, system="wgs84", captured_at="2026-03-02T08:59:00+08:00")).get_json()
    assert far["status"] == "accepted"  # in v2, ≈ 14 km from v1
    near = post(org, "m1a", body(captured_at="2026-03-02T09:00:00+08:00")).get_json()
    assert (near["status"], near["reason"]) == ("accepted", None)
