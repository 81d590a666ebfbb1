"""Buffers: classification by name and content, dependencies, URIs, the debounce."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import pytest

from composelint.lsp.documents import (
    Debouncer,
    Documents,
    OpenDocument,
    classify,
    untitled_path,
    uri_to_path,
)

COMPOSE_SHAPE = "services:\n  web:\n    image: nginx:1.27\n"


@pytest.mark.parametrize(
    ("name", "text", "kind"),
    [
        ("compose.yaml", "", "compose"),
        ("docker-compose.prod.yml", "", "compose"),
        ("Dockerfile.dev", "", "dockerfile"),
        (".env", "", "env"),
        ("daemon.json", "{}", "daemon"),  # the engine keeps it when its keys are dockerd's
        ("package.json", "{}", None),
        ("stack.yml", COMPOSE_SHAPE, "yaml-candidate"),  # its content says compose
        ("stack.yml", "web:\n  image: nginx\n", "yaml-candidate"),  # version-1 layout
        (".gitlab-ci.yml", "services:\n  - docker:dind\n", "gitlab"),  # a GitLab CI file
        ("notes.txt", COMPOSE_SHAPE, None),
    ],
)
def test_classify_like_the_command_line(name: str, text: str, kind: str | None):
    assert classify(f"/srv/app/{name}", text) == kind


@pytest.mark.parametrize(
    ("name", "text", "language", "kind"),
    [
        ("deploy.sh", "", "plaintext", "shell"),
        ("deploy.bash", "", None, "shell"),
        ("deploy", "#!/usr/bin/env bash\ndocker ps\n", "plaintext", "shell"),
        ("deploy.run", "#!/bin/sh -e\n", None, "shell"),  # a shebang, whatever the name
        ("deploy", "echo hi\n", "shellscript", "shell"),
        ("deploy", "echo hi\n", "zsh", "shell"),
        ("deploy", "#!/usr/bin/env python3\n", "plaintext", None),
        ("deploy", "echo hi\n", "plaintext", None),
        (".env", "A=1\n", "shellscript", "env"),  # the name wins over the language
        ("Dockerfile", "FROM alpine\n", "shellscript", "dockerfile"),
        ("conftest.py", "", "plaintext", "python"),
        ("provision", "import docker\n", "python", "python"),
        ("Makefile", "", None, "makefile"),
        ("GNUmakefile", "", None, "makefile"),
        ("rules.mk", "", None, "makefile"),
        ("build.makefile", "", None, "makefile"),
        ("Makefile.inc", "run:\n\tdocker ps\n", "makefile", "makefile"),
        ("Makefile.inc", "run:\n\tdocker ps\n", "make", "makefile"),  # Neovim's filetype
        ("README.md", "", "plaintext", "markdown"),
        ("README", "# Shop\n", "markdown", "markdown"),
        ("README.md", "", "python", "markdown"),  # the name wins over the language
    ],
)
def test_classify_scripts_by_name_shebang_or_language(
    name: str, text: str, language: str | None, kind: str | None
):
    assert classify(f"/srv/app/{name}", text, language) == kind


def test_classify_reads_the_buffer_not_the_disk(tmp_path: Path):
    stack = tmp_path / "stack.yml"
    stack.write_text("key: value\n", encoding="utf-8")
    assert OpenDocument("uri", str(stack), COMPOSE_SHAPE).kind == "yaml-candidate"


def test_uri_to_path(tmp_path: Path):
    path = tmp_path / "with space" / "compose.yaml"
    assert uri_to_path(path.as_uri()) == str(path)
    assert uri_to_path("untitled:Untitled-1") is None


def test_untitled_buffers_stand_in_a_directory_that_does_not_exist():
    compose = untitled_path("untitled:Untitled-1", "dockercompose")
    assert compose is not None and os.path.basename(compose) == "compose.yaml"
    assert not os.path.exists(os.path.dirname(compose))
    assert (
        os.path.basename(untitled_path("untitled:Untitled-1", "dockerfile") or "") == "Dockerfile"
    )
    assert untitled_path("untitled:Untitled-2", "yaml") != untitled_path(
        "untitled:Untitled-1", "yaml"
    )
    assert untitled_path("vscode-remote://ssh/x/compose.yaml", "yaml") is None
    script = untitled_path("untitled:Untitled-3", "shellscript") or ""
    assert os.path.basename(script) == "untitled.sh"
    for language, name in [
        ("python", "untitled.py"),
        ("makefile", "Makefile"),
        ("markdown", "untitled.md"),
    ]:
        assert os.path.basename(untitled_path("untitled:Untitled-4", language) or "") == name


def test_dependents_are_recorded_files_and_new_neighbours():
    documents = Documents()
    documents.put(OpenDocument("file:///p/compose.yaml", "/p/compose.yaml", ""))
    documents.put(OpenDocument("file:///q/compose.yaml", "/q/compose.yaml", ""))
    documents.depends_on["file:///p/compose.yaml"] = frozenset({"/p/app/Dockerfile"})

    assert documents.dependents("/p/app/Dockerfile") == ["file:///p/compose.yaml"]
    assert documents.dependents("/p/compose.override.yml") == ["file:///p/compose.yaml"]
    assert documents.dependents("/q/.env") == ["file:///q/compose.yaml"]
    assert documents.dependents("/p/compose.yaml") == []  # not a dependent of itself
    assert documents.dependents("/p/README.md") == []


def test_debouncer_keeps_only_the_last_request():
    calls: list[str] = []

    async def scenario() -> None:
        debouncer = Debouncer()
        debouncer.schedule("a", 30, lambda: calls.append("first"))
        debouncer.schedule("a", 30, lambda: calls.append("second"))
        debouncer.schedule("b", 0, lambda: calls.append("b"))
        assert debouncer.pending("a")
        await asyncio.sleep(0.1)
        assert not debouncer.pending("a")

    asyncio.run(scenario())
    assert calls == ["b", "second"]
