"""The real-world corpus in ../shared: everything loads, spans are exact, bytes untouched."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from composelint.dockerfile.parser import parse_dockerfile
from composelint.yaml.document import load_yaml
from tests.conftest import (
    CORPUS_BEYOND,
    CORPUS_REAL,
    CORPUS_TREE,
    daemon_json_paths,
    manifest_rows,
)
from tests.fix.guarantees import assert_loads_byte_exact

ROWS = [r for r in manifest_rows() if r["kind"] in ("compose", "dockerfile")]
# Every shell script, Python file, Makefile, Markdown file and workflow of the beyond
# corpus names a container runtime (or declares service containers): each is checked,
# but two Markdown files whose commands start no container (``docker build``, a Python
# client in prose), which the Markdown launch screen turns away unparsed.
SCRIPT_KINDS = ("shell", "python", "makefile", "markdown", "workflow")
STARTING_NOTHING = {
    ("Jc2k/pytest-docker-tools", "README.md"),
    ("testcontainers/testcontainers-python", "docs/features/networking.md"),
}
SCRIPTS = [
    r
    for r in manifest_rows(CORPUS_BEYOND)
    if r["kind"] in SCRIPT_KINDS and (r["repo"], r["path"]) not in STARTING_NOTHING
]


def test_manifest_has_the_162_files() -> None:
    assert len(ROWS) == 162


@pytest.mark.parametrize("row", ROWS, ids=[r["file"] for r in ROWS])
def test_every_corpus_file_loads_with_exact_spans(row: dict[str, str]) -> None:
    path = CORPUS_REAL / row["file"]
    before = path.read_bytes()
    source = assert_loads_byte_exact(path)
    if row["kind"] == "dockerfile":
        assert not parse_dockerfile(source).diagnostics
    else:
        doc = load_yaml(source)
        assert not doc.problems, doc.problems
    assert path.read_bytes() == before


def test_directory_walk_lists_every_compose_file_dockerfile_and_daemon_json() -> None:
    env = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "VIRTUAL_ENV")}
    proc = subprocess.run(
        [sys.executable, "-m", "composelint", "check", "--output-format", "json", str(CORPUS_TREE)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert "Traceback" not in proc.stderr
    assert proc.returncode in (0, 1)
    document = json.loads(proc.stdout)
    listed = {os.path.normpath(f["path"]) for f in document["files"]}
    wanted = {os.path.normpath(str(CORPUS_TREE / r["repo"] / r["path"])) for r in ROWS + SCRIPTS}
    # and the dockerd daemon.json files of the other corpus, which sits in the same tree
    daemons = {os.path.normpath(str(CORPUS_TREE / p)) for p in daemon_json_paths()}
    assert listed == wanted | daemons
    schema_errors = [
        (f["path"], d["message"])
        for f in document["files"]
        for d in f["diagnostics"]
        if d["code"] == "CL002"
    ]
    # The corpus's only schema rejections are four version-1 layouts.
    assert len(schema_errors) == 4
    assert all("version 1 layout" in message for _path, message in schema_errors)
