"""Pure decisions of alert delivery (ALERT-1, ALERT-2): routing, backoff, outcomes, message limits.

No database, no Flask: plain data in, plain data out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from app import wechat_codes

# ALERT-2: kinds that concern a town as a whole and also go to its WeCom group robot.
TOWN_KINDS = frozenset({"no_show_digest", "absence_streak", "duty_missed", "recall_opened",
                         "roll_call_silent"})

# WeChat subscribe-message errcodes that no retry can fix: 40003 bad openid, 40037 bad template id,
# 41030 bad page, 47003 bad template data, 43101 the user refused (or cancelled) the subscription.
WECHAT_FINAL_ERRCODES = frozenset({40003, 40037, 41030, 43101, 47003})
TOKEN_ERRCODES = wechat_codes.TOKEN_INVALID  # access token invalid / expired → refresh, retry once
RATE_LIMITED_ERRCODE = 45009  # WeCom robot: over its per-minute quota (wait a minute)
WECOM_FINAL_ERRCODES = frozenset({93000})  # the robot's webhook key is invalid

SENT, RETRY, FAILED, DEFERRED = "sent", "retry", "failed", "deferred"
# Why a WeChat failure concerns the whole deployment, not one message: the city office hears of it
# once a day (ALERT-1), and no retry is spent on it.
QUOTA, CONFIG = "quota", "config"


@dataclass(frozen=True)
class Outcome:
    """The result of one send: ``sent``, ``retry`` (later, with backoff), ``failed`` (final) or
    ``deferred`` (rate limited: later, without using up an attempt)."""

    result: str
    status_code: int | None = None
    errcode: int | None = None
    error: str | None = None
    cause: str | None = None  # QUOTA or CONFIG: a failure of the deployment, told once a day


def delivery_targets(kind: str, wechat_recipient_ids: Iterable[int], town_id: int | None,
                     webhook_configured: bool) -> list[tuple[str, str]]:
    """ALERT-2: the (channel, target) pairs of one event.

    ``wechat_recipient_ids``: recipients who can get a subscribe message (bound openid, template
    configured for the kind); ``town_id``: the town whose robot hears a town-level kind (None when
    the town has no robot). The town robot and the webhook get the event once, not per recipient.
    """
    targets = [("wechat", f"person:{pid}") for pid in sorted(set(wechat_recipient_ids))]
    if kind in TOWN_KINDS and town_id is not None:
        targets.append(("wecom", f"town:{town_id}"))
    if webhook_configured:
        targets.append(("webhook", "webhook"))
    return targets


def backoff_seconds(attempt: int, base_s: float, cap_s: float, jitter: float) -> float:
    """ALERT-1: exponential backoff with "equal jitter" after failed attempt number ``attempt`` (1-based).

    The ceiling doubles from ``base_s`` up to ``cap_s``; the wait is half of it plus a random share
    (``jitter`` in [0, 1)) of the other half, so retries of many rows spread out but never come early.
    """
    ceiling = min(cap_s, base_s * 2 ** max(attempt - 1, 0))
    return ceiling / 2 + jitter * ceiling / 2


def _http_outcome(status_code: int | None, error: str | None) -> Outcome | None:
    """Transport-level outcome shared by every channel, or None when the HTTP answer was a 2xx."""
    if status_code is None:
        return Outcome(RETRY, error=error or "no answer")
    if 300 <= status_code < 400:
        return Outcome(FAILED, status_code, error="redirect not followed")
    if status_code in (408, 425, 429) or status_code >= 500:
        return Outcome(RETRY, status_code, error=error or f"HTTP {status_code}")
    if status_code >= 400:
        return Outcome(FAILED, status_code, error=error or f"HTTP {status_code}")
    return None


def wechat_cause(errcode: int | None) -> str | None:
    """QUOTA for WeChat's daily quota (45009), CONFIG for a wrong appid/secret, else None."""
    if errcode == wechat_codes.DAILY_QUOTA:
        return QUOTA
    return CONFIG if errcode in wechat_codes.CONFIG_ERRORS else None


def classify_wechat(status_code: int | None, body: dict | None, error: str | None = None) -> Outcome:
    """A subscribe/send answer: success only on errcode 0 in a JSON 2xx answer. 45009 is the
    account's daily quota and a wrong appid/secret no retry fixes: both fail at once, with a cause."""
    outcome = _classify_errcode(status_code, body, error, WECHAT_FINAL_ERRCODES, deferred=frozenset())
    cause = wechat_cause(outcome.errcode)
    return Outcome(FAILED, outcome.status_code, outcome.errcode, outcome.error, cause) if cause else outcome


def classify_wecom(status_code: int | None, body: dict | None, error: str | None = None) -> Outcome:
    """A WeCom group robot answer: success is ``errcode`` 0; 45009 is the rate limit (try later)."""
    return _classify_errcode(status_code, body, error, WECOM_FINAL_ERRCODES,
                             deferred=frozenset({RATE_LIMITED_ERRCODE}))


def _classify_errcode(status_code: int | None, body: dict | None, error: str | None,
                      final: frozenset[int], deferred: frozenset[int]) -> Outcome:
    http = _http_outcome(status_code, error)
    if http is not None:
        return http
    errcode = wechat_codes.read_errcode(body)
    if errcode is None or not isinstance(body, dict):
        return Outcome(RETRY, status_code, error="answer is not a JSON object with an errcode")
    message = f"errcode {errcode}: {body.get('errmsg', '')}".strip()
    if errcode == 0:
        return Outcome(SENT, status_code, 0)
    if errcode in deferred:
        return Outcome(DEFERRED, status_code, errcode, message)
    if errcode in final:
        return Outcome(FAILED, status_code, errcode, message)
    return Outcome(RETRY, status_code, errcode, message)


def classify_webhook(status_code: int | None, error: str | None = None) -> Outcome:
    """The generic JSON webhook: any 2xx is success; redirects are not followed (final)."""
    return _http_outcome(status_code, error) or Outcome(SENT, status_code)


# --- WeChat subscribe-message field limits ---------------------------------------------------
# subscribeMessage.send: thing ≤ 20 characters, number/letter/character_string ≤ 32, symbol ≤ 5,
# phrase ≤ 5 Chinese characters, name ≤ 10 Chinese characters (or 20 letters), phone_number ≤ 17,
# car_number ≤ 8; time "15:01" or "2019年10月1日 15:01"; date "2019年10月1日".
FIELD_LIMITS = {"thing": 20, "number": 32, "letter": 32, "symbol": 5, "character_string": 32,
                "phrase": 5, "name": 10, "phone_number": 17, "car_number": 8}
ELLIPSIS = "…"


def field_type(key: str) -> str:
    """``thing12`` → ``thing``; ``character_string3`` → ``character_string``."""
    return re.sub(r"\d+$", "", key)


def fit_field(key: str, value: object, tz: ZoneInfo) -> str:
    """A value cut and formatted to the rules of the template field ``key``."""
    kind = field_type(key)
    if kind in ("time", "date"):
        return _format_instant(value, tz, with_time=kind == "time")
    text = "" if value is None else " ".join(str(value).split())
    if kind == "number":
        text = re.sub(r"[^0-9.]", "", text) or "0"
    elif kind in ("character_string", "letter", "phone_number"):
        text = re.sub(r"\s", "", text)
    if kind == "name" and text.isascii():
        limit = 20
    else:
        limit = FIELD_LIMITS.get(kind, 20)
    if not text:
        return "无"
    if len(text) <= limit:
        return text
    return text[:limit - 1] + ELLIPSIS if kind == "thing" else text[:limit]


def _format_instant(value: object, tz: ZoneInfo, with_time: bool) -> str:
    try:
        instant = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    except ValueError:
        return str(value)[:20]
    if instant.tzinfo is not None:
        instant = instant.astimezone(tz)
    day = f"{instant.year}年{instant.month}月{instant.day}日"
    return f"{day} {instant:%H:%M}" if with_time else day


def cut_utf8(text: str, limit_bytes: int) -> str:
    """``text`` cut to at most ``limit_bytes`` of UTF-8, never inside a character, marked with "…"."""
    raw = text.encode("utf-8")
    if len(raw) <= limit_bytes:
        return text
    room = limit_bytes - len(ELLIPSIS.encode("utf-8"))
    return raw[:room].decode("utf-8", errors="ignore") + ELLIPSIS
