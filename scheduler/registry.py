"""The job runner: every scheduled job (``scheduler/jobs.py``) is a function of one business date.

The ``jobs`` CLI and the scheduler process both run them through ``run_job`` so that a job run by
hand and a job run on the timetable behave the same. The runner owns the transactions (services
never commit): a job that returns its result is one transaction; a job that works in steps is a
generator that yields after each step, and each step is committed as it ends — so a day close
killed halfway keeps the days it closed, and the dispatcher records an attempt before it sends.
An error rolls back the step it happened in and stops the job.
"""

from __future__ import annotations

import inspect
from collections.abc import Generator
from datetime import date
from typing import Any

from app import clock
from app.errors import DomainError
from app.extensions import db
from scheduler.jobs import JOBS, Job


def load_jobs() -> dict[str, Job]:
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
    try:
        result = jobs[name].func(business_date)
        if inspect.isgenerator(result):
            result = run_steps(result)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return result


def run_steps(steps: Generator[Any, None, Any]) -> Any:
    """Commit after each step of ``steps``; return what the job returns (its last step is the caller's)."""
    while True:
        try:
            next(steps)
        except StopIteration as done:
            return done.value
        db.session.commit()
