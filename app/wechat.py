"""A thin client for the WeChat server API (through ``WECHAT_API_BASE``, so tests use a fake).

wechatpy's last release predates ``stable_token``; four endpoints do not justify a framework.
Every failure becomes a ``DomainError`` (401 for a bad login code, 502 when WeChat is unreachable
or busy), never an exception that would surface as a 500.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import requests
from flask import current_app

from app.errors import DomainError

log = logging.getLogger(__name__)

# errcodes of jscode2session that mean "the code is bad" (→ 401) rather than "WeChat is down" (→ 502).
CODE_ERRORS = {40029, 40163, 40226}


def unavailable(detail: str) -> DomainError:
    return DomainError("WECHAT_UNAVAILABLE", "微信服务暂时不可用，请稍后再试",
                       "WeChat is unavailable, try again later", 502, details={"reason": detail})


@dataclass(frozen=True)
class Session:
    openid: str
    unionid: str | None


class WeChatClient:
    def __init__(self, base: str, appid: str, secret: str, timeout_s: float, http: requests.Session | None = None):
        self.base = base.rstrip("/")
        self.appid = appid
        self.secret = secret
        self.timeout_s = timeout_s
        self.http = http or requests.Session()

    @classmethod
    def from_app(cls) -> WeChatClient:
        cfg = current_app.config
        return cls(cfg["WECHAT_API_BASE"], cfg["WECHAT_APPID"], cfg["WECHAT_SECRET"], cfg["WECHAT_TIMEOUT_S"])

    def _get_json(self, path: str, **params: Any) -> dict[str, Any]:
        try:
            response = self.http.get(f"{self.base}{path}", params=params, timeout=self.timeout_s)
            response.raise_for_status()
            body = response.json()
        except (requests.RequestException, ValueError) as exc:
            log.warning("WeChat %s failed: %s", path, exc)
            raise unavailable(type(exc).__name__) from exc
        if not isinstance(body, dict):
            raise unavailable("unexpected answer")
        return body

    def code_to_session(self, code: str) -> Session:
        """``jscode2session``: exchange a ``wx.login`` code for the user's openid."""
        body = self._get_json("/sns/jscode2session", appid=self.appid, secret=self.secret, js_code=code,
                              grant_type="authorization_code")
        errcode = body.get("errcode") or 0
        if errcode in CODE_ERRORS:
            raise DomainError("WECHAT_CODE_INVALID", "微信登录凭证无效或已过期，请重新进入小程序",
                              "the WeChat login code is invalid or expired", 401,
                              details={"errcode": errcode})
        if errcode or not body.get("openid"):
            raise unavailable(f"errcode {errcode}")
        return Session(openid=body["openid"], unionid=body.get("unionid"))
