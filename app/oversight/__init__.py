"""Oversight (INSPECT-*, VISIT-1): random roll calls (随机点名), and later spot checks, inspections, unit visits."""
