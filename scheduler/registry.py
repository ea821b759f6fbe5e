"""The job registry: every scheduled job is a function of one business date.

Domain issues add their jobs in ``scheduler/jobs.py`` with ``@job("name", "help")``; the
``jobs`` CLI and the scheduler process both run them through ``run_job`` so that a job run by
hand and a job run on the timetable behave the same.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from app import clock
from app.errors import DomainError


@dataclass(frozen=True)
class Job:
    name: str
    func: Callable[[date], Any]
    help: str
    allow_future: bool = False


JOBS: dict[str, Job] = {}


def job(name: str, help: str, allow_future: bool = False):
    def register(func: Callable[[date], Any]) -> Callable[[date], Any]:
        JOBS[name] = Job(name, func, help, allow_future)
        return func

    return register


def load_jobs() -> dict[str, Job]:
    import scheduler.jobs  # noqa: F401  (registers the jobs)

    return JOBS


def run_job(name: str, business_date: date | None = None) -> Any:
    """Run job ``name`` for ``business_date`` (default today) inside the current app context."""
    jobs = load_jobs()
    if name not in jobs:
        raise DomainError("UNKNOWN_JOB", f"没有名为 {name} 的任务", f"no job named {name!r}", 404,
                          details={"jobs": sorted(jobs)})
    business_date = business_date or clock.today()
    if business_date > clock.today() and not jobs[name].allow_future:
        raise DomainError("DATE_IN_FUTURE", "不能为将来的日期运行该任务", "this job cannot run for a future date", 422,
                          details={"date": business_date.isoformat()})
    from app.extensions import db

    try:
        result = jobs[name].func(business_date)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return result
