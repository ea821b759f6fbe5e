"""The three delivery channels of ALERT-2. Each ``send_<channel>(delivery) -> Outcome`` never raises.

- ``wechat``: a subscribe message to the recipient's openid with the kind's configured template;
  the access token comes from ``stable_token``, cached in the database for every process.
- ``wecom``: the town's WeCom group robot, markdown cut to 4096 bytes.
- ``webhook``: the generic JSON webhook of the deployment.
Each call carries the dedupe key as ``Idempotency-Key`` (receivers that honour it deduplicate).
"""

from __future__ import annotations

import ipaddress
import socket
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

import requests
from flask import current_app
from sqlalchemy.dialects import postgresql, sqlite

from app import clock
from app.alerts import rules
from app.alerts.models import Delivery, WeChatToken
from app.alerts.rules import FAILED, RETRY, Outcome
from app.extensions import db
from app.org.models import Person, Town
from app.wechat import Answer, WeChatClient, log_config_error, post_json

_http = requests.Session()


class TokenUnavailable(Exception):
    def __init__(self, answer: Answer):
        super().__init__(answer.error or f"stable_token answered {answer.status_code} {answer.body}")
        self.answer = answer


class TokenCache:
    """``stable_token`` cached in ``wechat_tokens``: every process and dispatcher uses the same token,
    refreshed ``WECHAT_TOKEN_REFRESH_MARGIN_S`` before it expires, or at once when WeChat says it is
    invalid (40001/40014/42001) — unless another process has already replaced it."""

    def __init__(self, client: WeChatClient):
        self.client = client
        self.margin = timedelta(seconds=current_app.config["WECHAT_TOKEN_REFRESH_MARGIN_S"])

    def _cached(self) -> WeChatToken | None:
        row = db.session.get(WeChatToken, self.client.appid, populate_existing=True)
        return row if row is not None and row.expires_at - self.margin > clock.now() else None

    def get(self) -> str:
        row = self._cached()
        return row.access_token if row else self._fetch(force_refresh=False)

    def refresh(self, stale: str) -> str:
        row = self._cached()
        if row is not None and row.access_token != stale:
            return row.access_token
        return self._fetch(force_refresh=True)

    def _fetch(self, force_refresh: bool) -> str:
        answer = self.client.stable_token(force_refresh=force_refresh)
        body = answer.body if isinstance(answer.body, dict) else {}
        token, expires_in = body.get("access_token"), body.get("expires_in")
        if answer.status_code != 200 or not token or not isinstance(expires_in, int):
            raise TokenUnavailable(answer)
        now = clock.now()
        values = {"appid": self.client.appid, "access_token": token, "fetched_at": now,
                  "expires_at": now + timedelta(seconds=expires_in)}
        dialect = postgresql if db.session.get_bind().dialect.name == "postgresql" else sqlite
        stmt = dialect.insert(WeChatToken).values(**values)
        db.session.execute(stmt.on_conflict_do_update(index_elements=["appid"], set_=values))
        db.session.commit()
        return token


def message_value(source: str, message: dict[str, Any]) -> Any:
    """A template field's value from the frozen message: ``title``, ``subject``, ``payload.days``, ``=text``."""
    if source.startswith("="):
        return source[1:]
    if source == "subject":
        return (message.get("subject") or {}).get("name")
    if source.startswith("payload."):
        return (message.get("payload") or {}).get(source.removeprefix("payload."))
    return message.get(source)


def subscribe_message(template: dict[str, Any], openid: str, message: dict[str, Any]) -> dict[str, Any]:
    """The subscribe/send body, each value cut to its field type's limit."""
    tz = clock.BUSINESS_TZ
    data = {key: {"value": rules.fit_field(key, message_value(source, message), tz)}
            for key, source in template.get("fields", {}).items()}
    return {"touser": openid, "template_id": template["template_id"],
            "page": template.get("page") or current_app.config["WECHAT_SUBSCRIBE_PAGE"],
            "miniprogram_state": current_app.config["WECHAT_MINIPROGRAM_STATE"], "lang": "zh_CN", "data": data}


def send_wechat(delivery: Delivery) -> Outcome:
    person = db.session.get(Person, delivery.recipient_id) if delivery.recipient_id else None
    if person is None or not person.openid:
        return Outcome(FAILED, error="the recipient has no WeChat account bound")
    template = current_app.config["WECHAT_SUBSCRIBE_TEMPLATES"].get(delivery.kind)
    if not template:
        return Outcome(FAILED, error=f"no subscribe template configured for {delivery.kind}")
    body = subscribe_message(template, person.openid, delivery.message)
    client = WeChatClient.from_app()
    tokens = TokenCache(client)
    try:
        token = tokens.get()
        answer = client.send_subscribe(token, body, delivery.dedupe_key)
        if answer.errcode in rules.TOKEN_ERRCODES:
            answer = client.send_subscribe(tokens.refresh(stale=token), body, delivery.dedupe_key)
    except TokenUnavailable as exc:
        return token_failure(exc.answer, f"stable_token: {exc}"[:500])
    outcome = rules.classify_wechat(answer.status_code, answer.body, answer.error)
    if outcome.cause == rules.CONFIG:
        log_config_error("subscribe/send", outcome.errcode)
    return outcome


def token_failure(answer: Answer, error: str) -> Outcome:
    """No access token: a wrong appid/secret fails at once (the operator must act), else retry later."""
    if rules.wechat_cause(answer.errcode) == rules.CONFIG:
        log_config_error("stable_token", answer.errcode)
        return Outcome(FAILED, answer.status_code, answer.errcode, error, rules.CONFIG)
    return Outcome(RETRY, answer.status_code, answer.errcode, error)


def unsafe_url(url: str) -> str | None:
    """Why ``url`` may not receive alerts, or None: https only (plain http only to loopback), never to
    private, link-local or reserved addresses (no SSRF into the internal network)."""
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        return "only https URLs (or http to loopback) may receive alerts"
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 443, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError, ValueError):
        return None  # DNS trouble: let the request fail and be retried
    addresses = {ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos}
    if parts.scheme == "http" and not all(a.is_loopback for a in addresses):
        return "plain http is allowed only to loopback"
    if any(not (a.is_global or a.is_loopback) for a in addresses):
        return "the URL resolves to a private or reserved address"
    return None


def _post(url: str, payload: dict[str, Any], delivery: Delivery) -> Answer | Outcome:
    reason = unsafe_url(url)
    if reason:
        return Outcome(FAILED, error=reason)
    return post_json(_http, url, payload, current_app.config["ALERT_HTTP_TIMEOUT_S"],
                     headers={"Idempotency-Key": delivery.dedupe_key})


def robot_markdown(message: dict[str, Any]) -> str:
    """The robot's markdown: the title as a heading, then the body, at most 4096 UTF-8 bytes."""
    text = f"### {message.get('title', '')}\n{message.get('body', '')}\n> 详情请在驻村通小程序中查看"
    return rules.cut_utf8(text, current_app.config["WECOM_MARKDOWN_MAX_BYTES"])


def send_wecom(delivery: Delivery) -> Outcome:
    town = db.session.get(Town, delivery.town_id) if delivery.town_id else None
    if town is None or not town.wecom_webhook:
        return Outcome(FAILED, error="the town has no WeCom robot configured")
    answer = _post(town.wecom_webhook, {"msgtype": "markdown",
                                        "markdown": {"content": robot_markdown(delivery.message)}}, delivery)
    if isinstance(answer, Outcome):
        return answer
    return rules.classify_wecom(answer.status_code, answer.body, answer.error)


def send_webhook(delivery: Delivery) -> Outcome:
    url = current_app.config.get("ALERT_WEBHOOK_URL")
    if not url:
        return Outcome(FAILED, error="ALERT_WEBHOOK_URL is not configured")
    payload = {"id": delivery.id, "dedupe_key": delivery.dedupe_key, "kind": delivery.kind,
               "town_id": delivery.town_id, **delivery.message}
    answer = _post(url, payload, delivery)
    if isinstance(answer, Outcome):
        return answer
    return rules.classify_webhook(answer.status_code, answer.error)


SENDERS = {"wechat": send_wechat, "wecom": send_wecom, "webhook": send_webhook}
