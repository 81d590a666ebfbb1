"""composelint: a security linter and rewriter for compose files and Dockerfiles."""

__version__ = "0.1.0"
