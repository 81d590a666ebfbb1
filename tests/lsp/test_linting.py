"""Linting one buffer: what the configuration's kinds and the script screen leave out."""

from __future__ import annotations

import pytest

from composelint.config import Config, KindSettings, PathGlobs
from composelint.lsp.documents import OpenDocument
from composelint.lsp.linting import configured_kind, lint_document
from composelint.lsp.settings import Effective
from composelint.rules.selection import Selection


def _refuse(*_args: object, **_kwargs: object) -> None:
    raise AssertionError("the engine was called")


def test_a_script_naming_no_runtime_never_reaches_the_engine(monkeypatch: pytest.MonkeyPatch):
    import composelint.run.engine

    monkeypatch.setattr(composelint.run.engine, "run_classified", _refuse)
    text = "#!/bin/sh\nset -eu\n" + "make build && ./test --port 8080\n" * 1000
    document = OpenDocument("file:///p/build.sh", "/p/build.sh", text, 1, "shellscript")

    result = lint_document(document, {}, Effective(Config(), Selection()))

    assert result.kind is None and result.findings == []


@pytest.mark.parametrize(
    ("kind", "path", "settings", "expected"),
    [
        ("shell", "/p/deploy.sh", {}, "shell"),
        ("shell", "/p/deploy.sh", {"shell": KindSettings(enabled=False)}, None),
        (
            "shell",
            "/p/ops/deploy.sh",
            {"shell": KindSettings(exclude=PathGlobs(("ops/*",), "/p"))},
            None,
        ),
        ("yaml-candidate", "/p/a.yml", {"compose": KindSettings(enabled=False)}, None),
        (
            None,
            "/p/deploy.run",
            {"shell": KindSettings(include=PathGlobs(("*.run",), "/p"))},
            "shell",
        ),
        (
            None,
            "/p/stack.txt",
            {"compose": KindSettings(include=PathGlobs(("*.txt",)))},
            "yaml-candidate",
        ),
    ],
)
def test_configured_kind(
    kind: str | None, path: str, settings: dict[str, KindSettings], expected: str | None
):
    assert configured_kind(kind, path, Config(kinds=settings)) == expected
