"""Command-line entry points (API.md): init-db, import-org, seed-demo, issue-token, console-link, jobs, export."""

from __future__ import annotations

import json
import sys
from datetime import date

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from flask_migrate import upgrade
from sqlalchemy import select

from app.assessment.sheet import assessment_sheet
from app.auth import tokens, web_sessions
from app.demo import demo_document, seed_history
from app.errors import DomainError
from app.extensions import db
from app.org.importer import import_org
from app.org.models import Person
from app.reports.evidence import evidence_workbook, visible_case
from app.reports.exports import monthly_sheet, town_scope
from app.reports.sheets import Sheet, write_workbook
from app.safe_text import refuse_unsafe_text
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
        refuse_unsafe_text(document, "file")
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


@click.command("console-link")
@click.argument("person")
@click.option("--base-url", default=None, help="the console's address (default: CONSOLE_BASE_URL)")
@with_appcontext
def console_link(person: str, base_url: str | None) -> None:
    """Print a one-time console sign-in URL for PERSON (import key or id), valid 10 minutes."""
    found = find_person(person)
    if found is None:
        click.echo(f"no person with key or id {person!r}", err=True)
        sys.exit(1)
    try:
        _, nonce, _ = web_sessions.start(found)
    except DomainError as err:
        db.session.rollback()
        click.echo(f"{err.message} ({err.message_en})", err=True)
        sys.exit(1)
    db.session.commit()
    base = (base_url or current_app.config["CONSOLE_BASE_URL"]).rstrip("/")
    # In the fragment: a browser never sends it to the server, so it stays out of logs and referrers.
    click.echo(f"{base}/console/login#link={nonce}")


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


@click.group("export")
def export() -> None:
    """REPORT-2: write an Excel export to a file (the operator's scope: the whole city)."""


def _write(sheets: list[Sheet], path: str) -> None:
    """Write ``sheets`` to ``path`` with a progress bar on stderr; print {file, rows} on stdout."""
    with click.progressbar(length=sum(s.size or 0 for s in sheets), label="写入 Excel", file=sys.stderr,
                           show_pos=True) as bar:
        rows = write_workbook(path, sheets, on_row=bar.update)
    _echo_json({"file": path, "rows": rows})


def _refused(err: DomainError) -> None:
    db.session.rollback()
    _echo_json(err.to_dict())
    sys.exit(1)


@export.command("monthly-sheet")
@click.option("--town", "town_key", default=None, help="the town's import key (default: the whole city)")
@click.option("--month", required=True, type=click.DateTime(["%Y-%m"]), help="YYYY-MM")
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="the file to write (default: the sheet's Chinese file name, here)")
@with_appcontext
def export_monthly_sheet(town_key: str | None, month, output: str | None) -> None:
    """The monthly attendance sheet (驻村考勤表) of a town or the city (REPORT-2)."""
    try:
        sheet, filename = monthly_sheet(town_scope(town_key), month.year, month.month)
    except DomainError as err:
        _refused(err)
    _write([sheet], output or filename)


@export.command("recall-evidence")
@click.option("--case", "case_id", required=True, type=click.IntRange(1), help="the recall case's id")
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="the file to write (default: the workbook's Chinese file name, here)")
@with_appcontext
def export_recall_evidence(case_id: int, output: str | None) -> None:
    """A recall case's evidence: the case and the days it rests on (REPORT-2, RECALL-1)."""
    try:
        sheets, filename = evidence_workbook(visible_case(None, case_id))
    except DomainError as err:
        _refused(err)
    _write(sheets, output or filename)


@export.command("assessment-sheet")
@click.option("--town", "town_key", default=None, help="the town's import key (default: the whole city)")
@click.option("--year", required=True, type=click.IntRange(2000, 2100), help="YYYY")
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="the file to write (default: the sheet's Chinese file name, here)")
@with_appcontext
def export_assessment_sheet(town_key: str | None, year: int, output: str | None) -> None:
    """The annual assessment sheet (年度考核表) of a town or the city (REPORT-2, ASSESS-1)."""
    try:
        sheet, filename = assessment_sheet(None, year, town_scope(town_key).town)
    except DomainError as err:
        _refused(err)
    _write([sheet], output or filename)


@click.command("scheduler")
@with_appcontext
def scheduler_command() -> None:
    """Run the scheduler process: every job on its timetable, one leader, catching up missed days."""
    Scheduler(current_app._get_current_object()).run_forever()


def register_cli(app: Flask) -> None:
    for command in (init_db, import_org_command, seed_demo, issue_token, console_link, jobs, export,
                    scheduler_command):
        app.cli.add_command(command)
