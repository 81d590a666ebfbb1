"""``-p`` in every spelling, and where each publish listens."""

from __future__ import annotations

import pytest

from composelint.commands import ValueNode
from composelint.model.container import binding
from tests.commands.support import launch


@pytest.mark.parametrize(
    "line",
    [
        "docker run -p 8080:80 nginx:1.27",
        "docker run -p8080:80 nginx:1.27",
        "docker run --publish 8080:80 nginx:1.27",
        "docker run --publish=8080:80 nginx:1.27",
        'docker run -p "8080:80" nginx:1.27',
        "docker run -p '8080:80' nginx:1.27",
        'docker run --publish="8080:80" nginx:1.27',
        "docker run -dp 8080:80 nginx:1.27",
        "docker run -itdp 8080:80 nginx:1.27",
        "docker run -dp8080:80 nginx:1.27",
        "docker run -p=8080:80 nginx:1.27",
        "docker run \\\n  -p \\\n  8080:80 \\\n  nginx:1.27",
    ],
)
def test_every_spelling_of_a_publish(line: str) -> None:
    found = launch(line)
    (port,) = found.service.ports
    assert (port.host_ip, port.published, port.target, port.error) == (None, "8080", "80", None)
    assert port.path == ("services", "nginx (line 1)", "ports", 0)
    assert found.image is not None and found.image.text == "nginx:1.27"
    assert port.origin is not None and port.origin.raw == "8080:80"
    assert binding(port).wildcard


def test_repeated_publishes_keep_their_order() -> None:
    found = launch("docker run -p 80:80 --publish 443:443 -p8443:8443/udp nginx:1.27")
    assert [(p.published, p.target, p.protocol) for p in found.service.ports] == [
        ("80", "80", None),
        ("443", "443", None),
        ("8443", "8443", "udp"),
    ]
    assert [p.path[-1] for p in found.service.ports] == [0, 1, 2]
    assert found.service.data["ports"] == ["80:80", "443:443", "8443:8443/udp"]


@pytest.mark.parametrize(
    ("value", "host_ip", "published", "target", "wildcard", "env"),
    [
        ("127.0.0.1:8080:80", "127.0.0.1", "8080", "80", False, False),
        ("0.0.0.0:8080:80", "0.0.0.0", "8080", "80", True, False),
        ("[::]:80:80", "[::]", "80", "80", True, False),
        ("[::1]:80:80", "[::1]", "80", "80", False, False),
        (":::80:80", "::", "80", "80", True, False),
        ("127.0.0.1::80", "127.0.0.1", None, "80", False, False),
        ("80", None, None, "80", True, False),
        ("8000-8010:80-90", None, "8000-8010", "80-90", True, False),
        ("$PORT:8080", None, "$PORT", "8080", True, False),
        ("${PORT:-8080}:8080", None, "${PORT:-8080}", "8080", True, False),
        ("$BIND:80:80", None, "80", "80", True, True),
        ("${BIND}:80:80", None, "80", "80", True, True),
        ("${BIND:-127.0.0.1}:80:80", "127.0.0.1", "80", "80", False, False),
        ("${BIND:-0.0.0.0}:80:80", "0.0.0.0", "80", "80", True, False),
        ("${BIND:?set it}:80:80", None, "80", "80", True, True),
    ],
)
def test_addresses(
    value: str, host_ip: str | None, published: str | None, target: str, wildcard: bool, env: bool
) -> None:
    (port,) = launch(f'docker run -p "{value}" nginx:1.27').service.ports
    assert (port.host_ip, port.published, port.target) == (host_ip, published, target)
    bound = binding(port)
    assert (bound.wildcard, bound.depends_on_env) == (wildcard, env)
    assert port.depends_on_env == env


def test_a_value_that_is_no_port_is_an_error_the_rules_skip() -> None:
    (port,) = launch("docker run -p web nginx:1.27").service.ports
    assert port.error is not None


def test_flags_after_the_image_belong_to_the_container() -> None:
    found = launch("docker run --rm postgres:16 pg_isready -p 5432 -h db")
    assert found.service.ports == ()
    assert [w.text for w in found.command] == ["pg_isready", "-p", "5432", "-h", "db"]
    assert found.service.data["command"] == ["pg_isready", "-p", "5432", "-h", "db"]


def test_compose_run_reads_only_its_publishes() -> None:
    found = launch("docker compose run --rm -e A=1 -v ./x:/x -p 8080:80 web npm test")
    assert [(p.published, p.target) for p in found.service.ports] == [("8080", "80")]
    assert found.service.volumes == () and found.service.environment == {}
    assert found.service.name == "web"
    assert [w.text for w in found.command] == ["npm", "test"]


@pytest.mark.parametrize(
    ("value", "published", "target", "long_syntax"),
    [
        ("published=8080,target=80", "8080", "80", True),
        ("published=8080,target=80,mode=host,protocol=tcp", "8080", "80", True),
        ("8080:80", "8080", "80", False),
    ],
)
def test_a_swarm_publish_has_no_host_address(
    value: str, published: str, target: str, long_syntax: bool
) -> None:
    found = launch(f"docker service create --name web --publish {value} nginx:1.27")
    assert found.service.kind == "service"
    (port,) = found.service.ports
    assert (port.host_ip, port.published, port.target) == (None, published, target)
    assert port.long_syntax == long_syntax
    assert binding(port).wildcard
    assert port.origin is not None and isinstance(port.origin.node, ValueNode)
    assert not port.origin.node.has_address
