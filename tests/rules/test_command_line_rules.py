"""The rules on the containers a shell script starts: CL106, CL102 on a swarm publish,
a script's own host-side commands as evidence for CL101/CL102, and how messages name
a container started by a command line."""

from __future__ import annotations

from pathlib import Path

import pytest

from composelint.diagnostics import Applicability, Diagnostic
from composelint.rules.exposure.host_reach import host_reaches
from composelint.rules.host_commands import HostCommand
from composelint.run.engine import run
from composelint.run.fixing import fix_run
from composelint.source import Source

HEADER = "#!/bin/sh\n"


def _check(tmp_path: Path, text: str) -> list[Diagnostic]:
    path = tmp_path / "deploy.sh"
    path.write_text(HEADER + text, encoding="utf-8")
    result = run([str(path)], environ={})
    (found,) = result.files
    return list(found.diagnostics)


def _at(tmp_path: Path, diagnostics: list[Diagnostic]) -> list[tuple[str, str]]:
    """(code, text the finding points at)."""
    text = (tmp_path / "deploy.sh").read_text(encoding="utf-8")
    return [(d.code, text[d.span.start.offset : d.span.end.offset]) for d in diagnostics]


def _fixed(tmp_path: Path, text: str, *, unsafe: bool) -> str:
    path = tmp_path / "deploy.sh"
    path.write_text(HEADER + text, encoding="utf-8")
    outcome = fix_run([str(path)], unsafe=unsafe, environ={})
    assert not outcome.failures
    return outcome.changed.get(str(path), HEADER + text).removeprefix(HEADER)


# -- CL106 publish-all-ports --------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "flag"),
    [
        ("docker run -d -P ghcr.io/acme/shop:1.4\n", "-P"),
        ("docker run -d --publish-all ghcr.io/acme/shop:1.4\n", "--publish-all"),
        ("podman run -d --publish-all=true ghcr.io/acme/shop:1.4\n", "true"),
        ("docker create --name shop -P ghcr.io/acme/shop:1.4\n", "-P"),
        ("sudo docker container run -P ghcr.io/acme/shop:1.4\n", "-P"),
    ],
)
def test_publish_all_is_reported_without_a_fix(tmp_path: Path, line: str, flag: str) -> None:
    found = [d for d in _check(tmp_path, line) if d.code == "CL106"]
    assert len(found) == 1
    assert _at(tmp_path, found) == [("CL106", flag)]
    assert found[0].fix is None
    assert found[0].message.startswith("container '")
    assert "publishes every port its image exposes" in found[0].message
    assert found[0].message.endswith("(-p 127.0.0.1:8080:80 instead of -P)")  # its syntax
    assert "127.0.0.1" in found[0].message


@pytest.mark.parametrize(
    "line",
    [
        "docker run -d -p 127.0.0.1:8080:80 ghcr.io/acme/shop:1.4\n",
        "docker run -d --publish-all=false ghcr.io/acme/shop:1.4\n",
        "docker run -d --network host -P ghcr.io/acme/shop:1.4\n",  # nothing is published
        "docker run -d --network container:db -P ghcr.io/acme/shop:1.4\n",
        "docker run -d ghcr.io/acme/shop:1.4 serve -P\n",  # the container's own argument
        "docker ps -P\n",
        "echo 'docker run -P ghcr.io/acme/shop:1.4'\n",
    ],
)
def test_look_alikes_of_publish_all_are_not_reported(tmp_path: Path, line: str) -> None:
    assert "CL106" not in {d.code for d in _check(tmp_path, line)}


# -- CL102 on a swarm service ---------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "value"),
    [
        (
            "docker service create --name api --publish published=9000,target=9000 acme/api:2\n",
            "published=9000,target=9000",
        ),
        ("docker service create --name api -p 9000:9000 acme/api:2\n", "9000:9000"),
        (
            "docker service create --name api "
            "--publish mode=host,published=9000,target=9000 acme/api:2\n",
            "mode=host,published=9000,target=9000",
        ),
    ],
)
def test_a_swarm_publish_is_reported_without_a_fix(tmp_path: Path, line: str, value: str) -> None:
    found = [d for d in _check(tmp_path, line) if d.code == "CL102"]
    assert _at(tmp_path, found) == [("CL102", value)]
    (diagnostic,) = found
    assert diagnostic.fix is None
    assert diagnostic.message.startswith("port 9000 of container 'api' is published by the swarm")
    assert "DOCKER-USER" in diagnostic.message and "filter in front of it" in diagnostic.message
    assert _fixed(tmp_path, line, unsafe=True) == line


def test_a_run_publish_beside_a_swarm_publish_keeps_its_fix(tmp_path: Path) -> None:
    text = (
        "docker run -d --name cache -p 6379:6379 redis:7.2\n"
        "docker service create --name api -p 9000:9000 acme/api:2\n"
    )
    assert _fixed(tmp_path, text, unsafe=False) == (
        "docker run -d --name cache -p 127.0.0.1:6379:6379 redis:7.2\n"
        "docker service create --name api -p 9000:9000 acme/api:2\n"
    )


# -- CL101 and the script's own commands on the host ------------------------------------

NETWORK = (
    "docker network create shop\n"
    "docker run -d --name db --network shop -p 5432:5432 postgres:16\n"
    "docker run -d --name api --network shop -e DATABASE_URL=postgres://db:5432/shop "
    "acme/api:2\n"
)


def test_without_host_use_the_publish_becomes_expose(tmp_path: Path) -> None:
    found = _check(tmp_path, NETWORK)
    assert [d.code for d in found] == ["CL101"]
    assert found[0].message.startswith("port 5432 of container 'db' is published to the host")
    assert "container 'api' reaches db:5432" in found[0].message
    assert [r.message for r in found[0].related] == ["used by container 'api' here"]
    assert _fixed(tmp_path, NETWORK, unsafe=False) == NETWORK  # no host use is ever proven
    assert _fixed(tmp_path, NETWORK, unsafe=True) == NETWORK.replace(
        "-p 5432:5432", "--expose 5432"
    )


@pytest.mark.parametrize(
    "host_use",
    [
        "psql -h localhost -p 5432 -U shop\n",
        "psql --host=127.0.0.1 --port=5432 shop\n",
        "psql -hlocalhost -p5432 shop\n",
        "psql postgresql://shop@localhost:5432/shop\n",
        "until pg_isready -h localhost; do sleep 1; done\n",
        "timeout 30 sh -c 'nc -z localhost 5432'\n",
        "nc -z 127.0.0.1 5432\n",
        "sudo -u postgres psql -h localhost -p 5432\n",
        'echo "the database is on localhost:5432"\n',
    ],
)
def test_a_port_the_host_reaches_keeps_its_publish(tmp_path: Path, host_use: str) -> None:
    text = NETWORK + host_use
    found = _check(tmp_path, text)
    assert [(d.code, d.fix.applicability if d.fix else None) for d in found] == [
        ("CL102", Applicability.SAFE)  # the containers and the host keep working on loopback
    ]
    (diagnostic,) = found
    assert "this script reaches it from the host" in diagnostic.message
    assert diagnostic.related[0].span.start.line == 4  # the host-side command's line
    assert diagnostic.related[0].message.startswith("reached from the host by ")
    assert _fixed(tmp_path, text, unsafe=False) == text.replace(
        "-p 5432:5432", "-p 127.0.0.1:5432:5432"
    )


@pytest.mark.parametrize(
    "not_host_use",
    [
        "docker exec db psql -h localhost -p 5432\n",  # the container's own loopback
        "psql -p 5432 shop\n",  # a Unix socket, not the published port
        "psql -h db.internal -p 5432\n",
        "ssh deploy@prod 'psql -h localhost -p 5432'\n",
        "curl localhost:15432\n",
        "curl http://localhost.example.com:5432/\n",
        "docker run --rm --network shop postgres:16 psql -h localhost -p 5432\n",
        "# psql -h localhost -p 5432\n",
    ],
)
def test_look_alikes_of_host_use_leave_cl101(tmp_path: Path, not_host_use: str) -> None:
    codes = [d.code for d in _check(tmp_path, NETWORK + not_host_use) if d.code.startswith("CL10")]
    assert codes == ["CL101"]


def test_host_use_of_a_web_port_gives_an_unsafe_loopback_fix(tmp_path: Path) -> None:
    text = (
        "docker run -d --name web -p 8080:8080 acme/web:3\ncurl -fsS http://127.0.0.1:8080/health\n"
    )
    (diagnostic,) = _check(tmp_path, text)
    assert diagnostic.code == "CL102"
    assert diagnostic.message == (
        "port 8080 of container 'web' is published on all host interfaces, where Docker's NAT "
        "rules bypass the host firewall (ufw, firewalld); this script reaches it from the host "
        "(curl, line 3): bind it to 127.0.0.1, which keeps that working"
    )
    assert diagnostic.fix is not None and diagnostic.fix.applicability == Applicability.UNSAFE
    assert _fixed(tmp_path, text, unsafe=False) == text
    assert _fixed(tmp_path, text, unsafe=True) == (
        "docker run -d --name web -p 127.0.0.1:8080:8080 acme/web:3\n"
        "curl -fsS http://127.0.0.1:8080/health\n"
    )


def test_a_proxy_keeps_its_public_ports(tmp_path: Path) -> None:
    text = (
        "docker network create web\n"
        "docker run -d --name app --network web --expose 3000 acme/app:1\n"
        "docker run -d --name proxy --network web -p 80:80 -p 443:443 "
        "-e UPSTREAM=http://app:3000 nginx:1.27\n"
        "curl -fsS http://localhost/\n"
    )
    assert [d.code for d in _check(tmp_path, text)] == []


def test_messages_name_a_command_line_container(tmp_path: Path) -> None:
    text = (
        "docker run -d --name agent --user root --privileged --cap-add SYS_ADMIN --pid host "
        "--security-opt seccomp=unconfined --network host "
        "-v /var/run/docker.sock:/var/run/docker.sock -v /etc:/host/etc "
        "-v ./agent.yaml:/etc/agent/agent.yaml acme/agent:1\n"
    )
    found = _check(tmp_path, text)
    assert {d.code for d in found} == {
        "CL103",
        "CL202",
        "CL203",
        "CL204",
        "CL205",
        "CL206",
        "CL301",
        "CL302",
        "CL303",
    }
    for diagnostic in found:
        assert "container 'agent'" in diagnostic.message, diagnostic.code
        assert "service 'agent'" not in diagnostic.message, diagnostic.code


# -- the host-side evidence itself ---------------------------------------------------


def _commands(*lines: tuple[str | None, ...]) -> tuple[HostCommand, ...]:
    span = Source.from_text("deploy.sh", "x\n").span(0, 1)
    return tuple(HostCommand(words, span) for words in lines)


@pytest.mark.parametrize(
    ("words", "ports"),
    [
        (("psql", "-h", "localhost", "-p", "5433"), {5433}),
        (("psql", "-h", "localhost"), {5432}),
        (("psql", "-p", "5432"), set()),
        (("redis-cli", "-p", "6380", "ping"), {6380}),
        (("redis-cli", "ping"), {6379}),
        (("redis-cli", "-h", "cache", "ping"), set()),
        (("mysql", "-h", "127.0.0.1", "-P", "3307", "-p", "secret"), {3307}),
        (("mongosh", "--host", "localhost"), {27017}),
        (("curl", "localhost:8080"), {8080}),
        (("curl", "http://127.0.0.1:8080/health"), {8080}),
        (("curl", "https://localhost/"), {443}),
        (("wget", "-qO-", "http://[::1]:9090/metrics"), {9090}),
        (("telnet", "127.0.0.1", "6379"), {6379}),
        (("curl", "http://localhost:$PORT/"), set()),
        (("curl", None), set()),
        (("psql", "-h", "localhost", "-p", None), set()),
        (("echo", "listening on 0.0.0.0:8080"), set()),
        (("curl", "http://mylocalhost:8080/"), set()),
    ],
)
def test_host_reaches(words: tuple[str | None, ...], ports: set[int]) -> None:
    assert {reach.port for reach in host_reaches(_commands(words))} == ports
