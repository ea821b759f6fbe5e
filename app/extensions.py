"""Flask extensions, created once and bound to an app in ``create_app``."""

from __future__ import annotations

from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_migrate import Migrate
from flask_smorest import Api as _SmorestApi
from flask_smorest import Blueprint as _SmorestBlueprint
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase
from webargs.flaskparser import FlaskParser

from app.errors import ErrorEnvelope

# Deterministic constraint names, so Alembic migrations are the same on SQLite and PostgreSQL.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
limiter = Limiter(key_func=get_remote_address, default_limits=[])


class Api(_SmorestApi):
    """flask-smorest's Api, documenting every error answer as the envelope of API.md (the answers
    themselves come from app/error_handlers.py, registered after the Api's own handler)."""

    ERROR_SCHEMA = ErrorEnvelope


api = Api()


class _ArgumentsParser(FlaskParser):
    DEFAULT_VALIDATION_STATUS = 400  # API.md: malformed input is 400 VALIDATION_ERROR, not webargs' 422


class Blueprint(_SmorestBlueprint):
    """flask-smorest's Blueprint, whose ``@blp.arguments`` refuse (and document) bad input as 400."""

    ARGUMENTS_PARSER = _ArgumentsParser()
