"""``python -m scheduler``: the same as ``flask --app wsgi scheduler``."""

from app import create_app
from scheduler.process import Scheduler

if __name__ == "__main__":
    Scheduler(create_app()).run_forever()
