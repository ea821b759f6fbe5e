"""The WSGI entry point: ``gunicorn wsgi:app``, ``flask --app wsgi ...``."""

import sys

from app import create_app
from config.settings import ConfigurationError

try:
    app = create_app()
except ConfigurationError as exc:  # one clear line first, whichever program loads the app
    sys.stderr.write(f"zhucun: {exc}\n")
    raise
