"""Weekend and holiday duty (DUTY-1..4): the official calendar with 调休, the roster, the duty check."""
