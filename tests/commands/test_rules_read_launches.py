"""The rules read a launch's container as they read a compose service, unchanged."""

from __future__ import annotations

from composelint.rules.builtin import RULES
from composelint.rules.context import ProjectContext
from tests.commands.support import script

SCRIPT = """\
docker network create app
docker run -d --name db --network app -p 5432:5432 postgres:16
docker run -d --name api --network app -e DATABASE_URL=postgres://db:5432/app \\
  -p 8080:8080 -v ./conf:/etc/api -v /var/run/docker.sock:/var/run/docker.sock \\
  --privileged --cap-add SYS_ADMIN --pid host --security-opt seccomp=unconfined \\
  -u root api:1.0
docker run -d --network host -v /etc:/host-etc prom/node-exporter:v1.8.0
"""


def _findings() -> dict[str, set[str]]:
    """code -> the text each finding points at."""
    ctx = ProjectContext(script(SCRIPT).project, {}, ())
    codes: dict[str, set[str]] = {}
    for rule in RULES:
        if rule.check_project is None:
            continue
        for diagnostic in rule.check_project(ctx):
            text = SCRIPT[diagnostic.span.start.offset : diagnostic.span.end.offset]
            codes.setdefault(diagnostic.code, set()).add(text)
    return codes


def test_the_rules_report_on_a_script() -> None:
    assert _findings() == {
        "CL101": {"5432:5432"},  # api reaches db by name on the network app
        "CL102": {"8080:8080"},
        "CL103": {"host"},
        "CL202": {"root"},
        "CL203": {"--privileged"},
        "CL204": {"SYS_ADMIN"},
        "CL205": {"host"},
        "CL206": {"seccomp=unconfined"},
        "CL301": {"./conf:/etc/api"},
        "CL302": {"/var/run/docker.sock:/var/run/docker.sock"},
        "CL303": {"/etc:/host-etc"},
        # The opt-in hardening rules: a missing setting sits on the launch's first word.
        "CL104": {"docker"},  # db (postgres) on the network app, which is not internal
        "CL207": {"docker"},
        "CL208": {"docker"},
        "CL304": {"docker"},
        "CL402": {"postgres:16", "api:1.0", "prom/node-exporter:v1.8.0"},  # on the image
        "CL407": {"docker"},
    }


def test_the_project_of_a_script() -> None:
    project = script(SCRIPT + "docker network create --internal backend\n").project
    assert list(project.services) == ["db", "api", "node-exporter (line 7)"]
    assert project.files == ("deploy.sh",)
    assert {n: d.internal for n, d in project.networks.items()} == {"app": False, "backend": True}
