"""Work-log rules (LOG-1, LOG-2, LOG-5) as pure functions of plain data: no database, no Flask."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from app.clock import at_local
from config.policy import Policy

#: LOG-1: a log is due on these day statuses (a duty day in the village is `present`).
DUE_STATUSES = ("present", "business")


def log_is_due(status: str) -> bool:
    """LOG-1: a log is due for a `present` or `business` day; an `absent` day is judged by ATT, not twice."""
    return status in DUE_STATUSES


def due_days(statuses: Mapping[date, str]) -> list[date]:
    """LOG-1: the days, ascending, whose status makes a log due."""
    return sorted(day for day, status in statuses.items() if log_is_due(status))


def deadline_end(day: date, deadline: time) -> datetime:
    """LOG-2: the first instant at which a log for ``day`` is late (补录).

    The deadline names a minute on the Asia/Shanghai clock ("23:59"): a log is on time while the
    clock still shows that minute, so with the default the whole day counts and midnight is late.
    """
    return at_local(day, deadline.replace(second=0, microsecond=0)) + timedelta(minutes=1)


def is_late(day: date, written_at: datetime, deadline: time) -> bool:
    """LOG-2: a log written at or after the end of ``day``'s deadline minute is a back-fill."""
    return written_at >= deadline_end(day, deadline)


def last_editable_day(day: date, lock_days: int) -> date:
    """LOG-5: the last business date on which the log of ``day`` may still be written or edited."""
    return day + timedelta(days=lock_days)


def is_locked(day: date, today: date, lock_days: int) -> bool:
    """LOG-5: after ``log_lock_days`` the day's log is closed (only a recorded correction may change it)."""
    return today > last_editable_day(day, lock_days)


@dataclass(frozen=True)
class Problem:
    """Why a log's content breaks LOG-1, with the limit that was broken."""

    reason: str
    message: str
    message_en: str
    details: dict


def content_problem(content: str, policy: Policy) -> Problem | None:
    """LOG-1: content is required and within the policy's length, counted in characters after trimming.

    Characters are Unicode code points, so 𠀀 or an emoji counts as one (the phone counts UTF-16 units).
    """
    length = len(content.strip())
    low, high = policy.log_content_min_chars, policy.log_content_max_chars
    if length < low:
        return Problem("CONTENT_EMPTY" if length == 0 else "CONTENT_TOO_SHORT",
                       f"日志内容不能为空，至少 {low} 个字", f"the log needs at least {low} characters of content",
                       {"field": "content", "min_chars": low, "length": length})
    if length > high:
        return Problem("CONTENT_TOO_LONG", f"日志内容不能超过 {high} 个字（当前 {length} 个字）",
                       f"the log is limited to {high} characters (got {length})",
                       {"field": "content", "max_chars": high, "length": length})
    return None


def category_problem(category: str | None, policy: Policy) -> Problem | None:
    """LOG-1: the category, when given, is one of the four duties of 六."""
    if category is None or category in policy.log_categories:
        return None
    return Problem("UNKNOWN_CATEGORY", f"日志类别只能是：{'、'.join(policy.log_categories)}",
                   f"the category must be one of: {', '.join(policy.log_categories)}",
                   {"field": "category", "allowed": list(policy.log_categories)})


def photos_problem(photo_ids: Sequence[int], policy: Policy) -> Problem | None:
    """LOG-1: at most ``log_max_photos`` photos on one log."""
    count, limit = len(set(photo_ids)), policy.log_max_photos
    if count <= limit:
        return None
    return Problem("TOO_MANY_PHOTOS", f"每篇日志最多 {limit} 张照片", f"a log may have at most {limit} photos",
                   {"field": "photo_ids", "max_photos": limit, "count": count})


def changed_fields(old: Mapping[str, object] | None, new: Mapping[str, object]) -> list[str]:
    """The fields of ``new`` that differ from ``old`` (all of them for a first writing)."""
    if old is None:
        return list(new)
    return [name for name, value in new.items() if old.get(name) != value]
