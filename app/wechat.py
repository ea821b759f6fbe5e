"""A thin client for the WeChat server API (through ``WECHAT_API_BASE``, so tests use a fake).

wechatpy's last release predates ``stable_token``; four endpoints do not justify a framework.
Login failures become a ``DomainError`` (401 for a bad login code, 502 when WeChat is unreachable
or busy), never an exception that would surface as a 500. Push calls (``stable_token``,
``send_subscribe``, and ``post_json`` for robots and webhooks) return an ``Answer`` instead, so the
dispatcher can record and classify every outcome.
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


@dataclass(frozen=True)
class Answer:
    """What a push endpoint answered: HTTP status and JSON body, or the transport error (status None)."""

    status_code: int | None
    body: Any = None
    error: str | None = None

    @property
    def errcode(self) -> int | None:
        return self.body.get("errcode", 0) if isinstance(self.body, dict) else None


def post_json(http: requests.Session, url: str, payload: dict[str, Any], timeout_s: float,
              headers: dict[str, str] | None = None, params: dict[str, str] | None = None) -> Answer:
    """POST JSON without following redirects; never raises for network trouble (the answer says it)."""
    try:
        response = http.post(url, json=payload, params=params, headers=headers, timeout=timeout_s,
                             allow_redirects=False)
    except requests.RequestException as exc:
        return Answer(None, error=f"{type(exc).__name__}: {exc}"[:500])
    try:
        body = response.json()
    except ValueError:
        body = None
    return Answer(response.status_code, body)


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

    def stable_token(self, force_refresh: bool = False) -> Answer:
        """``POST /cgi-bin/stable_token``: ``{access_token, expires_in}``. The normal mode hands every
        process the same token while it is valid; ``force_refresh`` replaces an invalid one."""
        return post_json(self.http, f"{self.base}/cgi-bin/stable_token",
                         {"grant_type": "client_credential", "appid": self.appid, "secret": self.secret,
                          "force_refresh": force_refresh}, self.timeout_s)

    def send_subscribe(self, access_token: str, message: dict[str, Any],
                       idempotency_key: str | None = None) -> Answer:
        """``POST /cgi-bin/message/subscribe/send``: ``{touser, template_id, page, data: {key: {value}}}``."""
        headers = {"Idempotency-Key": idempotency_key} if idempotency_key else None
        return post_json(self.http, f"{self.base}/cgi-bin/message/subscribe/send", message, self.timeout_s,
                         headers=headers, params={"access_token": access_token})
