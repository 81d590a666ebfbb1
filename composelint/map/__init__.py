"""``composelint map``: what a stack exposes, to whom, and what the fixes change.

``build`` turns a run (the model of each project, the rules' evidence and findings)
into an exposure graph (``graph``); ``render`` draws it as text, Mermaid, DOT or JSON.
"""
