"""Fixes: intents turned into text edits, the verify loop, diffs and atomic writes.

``intents`` resolves the intents rules attach to diagnostics, with each source's
editor (``compose_edits`` for compose files); ``edits`` applies and chooses edits;
``loop`` re-checks each pass; ``write`` replaces files atomically.
"""
