"""Reporting duties and Excel exports (REPORT-1, REPORT-2)."""
