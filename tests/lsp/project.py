"""The insecure little project the LSP tests open: compose file, Dockerfile and .env."""

from __future__ import annotations

from pathlib import Path

COMPOSE = """\
services:
  web:
    build: .
    ports:
      - "8080:8080"
    environment:
      DATABASE_URL: postgres://shop@db:5432/shop
  db:
    image: postgres:${PG_TAG}
    ports:
      - "5432:5432"   # for the app
  adminer:
    image: adminer:4
    ports:
      - "${ADMIN_BIND}:8081:8080"
"""
DOCKERFILE = 'FROM python:3.12-slim\nCOPY . /srv\nCMD ["python", "/srv/app.py"]\n'
DOTENV = "PG_TAG=16\nADMIN_BIND=127.0.0.1\n"


def write_project(root: Path) -> Path:
    """Write the project under ``root``; returns the compose file's path."""
    (root / "Dockerfile").write_text(DOCKERFILE, encoding="utf-8")
    (root / ".env").write_text(DOTENV, encoding="utf-8")
    compose = root / "compose.yaml"
    compose.write_text(COMPOSE, encoding="utf-8")
    return compose
