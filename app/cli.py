"""Command-line entry points (API.md): init-db, import-org, seed-demo, issue-token, jobs."""

from __future__ import annotations

import json
import sys
from datetime import date

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from flask_migrate import upgrade
from sqlalchemy import select

from app.auth import tokens
from app.demo import demo_document, seed_history
from app.errors import DomainError
from app.extensions import db
from app.org.importer import import_org
from app.org.models import Person
from scheduler.process import Scheduler
from scheduler.registry import load_jobs, run_job


def _echo_json(data) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


@click.command("init-db")
@with_appcontext
def init_db() -> None:
    """Create or migrate the schema to the newest revision (safe to run twice)."""
    upgrade(revision="heads")
    click.echo("database is at the newest schema")


@click.command("import-org")
@click.argument("file", type=click.File("rb"))
@with_appcontext
def import_org_command(file) -> None:
    """Import an organisation file (API.md format); prints the result or the problems."""
    try:
        document = json.loads(file.read().decode("utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        _echo_json({"error": {"code": "VALIDATION_ERROR", "message": "文件不是有效的 JSON",
                              "message_en": f"not valid JSON: {exc}", "details": {}}})
        sys.exit(1)
    try:
        result = import_org(document)
    except DomainError as err:
        db.session.rollback()
        _echo_json(err.to_dict())
        sys.exit(1)
    db.session.commit()
    _echo_json(result)


@click.command("seed-demo")
@with_appcontext
def seed_demo() -> None:
    """Build (or refresh) a small demo city with six weeks of history; print its invite codes."""
    result = import_org(demo_document())
    result["history_days_seeded"] = seed_history()
    db.session.commit()
    _echo_json(result)


def find_person(ident: str):
    person = db.session.scalar(select(Person).where(Person.key == ident))
    if person is None and ident.isdigit():
        person = db.session.get(Person, int(ident))
    return person


@click.command("issue-token")
@click.argument("person")
@with_appcontext
def issue_token(person: str) -> None:
    """Print a bearer token for PERSON (import key or id), for operators and the docs page."""
    found = find_person(person)
    if found is None:
        click.echo(f"no person with key or id {person!r}", err=True)
        sys.exit(1)
    token, _ = tokens.issue(found)
    click.echo(token)


@click.group("jobs")
def jobs() -> None:
    """Scheduler jobs: list them, or run one now for a business date."""


@jobs.command("list")
def jobs_list() -> None:
    for job in load_jobs().values():
        click.echo(f"{job.name:<12} {job.help}")


@jobs.command("run")
@click.argument("name")
@click.option("--date", "business_date", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="business date YYYY-MM-DD (default today, Asia/Shanghai)")
@with_appcontext
def jobs_run(name: str, business_date) -> None:
    day: date | None = business_date.date() if business_date else None
    try:
        result = run_job(name, day)
    except DomainError as err:
        db.session.rollback()
        _echo_json(err.to_dict())
        sys.exit(1)
    _echo_json(result if result is not None else {"job": name, "status": "ok"})


@click.command("scheduler")
@with_appcontext
def scheduler_command() -> None:
    """Run the scheduler process: every job on its timetable, one leader, catching up missed days."""
    Scheduler(current_app._get_current_object()).run_forever()


def register_cli(app: Flask) -> None:
    for command in (init_db, import_org_command, seed_demo, issue_token, jobs, scheduler_command):
        app.cli.add_command(command)
