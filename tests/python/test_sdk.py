"""The Docker SDK's containers.run/create and the low-level create_container."""

from __future__ import annotations

import pytest

from tests.python.support import containers, mounts, only, ports

HEAD = "import docker\nclient = docker.from_env()\n"


@pytest.mark.parametrize(
    "receiver",
    [
        "client.containers",
        "docker.from_env().containers",
        "docker.DockerClient(base_url='unix://x').containers",
        "self.client.containers",
        "podman.PodmanClient().containers",
    ],
)
def test_the_receivers(receiver: str) -> None:
    service = only(HEAD + f'{receiver}.run("redis:7", ports={{6379: 6379}})\n')
    assert service.kind == "sdk"
    assert service.image is not None and service.image.value == "redis:7"
    assert service.data["ports"] == ["6379:6379"]


def test_a_name_bound_to_the_containers_collection() -> None:
    text = HEAD + "cs = client.containers\ncs.create(image='nginx:1.27', privileged=True)\n"
    service = only(text)
    assert service.privileged is not None and service.privileged.value is True
    assert service.privileged.origin is not None and service.privileged.origin.raw == "True"


def test_a_binding_is_known_in_nested_scopes_but_not_elsewhere() -> None:
    text = (
        "import docker\n"
        "def f():\n"
        "    cs = docker.from_env().containers\n"
        "    def g():\n"
        "        cs.run('a:1')\n"
        "def h(cs):\n"
        "    cs.run('b:1')\n"
        "    cs = make()\n"
    )
    assert [s.image.value for s in containers(text) if s.image] == ["a:1"]


def test_the_port_forms() -> None:
    text = HEAD + (
        "client.containers.run('db:1', ports={\n"
        "    '5432/tcp': 5432,\n"
        "    80: None,\n"
        "    '53/udp': [('0.0.0.0', 53), 54],\n"
        "    '9000': ('127.0.0.1', 9000),\n"
        "    9001: ('127.0.0.1',),\n"
        "    9002: (9002,),\n"
        "    '9003': '9003',\n"
        "})\n"
    )
    assert ports(text) == [
        (None, "5432", "5432", "tcp", "5432"),
        (None, None, "80", None, "None"),
        ("0.0.0.0", "53", "53", "udp", "('0.0.0.0', 53)"),
        (None, "54", "53", "udp", "54"),
        ("127.0.0.1", "9000", "9000", None, "('127.0.0.1', 9000)"),
        ("127.0.0.1", None, "9001", None, "('127.0.0.1',)"),
        (None, "9002", "9002", None, "(9002,)"),
        (None, "9003", "9003", None, "'9003'"),
    ]
    service = only(text)
    assert [p.path for p in service.ports][:2] == [
        ("services", "db (line 3)", "ports", 0),
        ("services", "db (line 3)", "ports", 1),
    ]
    assert service.data["ports"][:3] == ["5432:5432/tcp", "80", "0.0.0.0:53:53/udp"]


def test_computed_ports_are_not_guessed() -> None:
    text = HEAD + (
        "client.containers.run('db:1', ports={'80/tcp': port, 81: (host, 81),"
        " 82: [p for p in x], **more})\n"
        "client.containers.run('db:1', ports=build_ports())\n"
    )
    assert [s.ports for s in containers(text)] == [(), ()]


def test_a_literal_wildcard_address_with_a_computed_port_is_all_interfaces() -> None:
    text = HEAD + "client.containers.run('db:1', ports={'80/tcp': ('0.0.0.0', port)})\n"
    assert ports(text) == [("0.0.0.0", None, "80", "tcp", "('0.0.0.0', port)")]


def test_a_computed_container_port_with_a_literal_host_port() -> None:
    text = HEAD + "client.containers.run('db:1', ports={kafka_port: 9092})\n"
    assert ports(text) == [(None, "9092", None, None, "9092")]


def test_the_volume_forms() -> None:
    text = HEAD + (
        "client.containers.run('app:1', volumes={\n"
        "    './conf': {'bind': '/etc/app', 'mode': 'rw'},\n"
        "    '/data': {'bind': '/data'},\n"
        "    'named': {'bind': '/var/lib/x', 'mode': 'ro,z'},\n"
        "    str(tmp): {'bind': '/tmp/x'},\n"
        "})\n"
        "client.containers.run('app:2', volumes=['./conf:/etc/app', '/a:/b:ro', name])\n"
    )
    first, second = containers(text)
    assert [(m.type, m.source, m.target, m.read_only, m.options) for m in first.volumes] == [
        ("bind", "./conf", "/etc/app", False, ("rw",)),
        ("bind", "/data", "/data", False, ()),
        ("volume", "named", "/var/lib/x", True, ("ro", "z")),
    ]
    assert [(m.source, m.target, m.read_only) for m in second.volumes] == [
        ("./conf", "/etc/app", False),
        ("/a", "/b", True),
    ]
    assert second.data["volumes"] == ["./conf:/etc/app", "/a:/b:ro"]


def test_mounts() -> None:
    text = HEAD + (
        "from docker.types import Mount\n"
        "client.containers.run('app:1', mounts=[\n"
        "    Mount('/etc/app', './conf', type='bind'),\n"
        "    docker.types.Mount(target='/run/docker.sock', source='/run/docker.sock',"
        " type='bind', read_only=True),\n"
        "    Mount('/data', 'data'),\n"
        "    Mount('/x', src, type=kind),\n"
        "])\n"
    )
    assert [m[:4] for m in mounts(text)] == [
        ("bind", "./conf", "/etc/app", False),
        ("bind", "/run/docker.sock", "/run/docker.sock", True),
        ("volume", "data", "/data", False),
    ]


def test_the_other_options() -> None:
    text = HEAD + (
        "client.containers.run(\n"
        "    image='app:1', name='api', user='root', network_mode='host', pid_mode='host',\n"
        "    ipc_mode='host', cap_add=['SYS_ADMIN', cap], security_opt=['seccomp=unconfined'],\n"
        "    devices=['/dev/fuse:/dev/fuse:rwm'], publish_all_ports=True,\n"
        "    environment={'DB_PASSWORD': 'hunter2', 'N': 1, 'X': None, 'Y': y}, network='app',\n"
        "    privileged=flag,\n"
        ")\n"
    )
    service = only(text)
    assert service.name == "api"
    assert service.data == {
        "image": "app:1",
        "container_name": "api",
        "user": "root",
        "network_mode": "host",
        "pid": "host",
        "ipc": "host",
        "cap_add": ["SYS_ADMIN"],
        "security_opt": ["seccomp=unconfined"],
        "devices": ["/dev/fuse:/dev/fuse:rwm"],
        "publish_all": True,
        "environment": {"DB_PASSWORD": "hunter2", "N": "1", "X": None},
        "networks": {"app": None},
    }
    assert service.user is not None and service.user.origin is not None
    assert service.user.origin.raw == "'root'"
    assert [c.value for c in service.cap_add] == ["SYS_ADMIN"]
    assert [n.name for n in service.networks] == ["app"]
    assert service.privileged is None  # computed


def test_environment_as_a_list() -> None:
    service = only(HEAD + "client.containers.run('a:1', environment=['A=1', 'B'])\n")
    assert {k: v.value for k, v in service.environment.items()} == {"A": "1", "B": None}


def test_run_without_an_image_is_not_read() -> None:
    assert containers(HEAD + "client.containers.run(**spec)\n") == []


def test_low_level_create_container() -> None:
    text = HEAD + (
        "api = docker.APIClient()\n"
        "hc = api.create_host_config(port_bindings={8080: 8080, 53: ('0.0.0.0', 53)},\n"
        "    binds={'/etc': {'bind': '/host-etc', 'mode': 'rw'}}, privileged=True)\n"
        "api.create_container('app:1', 'serve', ports=[8080, 53], host_config=hc)\n"
        "api.create_container('b:1', host_config=api.create_host_config(binds=['/x:/y']))\n"
        "cosmos.create_container('orders', partition_key=key)\n"
    )
    first, second = containers(text)
    assert first.data == {
        "image": "app:1",
        "command": "serve",
        "ports": ["8080:8080", "0.0.0.0:53:53"],
        "volumes": ["/etc:/host-etc:rw"],
        "privileged": True,
    }
    assert second.data == {"image": "b:1", "volumes": ["/x:/y"]}


def test_the_file_is_one_project() -> None:
    text = HEAD + (
        "client.containers.run('postgres:16', name='db', network='app', ports={5432: 5432})\n"
        "client.containers.run('api:1', network='app',\n"
        "    environment={'DATABASE_URL': 'postgres://db:5432/app'}, ports={8080: 8080})\n"
    )
    from tests.python.support import read

    project = read(text).project()
    assert list(project.services) == ["db", "api (line 4)"]
    assert project.files == ("conftest.py",)
