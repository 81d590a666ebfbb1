"""Fix intents resolved into edits: what the text allows, per finding."""

from __future__ import annotations

from pathlib import Path

import pytest

from composelint.diagnostics import Applicability, Diagnostic
from composelint.fix import intents
from composelint.run.engine import run


def _check(tmp_path: Path, text: str, *, name: str = "compose.yml") -> list[Diagnostic]:
    (tmp_path / name).write_text(text)
    return run([str(tmp_path / name)], environ={}).diagnostics


def test_every_fix_leaves_the_run_as_edits_without_its_intent(tmp_path: Path) -> None:
    found = _check(
        tmp_path,
        "services:\n  db:\n    image: postgres:16\n    ports: ['5432:5432']\n"
        "    volumes: ['./init.sql:/docker-entrypoint-initdb.d/init.sql']\n",
    )
    fixes = [d.fix for d in found if d.fix is not None]
    assert {d.code for d in found if d.fix} == {"CL102", "CL301"}
    assert all(fix.intent is None and fix.edits for fix in fixes)
    assert {fix.applicability for fix in fixes} == {Applicability.SAFE}


def test_a_value_no_literal_can_carry_keeps_its_finding_without_a_fix(tmp_path: Path) -> None:
    # A folded block scalar: the loopback address cannot be put into it in place.
    found = _check(
        tmp_path, "services:\n  web:\n    image: myapp:1\n    ports:\n      - >-\n        8080:80\n"
    )
    [finding] = [d for d in found if d.code == "CL102"]
    assert finding.fix is None


def test_an_editor_that_fails_is_an_internal_error_and_the_run_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(intent: object) -> None:
        raise KeyError("boom")

    monkeypatch.setattr(intents, "compose_edits", broken)
    found = _check(tmp_path, "services:\n  web:\n    image: myapp:1\n    ports: ['8080:80']\n")
    [finding] = [d for d in found if d.code == "CL102"]
    assert finding.fix is None
    [error] = [d for d in found if d.code == "CL000"]
    assert error.message.startswith("internal error in the fix of CL102: KeyError: 'boom'")
    assert error.span == finding.span


def test_a_value_from_an_override_is_display_only(tmp_path: Path) -> None:
    (tmp_path / "compose.yml").write_text("services:\n  web:\n    image: myapp:1\n")
    (tmp_path / "compose.override.yml").write_text("services:\n  web:\n    ports: ['8080:80']\n")
    # The merged value came through the override: the edit is shown, never applied.
    found = run([str(tmp_path)], environ={}).diagnostics
    [finding] = [d for d in found if d.code == "CL102"]
    assert finding.fix is not None and finding.fix.applicability == Applicability.DISPLAY_ONLY
    assert finding.fix.edits[0].path == str(tmp_path / "compose.override.yml")


def test_an_anchor_fixed_for_every_user_takes_the_lowest_level(tmp_path: Path) -> None:
    text = (
        "x-ports: &ports ['6379:6379']\n"
        "services:\n"
        "  cache:\n    image: redis:7\n    ports: *ports\n"
        "  web:\n    image: myapp:1\n    ports: *ports\n"
    )
    found = _check(tmp_path, text)
    fixes = [d.fix for d in found if d.code == "CL102" and d.fix]
    # redis is a backing service (safe), the app is not (unsafe): one edit at the anchor
    # serves both, so both findings carry it at the lower level.
    assert len(fixes) == 2 and fixes[0].edits == fixes[1].edits
    assert {fix.applicability for fix in fixes} == {Applicability.UNSAFE}
