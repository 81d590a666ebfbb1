from __future__ import annotations

import json
from pathlib import Path

from composelint.output.json_format import render
from composelint.run.engine import run


def test_json_is_lsp_shaped_with_utf16_columns(tmp_path: Path) -> None:
    (tmp_path / "compose.yml").write_text(
        "# café 😀\nservices:\n  web:\n    image: x:1 # é😀\n    restart_policy: no\n"
    )
    (tmp_path / "Dockerfile").write_text("FROM alpine:3.20\nUSER app\n")
    document = json.loads(render(run([str(tmp_path)], environ={})))
    assert document["version"] == 1
    assert document["tool"]["name"] == "composelint"
    paths = [f["path"] for f in document["files"]]
    assert paths == sorted(paths) and len(paths) == 2
    compose = next(f for f in document["files"] if f["path"].endswith("compose.yml"))
    assert compose["uri"].startswith("file:///")
    [diagnostic] = compose["diagnostics"]
    assert diagnostic["code"] == "CL002" and diagnostic["severity"] == 1
    assert diagnostic["range"] == {
        "start": {"line": 4, "character": 4},
        "end": {"line": 4, "character": 18},
    }
    assert diagnostic["data"] == {"rule": "schema-violation", "fix": None}
    dockerfile = next(f for f in document["files"] if f["path"].endswith("Dockerfile"))
    assert dockerfile["diagnostics"] == []
    assert document["summary"] == {
        "files": 2,
        "diagnostics": 1,
        "fixable": 0,
        "unsafe_fixable": 0,
    }


def test_utf16_column_counts_surrogate_pairs(tmp_path: Path) -> None:
    (tmp_path / "compose.yml").write_text(
        "services:\n  web:\n    image: x:1\n    labels: {a: 😀😀, b: [1]}\n"
    )
    document = json.loads(render(run([str(tmp_path)], environ={})))
    [diagnostic] = document["files"][0]["diagnostics"]
    # "    labels: {a: 😀😀, b: " is 23 code points, 25 UTF-16 units.
    assert diagnostic["range"]["start"] == {"line": 3, "character": 25}
