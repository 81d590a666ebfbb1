"""The fix loop refuses a fix that changes data it did not declare, or breaks the file."""

from __future__ import annotations

from pathlib import Path

import pytest

from composelint.diagnostics import Applicability, Edit, Fix, FixLevel, make
from composelint.fix.verify import data_diff
from composelint.rules import registry
from composelint.rules.base import Rule
from composelint.rules.selection import Selection
from composelint.run.fixing import fix_run


def _rule_with_fix(new_text: str, changes: tuple) -> Rule:
    def check(ctx):  # noqa: ANN001, ANN202
        for service in ctx.services.values():
            image = service.image
            if image is not None and image.origin is not None and image.value == "x":
                node = image.origin.node
                fix = Fix(
                    "Rewrite",
                    "safe",
                    (Edit(image.origin.path, node.start, node.end, new_text),),
                    changes,
                )
                yield make("TST001", "test finding", image.origin.span, fix=fix)

    return Rule(
        "TST001",
        "test-rule",
        "test",
        fixes=(FixLevel(Applicability.SAFE, "always"),),
        check_project=check,
    )


@pytest.fixture
def use_rule(monkeypatch: pytest.MonkeyPatch):  # noqa: ANN201
    def install(rule: Rule) -> None:
        monkeypatch.setattr(registry, "all_rules", lambda: {"TST001": rule})

    yield install


def _project(tmp_path: Path) -> Path:
    (tmp_path / "compose.yml").write_text("services:\n  web:\n    image: x\n    user: app\n")
    return tmp_path


def test_declared_change_is_applied(tmp_path: Path, use_rule) -> None:  # noqa: ANN001
    use_rule(_rule_with_fix("y", (("services", "web", "image"),)))
    outcome = fix_run(
        [str(_project(tmp_path))], unsafe=False, selection=Selection(select=("TST",)), environ={}
    )
    assert not outcome.failures
    assert list(outcome.changed.values()) == ["services:\n  web:\n    image: y\n    user: app\n"]


def test_undeclared_change_is_rolled_back(tmp_path: Path, use_rule) -> None:  # noqa: ANN001
    # Declares a change of the image, and also makes the service privileged.
    use_rule(_rule_with_fix("y\n    privileged: true", (("services", "web", "image"),)))
    outcome = fix_run(
        [str(_project(tmp_path))], unsafe=False, selection=Selection(select=("TST",)), environ={}
    )
    assert outcome.changed == {}
    assert [d.code for d in outcome.failures] == ["CL000"]
    assert "did not declare" in outcome.failures[0].message


def test_breaking_fix_is_rolled_back(tmp_path: Path, use_rule) -> None:  # noqa: ANN001
    use_rule(_rule_with_fix("[unclosed", (("services",),)))
    outcome = fix_run(
        [str(_project(tmp_path))], unsafe=False, selection=Selection(select=("TST",)), environ={}
    )
    assert outcome.changed == {}
    assert "would have broken the file" in outcome.failures[0].message


def test_data_diff() -> None:
    assert data_diff({"a": [1, {"b": 2}]}, {"a": [1, {"b": 3}], "c": 1}) == [("a", 1, "b"), ("c",)]
