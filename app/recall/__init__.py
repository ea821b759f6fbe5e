"""Recall cases and annual results (RECALL-*, ASSESS-*)."""
