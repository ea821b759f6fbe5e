"""The one redaction of text that is logged or stored (delivery errors, alert bodies, log lines).

Error texts come from libraries we do not control: requests puts the whole URL in a connection
error (a WeCom robot's ``?key=``, jscode2session's ``secret=`` and ``js_code=``, subscribe/send's
``access_token=``), and PostgreSQL puts a failing row into its ``DETAIL`` (a check-in's precise
coordinates). Every text that is written to a log or to a table passes through ``redact`` first, so
none of it can reach a log file, ``/admin/deliveries`` or an alert pushed onward. Statement
parameters are kept out of SQLAlchemy's errors at the source (``hide_parameters``).
"""

from __future__ import annotations

import logging
import re
import traceback

REDACTED = "[redacted]"

# Every query value of a URL: a query string carries credentials (key, secret, access_token,
# js_code) far more often than anything a reader of an error needs.
_QUERY_VALUE = re.compile(r"(?P<head>[?&;][^=&;\s#'\"<>()]{1,64}=)[^&;\s#'\"<>()]*")
# ``secret=…`` / ``"secret": "…"`` outside a URL (a JSON body or a repr quoted in an error).
_NAMED = re.compile(
    r"(?P<head>(?<![\w-])[\"']?(?:secret|appsecret|js_code|access_token|session_key|key|token|"
    r"invite_code|openid|unionid|password)[\"']?\s*[=:]\s*[\"']?)[^\"'&\s,;}]+",
    re.IGNORECASE)
# PostgreSQL's DETAIL lines quote the values of a row or a key ("Failing row contains (…)").
_PG_DETAIL = re.compile(r"DETAIL:[^\n]*")


def redact(text: object) -> str | None:
    """``text`` with URL query values, named secrets and database row details replaced by a mark."""
    if text is None:
        return None
    out = _QUERY_VALUE.sub(lambda m: m.group("head") + REDACTED, str(text))
    out = _NAMED.sub(lambda m: m.group("head") + REDACTED, out)
    return _PG_DETAIL.sub("DETAIL: " + REDACTED, out)


def describe(exc: BaseException, limit: int = 500) -> str:
    """``Type: message`` of an exception, redacted and cut, for a stored error text."""
    return (redact(f"{type(exc).__name__}: {exc}") or "")[:limit]


def log_exception(logger: logging.Logger, message: str, *args: object) -> None:
    """``logger.exception`` with the traceback redacted: an exception's text is its most likely leak."""
    formatted = redact("".join(traceback.format_exc()))
    logger.error(message + "\n%s", *args, formatted)
