"""Schema changes go through Alembic: the migrated database matches the models exactly."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from app.extensions import db


def test_migrations_match_models(app):
    with app.app_context(), db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), db.metadata)
    assert diff == []


def test_init_db_is_safe_to_run_twice(runner):
    assert runner.invoke(args=["init-db"]).exit_code == 0
    second = runner.invoke(args=["init-db"])
    assert second.exit_code == 0, second.output
