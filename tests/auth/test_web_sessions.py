"""Console sign-in by QR code (API.md /auth/web-sessions): one-time, expiring, role-checked, and
signed out per session. Through the API, as the browser and the mini-program would call it."""

from __future__ import annotations

from datetime import datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import select

from app import clock
from app.auth.models import WebSession
from app.extensions import db
from tests.helpers import assert_error


def start(api) -> dict:
    response = api.as_(None).post("/auth/web-sessions")
    assert response.status_code == 201, response.get_json()
    assert response.headers["Cache-Control"] == "no-store"
    return response.get_json()


def qr_code(started: dict) -> str:
    """The one-time code the QR shows (what the mini-program reads when it scans)."""
    return parse_qs(urlsplit(started["qr"]).query)["code"][0]


def poll(api, nonce: str):
    return api.as_(None).get(f"/auth/web-sessions/{nonce}")


def confirm(api, who: str, code: str):
    return api.as_(who).post(f"/auth/web-sessions/{code}/confirm")


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def sign_in(api, who: str) -> str:
    started = start(api)
    assert confirm(api, who, qr_code(started)).status_code == 200
    return poll(api, started["nonce"]).get_json()["token"]


def test_qr_sign_in_hands_the_browser_its_token_once(org):
    started = start(org)
    assert urlsplit(started["qr"]).path == "/console/scan"
    expires = datetime.fromisoformat(started["expires_at"])
    assert timedelta(seconds=110) < expires - clock.now() <= timedelta(seconds=120)
    assert poll(org, started["nonce"]).get_json()["status"] == "pending"

    confirmed = confirm(org, "sec1", qr_code(started))
    assert confirmed.status_code == 200, confirmed.get_json()
    assert confirmed.get_json()["user"]["name"] == "陈书记"

    signed_in = poll(org, started["nonce"])
    assert signed_in.status_code == 200 and signed_in.headers["Cache-Control"] == "no-store"
    body = signed_in.get_json()
    assert body["status"] == "signed_in" and body["user"]["role"] == "town_secretary"
    me = org.as_(None).get("/me", headers=bearer(body["token"]))
    assert me.status_code == 200 and me.get_json()["id"] == org.person_id("sec1")
    assert_error(poll(org, started["nonce"]), 404, "NOT_FOUND")


def test_the_nonce_itself_may_be_confirmed_as_api_md_describes(org):
    started = start(org)
    assert confirm(org, "admin", started["nonce"]).status_code == 200
    assert poll(org, started["nonce"]).get_json()["user"]["role"] == "city_admin"


def test_a_photo_of_the_qr_code_cannot_collect_the_token(org):
    started = start(org)
    code = qr_code(started)
    assert code != started["nonce"]
    assert_error(poll(org, code), 404, "NOT_FOUND")
    confirm(org, "l1", code)
    assert_error(poll(org, code), 404, "NOT_FOUND")
    assert poll(org, started["nonce"]).get_json()["status"] == "signed_in"


def test_only_hashes_of_the_nonce_and_the_code_are_stored(org):
    started = start(org)
    with org.app.app_context():
        row = db.session.scalar(select(WebSession))
        stored = " ".join(str(getattr(row, c.key)) for c in WebSession.__table__.columns)
    assert started["nonce"] not in stored and qr_code(started) not in stored


def test_a_nonce_expires_after_two_minutes(org, travel):
    travel("2026-03-02T09:00:00+08:00")
    started = start(org)
    travel("2026-03-02T09:02:01+08:00")
    assert_error(confirm(org, "sec1", qr_code(started)), 404, "NOT_FOUND")
    assert_error(poll(org, started["nonce"]), 404, "NOT_FOUND")


def test_a_confirm_just_in_time_leaves_the_browser_a_grace_to_collect(org, travel):
    travel("2026-03-02T09:00:00+08:00")
    started = start(org)
    travel("2026-03-02T09:01:55+08:00")
    assert confirm(org, "sec1", qr_code(started)).status_code == 200
    travel("2026-03-02T09:02:10+08:00")
    assert poll(org, started["nonce"]).get_json()["status"] == "signed_in"


def test_org2_a_member_is_told_the_console_is_not_for_their_role(org):
    started = start(org)
    error = assert_error(confirm(org, "m1a", qr_code(started)), 403, "CONSOLE_NOT_FOR_ROLE", rule="ORG-2")
    assert "小程序" in error["message"] and error["details"]["role"] == "member"
    assert_error(poll(org, started["nonce"]), 403, "CONSOLE_NOT_FOR_ROLE", rule="ORG-2")


@pytest.mark.parametrize("who", ["l1", "sec1", "admin", "viewer1"])
def test_org2_every_supervising_role_may_sign_in(org, who):
    token = sign_in(org, who)
    assert org.as_(None).get("/me", headers=bearer(token)).get_json()["id"] == org.person_id(who)


def test_a_confirmed_code_cannot_be_confirmed_again(org):
    started = start(org)
    assert confirm(org, "sec1", qr_code(started)).status_code == 200
    assert_error(confirm(org, "sec2", qr_code(started)), 409, "ALREADY_CONFIRMED")
    assert poll(org, started["nonce"]).get_json()["user"]["id"] == org.person_id("sec1")


def test_confirming_needs_the_mini_programs_token(org):
    started = start(org)
    assert_error(org.as_(None).post(f"/auth/web-sessions/{qr_code(started)}/confirm"), 401, "TOKEN_INVALID")
    assert_error(confirm(org, "sec1", "x" * 200), 404, "NOT_FOUND")
    assert_error(poll(org, "not-a-nonce-at-all"), 404, "NOT_FOUND")


def test_sign_out_revokes_that_console_session_only(org):
    first, second = sign_in(org, "l1"), sign_in(org, "l1")
    signed_out = org.as_(None).delete("/auth/web-sessions/current", headers=bearer(first))
    assert signed_out.status_code == 200 and signed_out.get_json()["revoked_at"]
    assert_error(org.as_(None).get("/me", headers=bearer(first)), 401, "TOKEN_INVALID")
    assert org.as_(None).get("/me", headers=bearer(second)).status_code == 200
    assert org.as_("l1").get("/me").status_code == 200  # the mini-program's token is untouched


def test_a_signed_out_console_token_is_refused_on_the_check_in_path_too(org):
    token = sign_in(org, "l1")
    org.as_(None).delete("/auth/web-sessions/current", headers=bearer(token))
    body = {"lat": 39.27, "lon": 110.29, "accuracy_m": 10, "captured_at": clock.now().isoformat()}
    response = org.as_(None).post("/checkins", json=body, headers={**bearer(token), "Idempotency-Key": "k-1"})
    assert_error(response, 401, "TOKEN_INVALID")


def test_sign_out_with_a_mini_program_token_is_not_found(org):
    assert_error(org.as_("sec1").delete("/auth/web-sessions/current"), 404, "NOT_FOUND")


def test_a_console_session_ends_after_a_working_day(org, travel):
    travel("2026-03-02T08:00:00+08:00")
    token = sign_in(org, "sec1")
    poll_answer_hours = org.app.config["CONSOLE_SESSION_HOURS"]
    travel(f"2026-03-02T{8 + poll_answer_hours - 1:02d}:59:00+08:00")
    assert org.as_(None).get("/me", headers=bearer(token)).status_code == 200
    travel(f"2026-03-02T{8 + poll_answer_hours:02d}:00:01+08:00")
    assert_error(org.as_(None).get("/me", headers=bearer(token)), 401, "TOKEN_INVALID")


def link_nonce(output: str) -> str:
    url = output.strip()
    assert urlsplit(url).path == "/console/login", url
    return urlsplit(url).fragment.removeprefix("link=")


def test_console_link_prints_a_one_time_url_valid_ten_minutes(org, travel):
    travel("2026-03-02T09:00:00+08:00")
    result = org.runner.invoke(args=["console-link", "sec1", "--base-url", "http://127.0.0.1:9999"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("http://127.0.0.1:9999/console/login#link=")
    nonce = link_nonce(result.stdout)
    assert poll(org, nonce).get_json()["user"]["id"] == org.person_id("sec1")
    assert_error(poll(org, nonce), 404, "NOT_FOUND")

    late = link_nonce(org.runner.invoke(args=["console-link", "admin"]).stdout)
    travel("2026-03-02T09:10:01+08:00")
    assert_error(poll(org, late), 404, "NOT_FOUND")


def test_console_link_refuses_a_member_and_an_unknown_person(org):
    member = org.runner.invoke(args=["console-link", "m1a"])
    assert member.exit_code == 1 and "小程序" in member.output
    assert org.runner.invoke(args=["console-link", "nobody"]).exit_code == 1
