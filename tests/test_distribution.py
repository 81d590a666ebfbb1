"""The ways to get composelint that the README gives: a git URL install, the GitHub
Action's check step, the Dockerfile (checked by composelint; no engine builds it here),
and the version written in one place."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML

import composelint
from composelint.cli.check_command import parse_plain, run_check

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _head() -> str | None:
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        return None
    done = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True, text=True
    )
    return done.stdout.strip() if done.returncode == 0 else None


def test_the_readme_install_route_from_a_git_url_works(tmp_path: Path) -> None:
    """``pip install git+<url>@<sha>`` as the README says, with a local clone's URL: the
    package is built from the commit and its command runs (the dependencies are the
    test environment's, so nothing is downloaded)."""
    assert 'pip install "git+https://github.com/composelint/composelint@' in README
    head = _head()
    if head is None:
        pytest.fail("the tests run from a git clone (the README's route installs from one)")
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--target",
            str(target),
            f"git+file://{ROOT}@{head}",
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    assert (target / "composelint" / "__init__.py").is_file()
    env = {**os.environ, "PYTHONPATH": str(target)}
    (tmp_path / "stack").mkdir()
    (tmp_path / "stack" / "compose.yml").write_text(
        "services:\n  db:\n    image: postgres:16\n    privileged: true\n", encoding="utf-8"
    )
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import composelint, sys; print(composelint.__file__); "
            "from composelint.cli.main import main; sys.exit(main())",
            "check",
            str(tmp_path / "stack"),
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )
    assert done.stdout.splitlines()[0].startswith(str(target))
    assert "CL203 [error]" in done.stdout and done.returncode == 1


def test_the_version_is_written_once() -> None:
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert not re.search(r"^version\s*=\s*\"", pyproject, re.MULTILINE)
    assert 'version = {attr = "composelint.__version__"}' in pyproject
    from importlib.metadata import version

    assert version("composelint") == composelint.__version__
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"## {composelint.__version__}" in changelog


def _action() -> dict:  # type: ignore[type-arg]
    return YAML(typ="safe").load((ROOT / "action.yml").read_text(encoding="utf-8"))


def test_the_action_is_composite_and_installs_from_its_own_checkout() -> None:
    action = _action()
    assert action["runs"]["using"] == "composite"
    runs = "\n".join(step.get("run", "") for step in action["runs"]["steps"])
    assert 'pip install -q "$GITHUB_ACTION_PATH"' in runs
    assert set(action["inputs"]) == {
        "paths",
        "output-format",
        "sarif-file",
        "args",
        "python-version",
    }
    # Inputs reach the script as environment variables, never pasted into its text.
    assert "${{" not in runs


def test_the_action_check_step_writes_sarif_and_fails_on_findings(tmp_path: Path) -> None:
    (tmp_path / "compose.yml").write_text(
        "services:\n  web:\n    image: example/app:1.2\n    ports: ['8080:80']\n",
        encoding="utf-8",
    )
    outputs = tmp_path / "github-output"
    env = {
        **os.environ,
        "COMPOSELINT": str(Path(sys.executable).with_name("composelint")),
        "INPUT_PATHS": "compose.yml",
        "INPUT_FORMAT": "github",
        "INPUT_SARIF": "out.sarif",
        "INPUT_ARGS": "--ignore CL203 --fail-on warning",
        "GITHUB_OUTPUT": str(outputs),
    }
    done = subprocess.run(
        ["bash", str(ROOT / ".github" / "action" / "check.sh")],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )
    assert done.returncode == 1, done.stderr
    assert done.stdout.startswith("::warning file=compose.yml,line=4,")
    sarif = json.loads((tmp_path / "out.sarif").read_text(encoding="utf-8"))
    assert sarif["runs"][0]["results"][0]["ruleId"] == "CL102"
    assert outputs.read_text(encoding="utf-8") == "sarif-file=out.sarif\n"
    (tmp_path / "compose.yml").write_text(
        "services:\n  web:\n    image: example/app:1.2\n    user: app\n", encoding="utf-8"
    )
    env["INPUT_SARIF"] = ""
    done = subprocess.run(
        ["bash", str(ROOT / ".github" / "action" / "check.sh")],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )
    assert (done.returncode, done.stdout) == (0, "")


def test_the_tool_s_own_dockerfile_passes_its_checks(
    capsys: pytest.CaptureFixture[str],
) -> None:
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert all(
        re.match(r"python:\d+\.\d+\.\d+-", line.split()[1])
        for line in text.splitlines()
        if line.startswith("FROM ")
    )
    args = parse_plain(["--output-format", "json", str(ROOT / "Dockerfile")])
    assert args is not None
    assert run_check(args) == 0
    [report] = json.loads(capsys.readouterr().out)["files"]
    assert report["diagnostics"] == []
    assert 'docker run --rm -v "$PWD:/src:ro" composelint' in README
