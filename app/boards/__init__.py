"""Boards (VIEW-1, VIEW-2): what each level sees at a glance, for its whole scope in one request."""
