"""The job runner: every scheduled job (``scheduler/jobs.py``) is a function of one business date.

The ``jobs`` CLI and the scheduler process both run them through ``run_job`` so that a job run by
hand and a job run on the timetable behave the same.
"""

from __future__ import annotations

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
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return result
