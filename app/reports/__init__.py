"""Reports and exports (PAY-1: the monthly allowance statement of a dispatching unit)."""
