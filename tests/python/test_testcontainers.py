"""testcontainers: DockerContainer(image) and the with_* calls on it."""

from __future__ import annotations

from composelint.python.nodes import TC_BIND, TC_EXPOSED, PortNode
from tests.python.support import containers, mounts, only, ports

HEAD = "from testcontainers.core.container import DockerContainer\n"


def test_a_chain() -> None:
    text = HEAD + (
        "with (\n"
        "    DockerContainer('postgres:16')\n"
        "    .with_bind_ports(5432, 5432)\n"
        "    .with_bind_ports('53/udp', '5353/udp')\n"
        "    .with_exposed_ports(8080, '9000/tcp')\n"
        "    .with_bind_ports(7000)\n"
        "    .with_volume_mapping('./init', '/docker-entrypoint-initdb.d', 'rw')\n"
        "    .with_volume_mapping('./conf', '/etc/app')\n"
        "    .with_kwargs(privileged=True, cap_add=['NET_ADMIN'])\n"
        "    .with_env('POSTGRES_PASSWORD', 'secret')\n"
        "    .with_name('db')\n"
        ") as db:\n"
        "    pass\n"
    )
    service = only(text)
    assert service.name == "db"
    assert ports(text) == [
        (None, "5432", "5432", None, "5432"),
        (None, "5353", "53", "udp", "'5353/udp'"),
        (None, None, "8080", None, "8080"),
        (None, None, "9000", "tcp", "'9000/tcp'"),
        (None, None, "7000", None, "7000"),
    ]
    forms = [p.origin.node.form for p in service.ports if isinstance(p.origin.node, PortNode)]
    assert forms == [TC_BIND, TC_BIND, TC_EXPOSED, TC_EXPOSED, TC_EXPOSED]
    assert mounts(text) == [
        (
            "bind",
            "./init",
            "/docker-entrypoint-initdb.d",
            False,
            "'./init', '/docker-entrypoint-initdb.d', 'rw'",
        ),
        ("bind", "./conf", "/etc/app", True, "'./conf', '/etc/app'"),  # the default is "ro"
    ]
    assert service.data["privileged"] is True
    assert service.data["cap_add"] == ["NET_ADMIN"]
    assert service.environment["POSTGRES_PASSWORD"].value == "secret"


def test_calls_on_a_bound_name() -> None:
    text = HEAD + (
        "def fixture():\n"
        "    c = DockerContainer(image='redis:7', privileged=True)\n"
        "    c.with_bind_ports(6379, host_port)\n"
        "    c.with_volume_mapping(path, '/data', 'rw')\n"
        "    c.start()\n"
    )
    service = only(text)
    # The host port is computed, but testcontainers takes no address: all interfaces.
    assert ports(text) == [(None, None, "6379", None, "host_port")]
    assert service.volumes == ()  # a computed host path is not guessed at
    assert service.data["privileged"] is True


def test_constructor_ports_and_volumes() -> None:
    text = (
        HEAD + "DockerContainer('a:1', ports=[80], volumes=[('./x', '/x', 'rw'), ('./y', '/y')])\n"
    )
    assert ports(text) == [(None, None, "80", None, "80")]
    assert [m[:4] for m in mounts(text)] == [
        ("bind", "./x", "/x", False),
        ("bind", "./y", "/y", True),
    ]


def test_module_classes() -> None:
    text = (
        "from testcontainers.postgres import PostgresContainer\n"
        "import testcontainers.redis as tr\n"
        "PostgresContainer('postgres:16').with_bind_ports(5432, 5432)\n"
        "tr.RedisContainer()\n"
    )
    first, second = containers(text)
    assert first.image is not None and first.image.value == "postgres:16"
    assert second.name == "redis (line 4)" and second.image is None


def test_another_dockercontainer_is_not_testcontainers() -> None:
    text = "import docker\nclass DockerContainer: ...\nDockerContainer(c).with_bind_ports(1, 1)\n"
    assert containers(text) == []


def test_network_aliases_name_a_container() -> None:
    text = HEAD + (
        "DockerContainer('docker:dind').with_network(net).with_network_aliases('docker')\n"
        "DockerContainer('cli:1').with_network(net).with_env('DOCKER_HOST', 'tcp://docker:2376')\n"
    )
    first, second = containers(text)
    assert first.data["networks"] == {"net": {"aliases": ["docker"]}}
    assert second.data["networks"] == {"net": None}
