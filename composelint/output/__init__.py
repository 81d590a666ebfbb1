"""Formatters: each turns a run's results into text; none knows about rules."""
