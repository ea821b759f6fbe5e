"""The jobs of the scheduler, one function of (business_date) each (see ``registry.job``)."""

from __future__ import annotations
