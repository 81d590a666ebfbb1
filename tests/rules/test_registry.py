"""The rule registry: built-ins from a table, plugins from other distributions."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from composelint.rules import builtin, registry
from tests.conftest import REPO

PLUGIN = REPO / "examples" / "plugin"
BUILTIN_CODES = {rule.code for rule in builtin.RULES}


def test_builtin_table_is_what_pyproject_declares() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    assert registry.BUILTIN == project["project"]["entry-points"][registry.GROUP]


@pytest.fixture
def installed_plugin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The example plugin as pip leaves it: its package and a dist-info on sys.path."""
    site = tmp_path / "site"
    info = site / "composelint_acme-0.1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: composelint-acme\nVersion: 0.1.0\n"
    )
    (info / "entry_points.txt").write_text(
        "[composelint.rules]\nACME001 = composelint_acme.rules:RULE\n"
    )
    monkeypatch.syspath_prepend(str(site))
    monkeypatch.syspath_prepend(str(PLUGIN))
    registry.all_rules.cache_clear()
    yield site
    registry.all_rules.cache_clear()
    sys.modules.pop("composelint_acme.rules", None)
    sys.modules.pop("composelint_acme", None)


def test_a_plugin_of_another_distribution_is_loaded(installed_plugin: Path) -> None:
    rules = registry.all_rules()
    assert "ACME001" in rules
    assert BUILTIN_CODES <= set(rules)  # and each built-in once, no collision


def test_without_plugins_only_the_builtins(monkeypatch: pytest.MonkeyPatch) -> None:
    registry.all_rules.cache_clear()
    try:
        assert set(registry.all_rules()) == BUILTIN_CODES
    finally:
        registry.all_rules.cache_clear()


def test_a_plain_check_does_not_import_importlib_metadata(tmp_path: Path) -> None:
    # importlib.metadata costs more to import than checking one file does.
    (tmp_path / "compose.yml").write_text("services:\n  web:\n    image: nginx:1\n")
    probe = (
        "import sys\n"
        "from composelint.cli.check_command import parse_plain, run_check\n"
        f"code = run_check(parse_plain(['--output-format', 'json', {str(tmp_path)!r}]))\n"
        "print('importlib.metadata' in sys.modules, code)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=tmp_path
    )
    assert done.stdout.splitlines()[-1] == "False 0"


def test_a_builtin_rule_module_is_named_after_its_rule() -> None:
    # composelint.rules.builtin finds the rules by these file names.
    for rule in builtin.RULES:
        module = rule.check_project or rule.check_dockerfile or rule.check_daemon
        assert module is not None, rule.code
        expected = f"{rule.code.lower()}_{rule.name.replace('-', '_')}"
        assert module.__module__.rsplit(".", 1)[-1] == expected
    assert len(builtin.RULES) == len({rule.code for rule in builtin.RULES})
