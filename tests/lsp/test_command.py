"""The ``lsp`` command itself, and the guard that keeps a failing handler from stopping it."""

from __future__ import annotations

import logging
import subprocess
import sys

import pytest

from composelint.lsp.protocol import guarded


def test_help_names_the_command_and_its_flags():
    done = subprocess.run(
        [sys.executable, "-m", "composelint", "lsp", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0
    assert "Usage: composelint lsp [OPTIONS]" in " ".join(done.stdout.split())
    for flag in ("--stdio", "--debounce-ms", "--log-file"):
        assert flag in done.stdout


def test_a_bad_debounce_is_refused_with_a_message():
    done = subprocess.run(
        [sys.executable, "-m", "composelint", "lsp", "--debounce-ms", "-1"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert "--debounce-ms" in done.stderr and "Traceback" not in done.stderr


def test_a_failing_handler_is_logged_and_answers_nothing(caplog: pytest.LogCaptureFixture):
    def hover(params: object) -> object:
        raise ValueError(f"cannot hover {params}")

    with caplog.at_level(logging.ERROR, logger="composelint.lsp"):
        assert guarded(hover)("here") is None
    assert "hover failed" in caplog.text and "ValueError: cannot hover here" in caplog.text


def test_a_failing_async_handler_is_logged_too(caplog: pytest.LogCaptureFixture):
    import asyncio

    async def initialized(params: object) -> None:
        raise RuntimeError("no client")

    with caplog.at_level(logging.ERROR, logger="composelint.lsp"):
        assert asyncio.run(guarded(initialized)(None)) is None
    assert "initialized failed" in caplog.text
