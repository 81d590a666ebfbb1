"""Hypothesis strategies that write compose files and Dockerfiles in many styles."""
