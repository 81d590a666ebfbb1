"""Fixes: intents turned into text edits, fixes chosen per pass, checks, diffs, writes.

``intents`` resolves the intents rules attach to diagnostics, with each source's
editor (``compose_edits`` for compose files); ``edits`` applies edits and makes
diffs; ``choose`` picks the fixes of a pass; ``verify`` compares the data before and
after a pass; ``write`` replaces files atomically.  The loop that re-checks each pass
is orchestration and lives in ``composelint.run.fixing``.
"""
