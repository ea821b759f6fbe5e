"""The WSGI entry point: ``gunicorn wsgi:app``, ``flask --app wsgi ...``."""

import gc
import sys

from app import create_app
from config.settings import ConfigurationError

try:
    app = create_app()
except ConfigurationError as exc:  # one clear line first, whichever program loads the app
    sys.stderr.write(f"zhucun: {exc}\n")
    raise

# What the app built at start-up (modules, the SQLAlchemy mappers and compiled statements, the
# schemas, the OpenAPI document) lives as long as the process. Frozen, it is left out of every
# later cyclic collection, which otherwise walks all of it each time the oldest generation is
# collected: every request pays less for the garbage collector (Python's ``gc.freeze``).
gc.collect()
gc.freeze()
