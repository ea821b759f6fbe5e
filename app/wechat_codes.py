"""WeChat's errcodes that change what the server does, in one place (pure: no Flask, no I/O).

From WeChat's documentation of the server API (全局返回码, code2Session, getStableAccessToken,
subscribeMessage.send):

- 40001 / 40014 / 42001: the access token is invalid, not a valid token, or expired → fetch a new
  one (``force_refresh``) and send again.
- 40013 invalid appid, 40125 invalid appsecret, 41002 appid missing (41004 secret missing): the
  deployment's ``WECHAT_APPID``/``WECHAT_SECRET`` are wrong — no retry can fix it, the operator must.
- 45009: the account's daily quota of this API is used up (WeCom robots use the same number for
  their per-minute limit, which is not this one).
- 40029 invalid code, 40163 code already used: the login code is bad (the phone should log in again).
- 40226: WeChat blocks this user's login as high-risk (高风险等级用户，小程序登录拦截).
"""

from __future__ import annotations

from typing import Any

TOKEN_INVALID = frozenset({40001, 40014, 42001})
CONFIG_ERRORS = frozenset({40013, 40125, 41002, 41004})
DAILY_QUOTA = 45009
LOGIN_CODE_INVALID = frozenset({40029, 40163})
USER_BLOCKED = 40226


def read_errcode(body: Any) -> int | None:
    """The ``errcode`` of a WeChat answer as a number (0 when absent), or None if it is not one.

    WeChat has been seen to send it as a string ("40001"); it is read as the number it names.
    """
    if not isinstance(body, dict):
        return None
    value = body.get("errcode", 0)
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    return None
