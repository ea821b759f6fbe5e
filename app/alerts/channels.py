"""The three delivery channels of ALERT-2. Each ``send_<channel>(delivery) -> Outcome`` never raises.

- ``wechat``: a subscribe message to the recipient's openid with the kind's configured template;
  the access token comes from ``stable_token``, cached in the database for every process.
- ``wecom``: the town's WeCom group robot, markdown cut to 4096 bytes.
- ``webhook``: the generic JSON webhook of the deployment.
Each call carries the dedupe key as ``Idempotency-Key`` (receivers that honour it deduplicate).

Sending holds no transaction open: ``prepare(delivery)`` reads, in the dispatcher's step that
records the attempt, everything a send needs (the recipient's openid, the town's robot, the cached
token) into an ``Outgoing``; a sender is HTTP only, except the WeChat token cache, whose reads and
writes are steps of their own (it yields, and the job runner commits before the next call goes out).
"""

from __future__ import annotations

import dataclasses
import ipaddress
import socket
from collections.abc import Generator
from dataclasses import dataclass
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


@dataclass(frozen=True)
class Outgoing:
    """One claimed delivery as its sender needs it, read before the attempt's step commits."""

    id: int
    dedupe_key: str
    kind: str
    channel: str
    town_id: int | None
    message: dict[str, Any]
    openid: str | None = None  # wechat: the recipient's bound account
    robot_url: str | None = None  # wecom: the town's group robot
    access_token: str | None = None  # wechat: the cached token, while it is valid


def prepare(delivery: Delivery) -> Outgoing:
    """What sending ``delivery`` needs, read now (in the transaction that records the attempt)."""
    out = Outgoing(delivery.id, delivery.dedupe_key, delivery.kind, delivery.channel, delivery.town_id,
                   delivery.message)
    if delivery.channel == "wechat":
        person = db.session.get(Person, delivery.recipient_id) if delivery.recipient_id else None
        return dataclasses.replace(out, openid=person.openid if person else None,
                                   access_token=TokenCache(WeChatClient.from_app()).cached())
    if delivery.channel == "wecom":
        town = db.session.get(Town, delivery.town_id) if delivery.town_id else None
        return dataclasses.replace(out, robot_url=town.wecom_webhook if town else None)
    return out


class TokenCache:
    """``stable_token`` cached in ``wechat_tokens``: every process and dispatcher uses the same token,
    refreshed ``WECHAT_TOKEN_REFRESH_MARGIN_S`` before it expires, or at once when WeChat says it is
    invalid (40001/40014/42001) — unless another process has already replaced it.

    ``renew`` and ``refresh`` are steps of the dispatch job: they yield after touching the table, so
    the token is stored (committed by the job runner) before the send that uses it goes out.
    """

    def __init__(self, client: WeChatClient):
        self.client = client
        self.margin = timedelta(seconds=current_app.config["WECHAT_TOKEN_REFRESH_MARGIN_S"])

    def _row(self) -> WeChatToken | None:
        row = db.session.get(WeChatToken, self.client.appid, populate_existing=True)
        return row if row is not None and row.expires_at - self.margin > clock.now() else None

    def cached(self) -> str | None:
        row = self._row()
        return row.access_token if row else None

    def refresh(self, stale: str) -> Generator[None, None, str]:
        fresh = self.cached()
        yield  # the read ends before anything is sent
        if fresh is not None and fresh != stale:
            return fresh
        return (yield from self.renew(force_refresh=True))

    def renew(self, force_refresh: bool) -> Generator[None, None, str]:
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
        yield  # stored for every process before it is used
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


def send_wechat(delivery: Outgoing) -> Generator[None, None, Outcome]:
    if not delivery.openid:
        return Outcome(FAILED, error="the recipient has no WeChat account bound")
    template = current_app.config["WECHAT_SUBSCRIBE_TEMPLATES"].get(delivery.kind)
    if not template:
        return Outcome(FAILED, error=f"no subscribe template configured for {delivery.kind}")
    body = subscribe_message(template, delivery.openid, delivery.message)
    client = WeChatClient.from_app()
    tokens = TokenCache(client)
    try:
        token = delivery.access_token or (yield from tokens.renew(force_refresh=False))
        answer = client.send_subscribe(token, body, delivery.dedupe_key)
        if answer.errcode in rules.TOKEN_ERRCODES:
            token = yield from tokens.refresh(stale=token)
            answer = client.send_subscribe(token, body, delivery.dedupe_key)
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


def _post(url: str, payload: dict[str, Any], delivery: Outgoing) -> Answer | Outcome:
    reason = unsafe_url(url)
    if reason:
        return Outcome(FAILED, error=reason)
    return post_json(_http, url, payload, current_app.config["ALERT_HTTP_TIMEOUT_S"],
                     headers={"Idempotency-Key": delivery.dedupe_key})


def robot_markdown(message: dict[str, Any]) -> str:
    """The robot's markdown: the title as a heading, then the body, at most 4096 UTF-8 bytes."""
    text = f"### {message.get('title', '')}\n{message.get('body', '')}\n> 详情请在驻村通小程序中查看"
    return rules.cut_utf8(text, current_app.config["WECOM_MARKDOWN_MAX_BYTES"])


def send_wecom(delivery: Outgoing) -> Outcome:
    if not delivery.robot_url:
        return Outcome(FAILED, error="the town has no WeCom robot configured")
    answer = _post(delivery.robot_url, {"msgtype": "markdown",
                                        "markdown": {"content": robot_markdown(delivery.message)}}, delivery)
    if isinstance(answer, Outcome):
        return answer
    return rules.classify_wecom(answer.status_code, answer.body, answer.error)


def send_webhook(delivery: Outgoing) -> Outcome:
    url = current_app.config.get("ALERT_WEBHOOK_URL")
    if not url:
        return Outcome(FAILED, error="ALERT_WEBHOOK_URL is not configured")
    payload = {"id": delivery.id, "dedupe_key": delivery.dedupe_key, "kind": delivery.kind,
               "town_id": delivery.town_id, **delivery.message}
    answer = _post(url, payload, delivery)
    if isinstance(answer, Outcome):
        return answer
    return rules.classify_webhook(answer.status_code, answer.error)


def send(delivery: Outgoing) -> Generator[None, None, Outcome]:
    """Send ``delivery`` on its channel; never raises for what the receiver answers."""
    if delivery.channel == "wechat":
        return (yield from send_wechat(delivery))
    return SENDERS[delivery.channel](delivery)


SENDERS = {"wecom": send_wecom, "webhook": send_webhook}
