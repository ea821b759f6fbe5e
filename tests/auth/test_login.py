"""WeChat login and binding (API.md /auth/login, /me), tokens, rate limit. ORG-2."""

from __future__ import annotations

import time_machine

from tests.helpers import assert_error


def login(api, code: str, invite: str | None = None):
    body = {"code": code}
    if invite is not None:
        body["invite_code"] = invite
    return api.as_(None).post("/auth/login", json=body)


def test_unbound_login_without_invite_is_refused(org):
    assert_error(login(org, "code-openid-new"), 401, "ACCOUNT_NOT_BOUND")


def test_invite_code_binds_then_plain_login_works(org, wechat):
    first = login(org, "code-openid-m1a", org.invite_codes["m1a"])
    assert first.status_code == 200, first.get_json()
    body = first.get_json()
    assert body["user"]["id"] == org.person_id("m1a") and body["user"]["role"] == "member"
    assert body["user"]["posting"]["village"]["name"] == "前石畔村"
    call = wechat.calls("/sns/jscode2session")[-1]
    assert call.query == {"appid": "wx-test-app", "secret": "test-secret", "js_code": "code-openid-m1a",
                          "grant_type": "authorization_code"}
    again = login(org, "code-openid-m1a")
    assert again.status_code == 200 and again.get_json()["user"]["id"] == org.person_id("m1a")
    me = org.as_(None).get("/me", headers={"Authorization": f"Bearer {again.get_json()['token']}"})
    assert me.get_json()["name"] == "李四" and me.get_json()["unit"]["name"] == "市财政局"


def test_invite_code_is_one_time(org):
    code = org.invite_codes["m1b"]
    assert login(org, "code-openid-first", code).status_code == 200
    assert_error(login(org, "code-openid-second", code), 401, "ACCOUNT_NOT_BOUND")


def test_earlier_invite_codes_stay_valid_until_one_is_used(org, tmp_path):
    from tests.orgdata import standard_org

    old = org.invite_codes["l2"]
    org.import_org(standard_org(), tmp_path)  # a re-import hands out fresh codes
    new = org.invite_codes["l2"]
    assert new != old
    assert login(org, "code-openid-l2", old).status_code == 200
    assert_error(login(org, "code-openid-other", new), 401, "ACCOUNT_NOT_BOUND")


def test_invite_code_expires(org, app):
    code = org.invite_codes["m2a"]
    with time_machine.travel("2027-06-01T00:00:00+00:00", tick=False):
        assert_error(login(org, "code-openid-late", code), 401, "ACCOUNT_NOT_BOUND")


def test_invite_code_is_forgiving_of_case_and_spaces(org):
    code = org.invite_codes["m2b"].lower().replace("-", " ")
    assert login(org, "code-openid-m2b", code).status_code == 200


def test_bad_wechat_code_is_401(org):
    assert_error(login(org, "garbage"), 401, "WECHAT_CODE_INVALID")


def test_wechat_failures_are_502_never_500(org, wechat):
    for code in ("busy", "limited", "http500", "not-json", "slow"):
        assert_error(login(org, code), 502, "WECHAT_UNAVAILABLE")


def test_wechat_unreachable_is_502(org, app):
    app.config["WECHAT_API_BASE"] = "http://127.0.0.1:9"  # discard port: connection refused
    assert_error(login(org, "code-x"), 502, "WECHAT_UNAVAILABLE")


def test_login_body_is_validated(org):
    assert_error(org.as_(None).post("/auth/login", json={}), 400, "VALIDATION_ERROR")
    assert_error(org.as_(None).post("/auth/login", json=["code"]), 400, "VALIDATION_ERROR")
    assert_error(org.as_(None).post("/auth/login", json={"code": 5}), 400, "VALIDATION_ERROR")


def test_login_is_rate_limited(org):
    for _ in range(5):
        login(org, "garbage")
    assert_error(login(org, "garbage"), 429, "RATE_LIMITED")


def test_missing_garbage_and_expired_tokens_are_401(org, travel):
    assert_error(org.as_(None).get("/me"), 401, "TOKEN_INVALID")
    assert_error(org.as_(None).get("/me", headers={"Authorization": "Bearer garbage"}), 401, "TOKEN_INVALID")
    assert_error(org.as_(None).get("/me", headers={"Authorization": "Basic abc"}), 401, "TOKEN_INVALID")
    travel("2026-03-01T09:00:00+08:00")
    token = org.token("m1a")
    assert org.as_("m1a").get("/me").status_code == 200
    travel("2026-03-09T09:00:00+08:00")  # past the 7-day lifetime
    assert_error(org.as_(None).get("/me", headers={"Authorization": f"Bearer {token}"}), 401, "TOKEN_INVALID")


def test_token_signed_with_another_key_is_refused(org, app):
    token = org.token("admin")
    app.config["SECRET_KEY"] = "rotated"
    assert_error(org.as_(None).get("/me", headers={"Authorization": f"Bearer {token}"}), 401, "TOKEN_INVALID")


def test_me_for_secretary_has_town_and_no_posting(org):
    me = org.as_("sec1").get("/me").get_json()
    assert me["role"] == "town_secretary" and me["town"]["name"] == "大柳塔镇" and me["posting"] is None
