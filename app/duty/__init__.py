"""Weekend and holiday duty (DUTY-1..3): the roster, swaps, the duty check; the calendar is app/calendar."""
