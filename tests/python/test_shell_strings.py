"""Strings a shell runs (``os.system``, ``shell=True``): launches read and fixed in place."""

from __future__ import annotations

from pathlib import Path

from composelint.diagnostics import Severity
from composelint.run.engine import run
from composelint.run.fixing import fix_run
from tests.python.support import read

TEXT = (
    "import os\n"
    "import subprocess\n"
    "\n"
    'os.system("docker run -d -p 8080:80 ghcr.io/acme/app:1.0")  # the app\n'
    "subprocess.run(\n"
    '    "docker run -d -p 8081:80 --privileged ghcr.io/acme/web:1.0 && echo ok",\n'
    "    shell=True,\n"
    ")\n"
    'os.popen("echo docker run -p 1:1 x")\n'
    'os.system("docker run -d -p 8083:80 \\\\\\n  ghcr.io/acme/escaped:1.0")\n'
    'print("docker run -p 9:9 never-run")\n'
    'subprocess.run("docker run -p 8084:80 no-shell")\n'
)


def test_launches_in_shell_strings_are_read_where_they_are_written() -> None:
    found = read(TEXT)
    launches = {launch.service.name: launch.service for launch in found.launches}
    assert sorted(launches) == ["app (line 4)", "web (line 6)"]
    web = launches["web (line 6)"]
    assert web.privileged is not None and web.privileged.value is True
    mapping = web.ports[0]
    assert mapping.origin is not None and mapping.origin.raw == "8081:80"
    start = TEXT.index("8081:80")
    assert mapping.origin.node.start == start  # the place inside the quotes


def test_findings_and_the_fix_keep_everything_else(tmp_path: Path) -> None:
    path = tmp_path / "deploy.py"
    path.write_text(TEXT, encoding="utf-8")
    result = run([str(path)], environ={})
    found = sorted((d.code, d.span.start.line + 1) for d in result.diagnostics)
    assert found == [("CL102", 4), ("CL102", 6), ("CL203", 6)]
    assert all(d.severity != Severity.INFORMATION for d in result.diagnostics)
    outcome = fix_run([str(path)], unsafe=True, environ={})
    assert not outcome.failures
    fixed = outcome.changed[str(path)]
    assert fixed == TEXT.replace("-p 8080:80", "-p 127.0.0.1:8080:80").replace(
        "-p 8081:80", "-p 127.0.0.1:8081:80"
    )
    compile(fixed, "deploy.py", "exec")
    path.write_text(fixed, encoding="utf-8")
    assert fix_run([str(path)], unsafe=True, environ={}).changed == {}  # idempotent
