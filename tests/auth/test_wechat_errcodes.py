"""Issue 11 (10): what jscode2session's errcodes tell the cadre and the operator (fake WeChat server)."""

from __future__ import annotations

import logging

import pytest

from tests.helpers import assert_error


def _answer(wechat, body: dict) -> None:
    wechat.routes[("GET", "/sns/jscode2session")] = lambda req: (200, body)


def _login(org, code: str = "code-any"):
    return org.as_(None).post("/auth/login", json={"code": code})


@pytest.mark.parametrize("errcode", [40013, 40125, 41002])
def test_issue11_login_with_a_wrong_appid_or_secret_says_the_server_is_misconfigured(org, wechat, caplog, errcode):
    _answer(wechat, {"errcode": errcode, "errmsg": "invalid appsecret"})
    answer = _login(org)
    error = assert_error(answer, 503, "WECHAT_MISCONFIGURED")
    assert error["details"] == {"errcode": errcode} and "管理员" in error["message"]
    assert "test-secret" not in answer.get_data(as_text=True)
    [record] = [r for r in caplog.records if "configuration error" in r.getMessage()]
    assert record.levelno == logging.ERROR and "WECHAT_SECRET" in record.getMessage()
    assert "test-secret" not in caplog.text


def test_issue11_login_of_a_user_wechat_blocks_40226_tells_the_truth(org, wechat):
    _answer(wechat, {"errcode": 40226, "errmsg": "code blocked"})
    error = assert_error(_login(org), 403, "WECHAT_USER_BLOCKED")
    assert "风险" in error["message"] and "high-risk" in error["message_en"]


def test_issue11_login_errcode_sent_as_a_string_is_read_as_a_number(org, wechat):
    _answer(wechat, {"errcode": "40029", "errmsg": "invalid code"})
    assert_error(_login(org), 401, "WECHAT_CODE_INVALID")
    _answer(wechat, {"errcode": "0", "openid": "oid-m1a", "session_key": "sk"})
    assert_error(_login(org), 401, "ACCOUNT_NOT_BOUND")  # a success: the openid is just not bound yet
