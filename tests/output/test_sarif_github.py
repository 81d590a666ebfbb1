"""SARIF validates against the official 2.1.0 schema; GitHub annotations use the right levels."""

from __future__ import annotations

import json
from pathlib import Path

from jsonschema import Draft4Validator

from composelint.output.github import render as render_github
from composelint.output.sarif import render as render_sarif
from composelint.rules.catalog import rule_infos
from composelint.run.engine import run
from tests.conftest import SHARED

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "insecure-stack"


def test_sarif_is_valid_and_complete() -> None:
    schema = json.loads((SHARED / "spec" / "sarif-schema-2.1.0.json").read_text())
    result = run([str(EXAMPLE)], environ={})
    docs = "https://example.org/rules"
    document = json.loads(render_sarif(result, docs, rule_infos(docs)))
    errors = sorted(Draft4Validator(schema).iter_errors(document), key=str)
    assert errors == []
    [sarif_run] = document["runs"]
    rules = sarif_run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == sorted({d.code for d in result.diagnostics})
    cl101 = next(r for r in rules if r["id"] == "CL101")
    assert cl101["helpUri"] == "https://example.org/rules/CL101.md"
    assert "## Fix safety" in cl101["help"]["markdown"]
    assert len(sarif_run["results"]) == len(result.diagnostics)
    with_fix = [r for r in sarif_run["results"] if "fixes" in r]
    assert with_fix and all(r["fixes"][0]["artifactChanges"][0]["replacements"] for r in with_fix)
    related = [r for r in sarif_run["results"] if "relatedLocations" in r]
    assert related and related[0]["relatedLocations"][0]["message"]["text"]
    region = sarif_run["results"][0]["locations"][0]["physicalLocation"]["region"]
    assert region["startLine"] >= 1 and region["startColumn"] >= 1


def test_github_annotations(tmp_path: Path) -> None:
    (tmp_path / "compose.yml").write_text(
        "services:\n  web:\n    image: x:1\n    ports: ['80:80']\n    privileged: true\n"
    )
    lines = render_github(run([str(tmp_path)], environ={})).splitlines()
    assert lines[0].startswith(f"::warning file={tmp_path}/compose.yml,line=4,col=13,")
    assert ",title=CL102::port 80 of service 'web'" in lines[0]
    assert lines[1].startswith("::error ") and "title=CL203" in lines[1]
