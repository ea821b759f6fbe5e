"""A thin client for the WeChat server API (through ``WECHAT_API_BASE``, so tests use a fake).

wechatpy's last release predates ``stable_token``; four endpoints do not justify a framework.
Login failures become a ``DomainError`` (401 for a bad login code, 403 for a user WeChat blocks,
502 when WeChat is unreachable or busy, 503 when the deployment's appid/secret are wrong), never an
exception that would surface as a 500. Nothing logged or answered carries the secret, the login
code or the URL's query (``app.redact``). Push calls (``stable_token``,
``send_subscribe``, and ``post_json`` for robots and webhooks) return an ``Answer`` instead, so the
dispatcher can record and classify every outcome.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import requests
from flask import current_app

from app import wechat_codes
from app.errors import DomainError
from app.redact import describe, redact

log = logging.getLogger(__name__)


def unavailable(detail: str) -> DomainError:
    return DomainError("WECHAT_UNAVAILABLE", "微信服务暂时不可用，请稍后再试",
                       "WeChat is unavailable, try again later", 502, details={"reason": detail})


def log_config_error(api: str, errcode: int | None) -> None:
    """WeChat refused the deployment's own appid/secret: an error for the operator, never the secret."""
    log.error("WeChat configuration error on %s: errcode %s — check WECHAT_APPID and WECHAT_SECRET",
              api, errcode)


def misconfigured(errcode: int) -> DomainError:
    """WeChat refused the deployment's own credentials: only the operator can fix it (503)."""
    log_config_error("jscode2session", errcode)
    return DomainError("WECHAT_MISCONFIGURED", "服务器的微信登录配置有误，请联系管理员",
                       "the server's WeChat configuration is wrong; tell the administrator", 503,
                       details={"errcode": errcode})


def login_refused(errcode: int) -> DomainError | None:
    """What a jscode2session errcode tells the cadre, or None when it is WeChat being unavailable."""
    if errcode in wechat_codes.LOGIN_CODE_INVALID:
        return DomainError("WECHAT_CODE_INVALID", "微信登录凭证无效或已过期，请重新进入小程序",
                           "the WeChat login code is invalid or expired", 401, details={"errcode": errcode})
    if errcode == wechat_codes.USER_BLOCKED:
        return DomainError("WECHAT_USER_BLOCKED",
                           "微信判定您的微信账号存在安全风险，已拦截本次登录。请在微信中完成安全验证或申诉后再试，"
                           "如有疑问请联系管理员",
                           "WeChat blocks this account's login as high-risk; verify or appeal in WeChat first",
                           403, details={"errcode": errcode})
    if errcode in wechat_codes.CONFIG_ERRORS:
        return misconfigured(errcode)
    return None


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
        return wechat_codes.read_errcode(self.body)


def post_json(http: requests.Session, url: str, payload: dict[str, Any], timeout_s: float,
              headers: dict[str, str] | None = None, params: dict[str, str] | None = None) -> Answer:
    """POST JSON without following redirects; never raises for network trouble (the answer says it)."""
    try:
        response = http.post(url, json=payload, params=params, headers=headers, timeout=timeout_s,
                             allow_redirects=False)
    except requests.RequestException as exc:
        return Answer(None, error=describe(exc))  # requests quotes the URL, with its ?key= or access_token
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
            log.warning("WeChat %s failed: %s", path, redact(exc))
            raise unavailable(type(exc).__name__) from exc
        if not isinstance(body, dict):
            raise unavailable("unexpected answer")
        return body

    def code_to_session(self, code: str) -> Session:
        """``jscode2session``: exchange a ``wx.login`` code for the user's openid."""
        body = self._get_json("/sns/jscode2session", appid=self.appid, secret=self.secret, js_code=code,
                              grant_type="authorization_code")
        errcode = wechat_codes.read_errcode(body)
        if errcode and (refusal := login_refused(errcode)) is not None:
            raise refusal
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
