"""Reporting duties, Excel exports and the allowance statement (REPORT-1, REPORT-2, PAY-1)."""
