"""The rules read a Python file's containers as they read compose services, unchanged."""

from __future__ import annotations

from composelint.rules.builtin import RULES
from composelint.rules.context import ProjectContext
from tests.python.support import read

PROGRAM = """\
import docker
from docker.types import Mount

client = docker.from_env()
client.containers.run("postgres:16", name="db", network="app", ports={"5432/tcp": 5432})
client.containers.run(
    "api:1.0",
    name="api",
    network="app",
    environment={"DATABASE_URL": "postgres://db:5432/app"},
    ports={"8080/tcp": 8080},
    volumes={"./conf": {"bind": "/etc/api", "mode": "rw"}},
    mounts=[Mount("/var/run/docker.sock", "/var/run/docker.sock", type="bind")],
    privileged=True,
    cap_add=["SYS_ADMIN"],
    pid_mode="host",
    security_opt=["seccomp=unconfined"],
    user="root",
)
client.containers.run("prom/node-exporter:v1.8.0", network_mode="host", volumes=["/etc:/host-etc"])
"""


def _findings(opt_in: bool = False) -> dict[str, set[str]]:
    """code -> the text each finding points at, of the default rules (or the opt-in ones)."""
    ctx = ProjectContext(read(PROGRAM).project(), {}, ())
    codes: dict[str, set[str]] = {}
    for rule in RULES:
        if rule.check_project is None or rule.opt_in != opt_in:
            continue
        for diagnostic in rule.check_project(ctx):
            text = PROGRAM[diagnostic.span.start.offset : diagnostic.span.end.offset]
            codes.setdefault(diagnostic.code, set()).add(text)
    return codes


def test_the_rules_report_on_a_program() -> None:
    assert _findings() == {
        "CL101": {"5432"},  # api reaches db by name on the network app
        "CL102": {"8080"},
        "CL103": {'"host"'},
        "CL202": {'"root"'},
        "CL203": {"True"},
        "CL204": {'"SYS_ADMIN"'},
        "CL205": {'"host"'},
        "CL206": {'"seccomp=unconfined"'},
        "CL301": {'"./conf": {"bind": "/etc/api", "mode": "rw"}'},
        "CL302": {'Mount("/var/run/docker.sock", "/var/run/docker.sock", type="bind")'},
        "CL303": {'"/etc:/host-etc"'},
    }


def test_the_opt_in_rules_report_on_a_program() -> None:
    """A missing setting sits on the call that starts the container."""
    found = _findings(opt_in=True)
    # No container sets no-new-privileges, read_only or limits; api is privileged (CL208
    # steps back); db's network app is made outside the program (CL104 does not judge it).
    assert {code: len(texts) for code, texts in found.items()} == {
        "CL207": 3,
        "CL208": 2,
        "CL304": 3,
        "CL402": 3,
        "CL407": 3,
    }
    assert all(
        text.startswith("client.containers.run(")
        for code, texts in found.items()
        if code != "CL402"  # a finding about the image sits on the image
        for text in texts
    )


def _messages(program: str) -> dict[str, str]:
    ctx = ProjectContext(read(program).project(), {}, ())
    return {
        d.code: d.message
        for rule in RULES
        if rule.check_project is not None
        for d in rule.check_project(ctx)
    }


def test_messages_speak_python_not_docker_run() -> None:
    messages = _messages(PROGRAM)
    assert messages["CL101"].endswith(
        "leave port 5432 out of the published ports (the Docker SDK's ports=, "
        "testcontainers' with_bind_ports)"
    )
    assert "--expose" not in messages["CL101"]
    publish_all = _messages(
        "import docker\n\n"
        'docker.from_env().containers.run("shop:1.4", publish_all_ports=True, detach=True)\n'
    )["CL106"]
    assert publish_all.endswith(
        '(ports={"80/tcp": ("127.0.0.1", 8080)} instead of publish_all_ports=True)'
    )
    assert "-P" not in publish_all and "-p " not in publish_all
