"""The pre-commit hooks, end to end: the real ``pre-commit try-repo`` on a git repository."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from ruamel.yaml import YAML

CHECKOUT = Path(__file__).resolve().parents[1]

STACK = {
    "compose.yaml": """\
services:
  web:
    build: ./app
    environment:
      DATABASE_URL: postgres://db:5432/shop
    volumes:
      - ./config/app.yml:/etc/app/app.yml
  cache:
    image: redis:7
    ports: ["8080:6379"]
    privileged: true
  db:
    image: postgres:16
""",
    # Published here, used by 'web' in the base file: CL101 needs the base to be found.
    "compose.override.yml": """\
services:
  db:
    ports:
      - "5432:5432"
""",
    "app/Dockerfile": 'FROM python:3.12-slim\nRUN pip install flask\nCMD ["flask", "run"]\n',
    "deploy/stack.yml": """\
services:
  queue:
    image: rabbitmq:3
    ports:
      - "5672:5672"
""",
    # YAML that is not compose: pre-commit passes it, composelint must say nothing.
    ".github/workflows/x.yml": """\
on: push
jobs:
  test:
    runs-on: ubuntu-latest
    services:
      db:
        image: postgres:16
    steps:
      - run: echo hi
""",
    "config/app.yml": "debug: true\nlisten: 0.0.0.0:8080\n",
    # A GitLab CI job that starts a database on the runner's host: its loopback fix is safe.
    ".gitlab-ci.yml": "e2e:\n  script:\n    - docker run -d -p 5432:5432 postgres:16\n",
    # The Docker daemon's configuration that a provisioning role installs: CL501.
    "provision/files/daemon.json": '{\n  "log-driver": "journald"\n}\n',
    # JSON that is not a daemon.json, and another program's daemon.json: not checked.
    "package.json": '{"name": "shop", "version": "1.0.0"}\n',
    "tools/daemon.json": '{"port": 7000, "workers": 4}\n',
    # Shell scripts: by suffix, and an executable known by its shebang (pre-commit reads
    # the shebangs of executable files only). A cache: its loopback fix is safe.
    "scripts/deploy.sh": "#!/bin/sh\nset -eu\ndocker run -d --name cache -p 6379:6379 redis:7\n",
    "bin/serve": "#!/usr/bin/env bash\nexec podman run --rm -p 8000:8000 shop/web:1.0\n",
    # A script that starts no container, and one for a shell composelint does not read.
    "scripts/build.sh": "#!/bin/sh\nset -eu\nmake build\n",
    "bin/legacy": "#!/bin/ksh\ndocker run -p 9000:9000 minio/minio server /data\n",
    # Python, a Makefile and Markdown that start containers (a database for the tests: its
    # loopback fix is safe; in a README, an example: information, an unsafe fix)...
    "tests/conftest.py": (
        "import docker\n\n\ndef db():\n"
        '    return docker.from_env().containers.run("postgres:16", ports={"5432/tcp": 5432})\n'
    ),
    "Makefile": "IMAGE = shop/web:1.0\n\nserve:\n\tdocker run --rm -p 8000:8000 $(IMAGE)\n",
    "README.md": "# Shop\n\nTry it:\n\n```sh\ndocker run -p 8000:8000 shop/web:1.0\n```\n",
    # ... and ones that name no runtime, passed over; so is a Python executable.
    "shop/app.py": "import os\n\nPORT = int(os.environ.get('PORT', '8000'))\n",
    "rules.mk": "build:\n\tpython -m build\n",
    "docs/guide.md": "# Guide\n\n```sh\nmake serve\n```\n",
    "bin/manage": "#!/usr/bin/env python3\nprint('shop')\n",
}
EXECUTABLE = ("bin/serve", "bin/legacy", "bin/manage")

# What the check hook reports on STACK: (path, line, code).
FINDINGS = {
    ("app/Dockerfile", 1, "CL201"),
    ("compose.override.yml", 4, "CL101"),
    ("compose.yaml", 2, "CL202"),
    ("compose.yaml", 7, "CL301"),
    ("compose.yaml", 10, "CL102"),
    ("compose.yaml", 11, "CL203"),
    ("deploy/stack.yml", 5, "CL102"),
    ("provision/files/daemon.json", 1, "CL501"),
    ("scripts/deploy.sh", 3, "CL102"),
    ("bin/serve", 2, "CL102"),
    ("tests/conftest.py", 5, "CL102"),
    ("Makefile", 4, "CL102"),
    ("README.md", 6, "CL102"),
    (".gitlab-ci.yml", 3, "CL102"),
}
_FINDING = re.compile(r"^(\S+):(\d+):\d+: (CL\d{3}) ", re.MULTILINE)


@dataclass(frozen=True)
class Hooks:
    """Runs the hooks of one hook repository (path and commit) through pre-commit."""

    repo: str
    rev: str
    environ: dict[str, str]

    def try_repo(self, cwd: Path, hook: str, *args: str) -> subprocess.CompletedProcess[str]:
        """``pre-commit try-repo``: builds the hook environment in a store of its own."""
        return self._pre_commit(cwd, "try-repo", self.repo, hook, *args)

    def run(self, cwd: Path, hook: str, *args: str) -> subprocess.CompletedProcess[str]:
        """``pre-commit run`` with the repository's config: the module's store is reused."""
        return self._pre_commit(cwd, "run", hook, *args)

    def config(self) -> str:
        return (
            f"repos:\n  - repo: {self.repo}\n    rev: {self.rev}\n"
            "    hooks:\n      - id: composelint\n      - id: composelint-fix\n"
            "      - id: composelint-context\n"
        )

    def _pre_commit(self, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
        proc = subprocess.run(
            [sys.executable, "-m", "pre_commit", *args],
            cwd=cwd,
            env=self.environ,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert "Traceback" not in proc.stdout + proc.stderr, proc.stdout + proc.stderr
        return proc


def _git(cwd: Path, *args: str, environ: dict[str, str], stdin: bytes | None = None) -> bytes:
    return subprocess.run(
        ["git", *args], cwd=cwd, env=environ, input=stdin, capture_output=True, check=True
    ).stdout


def _hook_repository(tmp: Path, environ: dict[str, str]) -> str:
    """The checkout, or when it has uncommitted changes a clone with them committed.

    ``pre-commit run`` needs a commit to install; ``try-repo`` would make the same
    shadow commit itself, in a new temporary directory every time.
    """
    if not _git(CHECKOUT, "status", "--porcelain", "--untracked-files=no", environ=environ):
        return str(CHECKOUT)
    snapshot = tmp / "checkout"
    _git(tmp, "clone", "-q", str(CHECKOUT), str(snapshot), environ=environ)
    diff = _git(CHECKOUT, "diff", "HEAD", "--binary", environ=environ)
    _git(snapshot, "apply", "--binary", "-", environ=environ, stdin=diff)
    _git(snapshot, "commit", "-q", "-a", "-m", "uncommitted changes", environ=environ)
    return str(snapshot)


@pytest.fixture(scope="module")
def hooks(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Hooks]:
    tmp = tmp_path_factory.mktemp("pre-commit")
    environ = dict(os.environ)  # taken before the per-test fixture trims the environment
    environ.update(
        PRE_COMMIT_HOME=str(tmp / "store"),  # one hook environment for the whole module
        GIT_AUTHOR_NAME="Test",
        GIT_AUTHOR_EMAIL="test@example.org",
        GIT_COMMITTER_NAME="Test",
        GIT_COMMITTER_EMAIL="test@example.org",
        GIT_CONFIG_GLOBAL=os.devnull,
        GIT_CONFIG_NOSYSTEM="1",
    )
    for name in ("COMPOSE_FILE", "COMPOSE_PROJECT_NAME", "PRE_COMMIT"):
        environ.pop(name, None)
    repo = _hook_repository(tmp, environ)
    rev = _git(Path(repo), "rev-parse", "HEAD", environ=environ).decode().strip()
    yield Hooks(repo, rev, environ)


@pytest.fixture
def stack(tmp_path: Path, hooks: Hooks) -> Path:
    """A git repository holding STACK, every file added."""
    for name, text in STACK.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        if name in EXECUTABLE:
            path.chmod(0o755)
    (tmp_path / ".pre-commit-config.yaml").write_text(hooks.config(), encoding="utf-8")
    _git(tmp_path, "init", "-q", environ=hooks.environ)
    _git(tmp_path, "add", ".", environ=hooks.environ)
    return tmp_path


def _findings(output: str) -> set[tuple[str, int, str]]:
    return {(path, int(line), code) for path, line, code in _FINDING.findall(output)}


def _hook_status(output: str, status: str) -> bool:
    return re.search(rf"^composelint[ (fix)]*\.+{status}$", output, re.MULTILINE) is not None


def test_check_hook_fails_and_names_each_finding(hooks: Hooks, stack: Path) -> None:
    proc = hooks.try_repo(stack, "composelint", "--all-files")
    assert proc.returncode == 1, proc.stdout
    assert _hook_status(proc.stdout, "Failed"), proc.stdout
    assert _findings(proc.stdout) == FINDINGS
    # The YAML that is not compose, the JSON that is not dockerd's and the scripts, Python,
    # Makefiles and Markdown that start no container (or that no shell composelint reads
    # runs) are not counted; the workflow with a service container is checked (clean).
    assert "12 files, 14 problems" in proc.stdout


def test_hook_says_nothing_about_yaml_that_is_not_compose(hooks: Hooks, stack: Path) -> None:
    names = (
        ".github/workflows/x.yml",
        "config/app.yml",
        ".pre-commit-config.yaml",
        "package.json",
        "tools/daemon.json",
        "scripts/build.sh",
        "bin/legacy",
        "shop/app.py",
        "rules.mk",
        "docs/guide.md",
        "bin/manage",
    )
    proc = hooks.run(stack, "composelint", "--files", *names)
    assert proc.returncode == 0, proc.stdout
    assert _hook_status(proc.stdout, "Passed"), proc.stdout
    assert "- hook id" not in proc.stdout  # pre-commit shows a hook's output only on failure


def test_fix_hook_rewrites_the_files_then_passes(hooks: Hooks, stack: Path) -> None:
    before = {name: (stack / name).read_text(encoding="utf-8") for name in STACK}
    proc = hooks.try_repo(stack, "composelint-fix", "--all-files")
    assert proc.returncode == 1, proc.stdout
    assert _hook_status(proc.stdout, "Failed"), proc.stdout
    assert "files were modified by this hook" in proc.stdout
    compose = (stack / "compose.yaml").read_text(encoding="utf-8").splitlines()
    assert compose[6] == "      - ./config/app.yml:/etc/app/app.yml:ro"
    assert compose[9] == '    ports: ["127.0.0.1:8080:6379"]'
    stack_lines = (stack / "deploy/stack.yml").read_text(encoding="utf-8").splitlines()
    assert stack_lines[4] == '      - "127.0.0.1:5672:5672"'
    script = (stack / "scripts/deploy.sh").read_text(encoding="utf-8").splitlines()
    assert script[2] == "docker run -d --name cache -p 127.0.0.1:6379:6379 redis:7"
    conftest = (stack / "tests/conftest.py").read_text(encoding="utf-8").splitlines()
    assert conftest[4].endswith('ports={"5432/tcp": ("127.0.0.1", 5432)})')
    gitlab = (stack / ".gitlab-ci.yml").read_text(encoding="utf-8").splitlines()
    assert gitlab[2] == "    - docker run -d -p 127.0.0.1:5432:5432 postgres:16"
    changed = {n for n in STACK if (stack / n).read_text(encoding="utf-8") != before[n]}
    assert changed == {
        "compose.yaml",
        "deploy/stack.yml",
        "scripts/deploy.sh",
        "tests/conftest.py",
        ".gitlab-ci.yml",
    }
    # What is left needs a person: reported, not rewritten.
    left = {(path, code) for path, _line, code in _findings(proc.stdout)}
    codes = {code for _path, code in left}
    assert codes == {"CL101", "CL102", "CL201", "CL202", "CL203", "CL501"}  # CL501: unsafe
    # A web app on all interfaces, and an example in a README: their loopback fix is unsafe.
    assert {path for path, code in left if code == "CL102"} == {
        "bin/serve",
        "Makefile",
        "README.md",
    }
    assert os.access(stack / "bin/serve", os.X_OK)

    (stack / ".composelint.yaml").write_text(
        "ignore: [CL101, CL201, CL202, CL203]\n"
        'per-file-ignores:\n  "provision/files/daemon.json": [CL501]\n  "bin/serve": [CL102]\n'
        '  "Makefile": [CL102]\n',  # the README's finding is information: it never fails
        encoding="utf-8",
    )
    _git(stack, "add", ".", environ=hooks.environ)
    fixed = {name: (stack / name).read_bytes() for name in STACK}
    for hook in ("composelint-fix", "composelint"):
        again = hooks.run(stack, hook, "--all-files")
        assert again.returncode == 0, (hook, again.stdout)
        assert _hook_status(again.stdout, "Passed"), again.stdout
    assert {name: (stack / name).read_bytes() for name in STACK} == fixed


def test_a_readme_example_is_reported_but_never_fails_the_hook(hooks: Hooks, stack: Path) -> None:
    proc = hooks.run(stack, "composelint", "--files", "README.md", "--verbose")
    assert proc.returncode == 0, proc.stdout
    assert _hook_status(proc.stdout, "Passed"), proc.stdout
    assert _findings(proc.stdout) == {("README.md", 6, "CL102")}
    assert "an example in documentation" in proc.stdout


def test_override_alone_is_checked_with_its_base_as_context(hooks: Hooks, stack: Path) -> None:
    proc = hooks.run(stack, "composelint", "--files", "compose.override.yml")
    assert proc.returncode == 1, proc.stdout
    assert _findings(proc.stdout) == {("compose.override.yml", 4, "CL101")}
    # The evidence sits in the base file, which was read but is not reported.
    assert "service 'web' reaches db:5432" in proc.stdout
    assert "note: compose.yaml:5:" in proc.stdout
    assert "1 file, 1 problem" in proc.stdout


def test_a_commit_of_only_an_env_file_checks_the_project_that_reads_it(
    hooks: Hooks, stack: Path
) -> None:
    (stack / ".env").write_text("TAG=1.4\n", encoding="utf-8")
    _git(stack, "add", ".env", environ=hooks.environ)
    proc = hooks.run(stack, "composelint-context", "--files", ".env")
    assert proc.returncode == 1, proc.stdout
    assert {f for f in _findings(proc.stdout) if f[0] == "compose.yaml"} == {
        f for f in FINDINGS if f[0] == "compose.yaml"
    }
    assert "CL102" in proc.stdout and ".env:" not in proc.stdout
    # The main hook does not take the file: only the context hook runs for it.
    assert hooks.run(stack, "composelint", "--files", ".env").returncode == 0


def test_readme_shows_the_hooks_that_exist() -> None:
    hook_ids = {hook["id"] for hook in YAML(typ="safe").load(CHECKOUT / ".pre-commit-hooks.yaml")}
    readme = (CHECKOUT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## pre-commit\n", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```yaml\n(.*?)```", section, re.DOTALL)
    assert blocks, "the pre-commit section has no .pre-commit-config.yaml snippet"
    shown = set()
    for block in blocks:
        config = YAML(typ="safe").load(block)
        for repo in config["repos"]:
            shown |= {hook["id"] for hook in repo["hooks"]}
    assert shown == hook_ids == {"composelint", "composelint-fix", "composelint-context"}
