"""Mermaid's own parser for the map tests: ``mermaid@11`` with ``jsdom@29`` (the DOM it
expects) installed with npm into a cache folder outside the repository, once."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
CACHE = Path(
    os.environ.get("COMPOSELINT_NPM_CACHE")
    or Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "composelint-tests"
)


@pytest.fixture(scope="session")
def mermaid_parse() -> Callable[[dict[str, str]], list[str]]:
    """Parse named Mermaid texts; the names of those Mermaid rejects, with why."""
    npm = shutil.which("npm")
    node = shutil.which("node")
    assert npm and node, "the map tests need Node 20 and npm (see the README's Development)"
    folder = CACHE / "mermaid11"
    if not (folder / "node_modules" / "mermaid" / "package.json").is_file():
        folder.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                npm,
                "install",
                "--silent",
                "--no-audit",
                "--no-fund",
                "--prefix",
                str(folder),
                "mermaid@11",
                "jsdom@29",
            ],
            check=True,
            capture_output=True,
            timeout=900,
        )
    script = folder / "parse.mjs"
    shutil.copyfile(HERE / "mermaid_parse.mjs", script)

    def parse(texts: dict[str, str]) -> list[str]:
        done = subprocess.run(
            [node, str(script)],
            input=json.dumps(texts),
            capture_output=True,
            text=True,
            cwd=folder,
            timeout=600,
        )
        rejected = [line for line in done.stdout.splitlines() if not line.startswith("parsed ")]
        assert done.returncode == (1 if rejected else 0), done.stderr
        return rejected

    return parse


@pytest.fixture(scope="session")
def dot_svg() -> Callable[[str], subprocess.CompletedProcess[str]]:
    dot = shutil.which("dot")
    assert dot, "the map tests need Graphviz's dot (.ci/run installs it when missing)"

    def render(text: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [dot, "-Tsvg"], input=text, capture_output=True, text=True, timeout=300
        )

    return render
