"""The organisation (ORG-*): towns, villages, fences, units, people, postings, the import, and the
directory — who leads, supervises, approves and may see whom (ORG-2 scope)."""
