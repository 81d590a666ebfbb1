"""The README stays true: its rule table is the specs' table, its commands exist."""

from __future__ import annotations

from pathlib import Path

from composelint.rules.docs import update_readme

README = Path(__file__).resolve().parents[1] / "README.md"


def test_rule_table_is_generated_from_the_specs() -> None:
    text = README.read_text(encoding="utf-8")
    assert update_readme(text) == text, "run: python -m composelint.rules.docs README.md"


def test_readme_opens_with_the_two_commands() -> None:
    lines = README.read_text(encoding="utf-8").splitlines()
    blocks = [lines[i + 1] for i, line in enumerate(lines[:12]) if line == "```sh"]
    assert blocks[0].endswith("composelint examples/insecure-stack")
    assert blocks[1].endswith("python -m pytest")
