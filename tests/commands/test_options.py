"""The other options of a launch, as the compose-shaped model the rules read."""

from __future__ import annotations

import pytest

from composelint.model.container import NetworkAttachment
from composelint.rules.exposure.evidence import names_of
from tests.commands.support import launch


def test_image_after_switches_and_valued_options() -> None:
    found = launch(
        "docker run -it --rm -e A=1 -v x:/y --name app -w /src --init nginx:1.27 sh -c 'echo hi'"
    )
    assert found.image is not None and found.image.text == "nginx:1.27"
    assert [w.text for w in found.command] == ["sh", "-c", "echo hi"]


@pytest.mark.parametrize(
    ("line", "user"),
    [
        ("docker run -u root alpine:3", "root"),
        ("docker run -uroot alpine:3", "root"),
        ("docker run --user 0:0 alpine:3", "0:0"),
        ("docker run --user=1000 alpine:3", "1000"),
        ("docker run -itu root alpine:3", "root"),
    ],
)
def test_user(line: str, user: str) -> None:
    service = launch(line).service
    assert service.user is not None and service.user.value == user
    assert service.data["user"] == user
    assert service.user.path == ("services", "alpine (line 1)", "user")


def test_double_dash_ends_the_options() -> None:
    found = launch("docker run --rm -- alpine:3 -p 80:80")
    assert found.image is not None and found.image.text == "alpine:3"
    assert found.service.ports == ()


def test_unknown_long_options_take_a_value() -> None:
    found = launch("podman run --pod mypod --rm alpine:3 true")
    assert found.image is not None and found.image.text == "alpine:3"


def test_a_variable_standing_for_options_is_skipped() -> None:
    found = launch('docker run $DOCKER_OPTS "${EXTRA_ARGS[@]}" -p 80:80 nginx:1.27')
    assert found.opaque
    assert found.image is not None and found.image.text == "nginx:1.27"
    assert len(found.service.ports) == 1


def test_a_variable_image() -> None:
    found = launch('docker run -d "$IMAGE" --port 80')
    assert found.image is not None and found.image.text == "$IMAGE"
    assert found.image.value is None


def test_privileges_and_namespaces() -> None:
    service = launch(
        "docker run --privileged --cap-add SYS_ADMIN --cap-add=NET_ADMIN --cap-drop ALL "
        "--pid host --ipc=host --uts host --userns=host --security-opt seccomp=unconfined "
        "--security-opt apparmor=unconfined --device /dev/fuse --read-only --restart always "
        "alpine:3"
    ).service
    assert service.privileged is not None and service.privileged.value is True
    assert [c.value for c in service.cap_add] == ["SYS_ADMIN", "NET_ADMIN"]
    assert [c.path[-1] for c in service.cap_add] == [0, 1]
    assert [c.value for c in service.cap_drop] == ["ALL"]
    assert [service.pid.value, service.ipc.value, service.uts.value] == ["host"] * 3  # type: ignore[union-attr]
    assert service.userns_mode is not None and service.userns_mode.value == "host"
    assert [s.value for s in service.security_opt] == [
        "seccomp=unconfined",
        "apparmor=unconfined",
    ]
    assert [d.value for d in service.devices] == ["/dev/fuse"]
    assert service.read_only is not None and service.read_only.value is True
    assert service.data["restart"] == "always"
    assert service.data["privileged"] is True
    assert service.data["cap_add"] == ["SYS_ADMIN", "NET_ADMIN"]


def test_a_switch_turned_off() -> None:
    service = launch("docker run --privileged=false --rm=true alpine:3").service
    assert service.privileged is None


@pytest.mark.parametrize(
    ("flag", "mode"),
    [
        ("--network host", "host"),
        ("--network=host", "host"),
        ("--net host", "host"),
        ("--net=host", "host"),
        ("--network none", "none"),
        ("--network container:db", "container:db"),
    ],
)
def test_network_modes(flag: str, mode: str) -> None:
    service = launch(f"docker run {flag} alpine:3").service
    assert service.network_mode is not None and service.network_mode.value == mode
    assert service.data["network_mode"] == mode
    assert service.networks == ()


def test_user_defined_networks_names_and_aliases() -> None:
    service = launch(
        "docker run --name api --network app --network-alias backend --net-alias api.local "
        "--hostname apihost --link db:database alpine:3"
    ).service
    assert service.networks == (NetworkAttachment("app", ("backend", "api.local")),)
    assert service.data["networks"] == {"app": {"aliases": ["backend", "api.local"]}}
    assert service.data["container_name"] == "api"
    assert service.links == ("db",)
    assert names_of(service) == {"api", "apihost", "backend", "api.local"}


def test_environment_and_env_files() -> None:
    service = launch(
        "docker run -e DB_HOST=db -e 'URL=postgres://db:5432/x' --env TOKEN --env-file .env "
        "-l team=ops alpine:3"
    ).service
    assert {k: v.value for k, v in service.environment.items()} == {
        "DB_HOST": "db",
        "URL": "postgres://db:5432/x",
        "TOKEN": None,
    }
    assert service.environment["DB_HOST"].path[-2:] == ("environment", "DB_HOST")
    assert service.data["env_file"] == [".env"]
    assert service.labels["team"].value == "ops"


def test_publish_all() -> None:
    for flag in ("-P", "--publish-all", "-dP", "--publish-all=true"):
        found = launch(f"docker run {flag} nginx:1.27")
        assert found.publish_all is not None, flag
        assert found.service.fields["publish_all"].value is True
    assert launch("docker run --publish-all=false nginx:1.27").publish_all is None


@pytest.mark.parametrize(
    ("value", "kind", "source", "target", "read_only", "options"),
    [
        ("./conf:/etc/app", "bind", "./conf", "/etc/app", False, ()),
        ("./conf:/etc/app:ro", "bind", "./conf", "/etc/app", True, ("ro",)),
        ("./conf:/etc/app:rw,z", "bind", "./conf", "/etc/app", False, ("rw", "z")),
        (
            "/var/run/docker.sock:/var/run/docker.sock",
            "bind",
            "/var/run/docker.sock",
            "/var/run/docker.sock",
            False,
            (),
        ),
        ("$PWD/conf:/etc/app", "bind", "$PWD/conf", "/etc/app", False, ()),
        ("$(pwd)/conf:/etc/app", "bind", "$(pwd)/conf", "/etc/app", False, ()),
        ("~/.ssh:/root/.ssh:ro", "bind", "~/.ssh", "/root/.ssh", True, ("ro",)),
        (
            "pgdata:/var/lib/postgresql/data",
            "volume",
            "pgdata",
            "/var/lib/postgresql/data",
            False,
            (),
        ),
        ("/data", "volume", None, "/data", False, ()),
    ],
)
def test_volumes(
    value: str, kind: str, source: str | None, target: str, read_only: bool, options: tuple
) -> None:
    (mount,) = launch(f'docker run -v "{value}" alpine:3').service.volumes
    assert (mount.type, mount.source, mount.target, mount.read_only, mount.options) == (
        kind,
        source,
        target,
        read_only,
        options,
    )
    assert not mount.long_syntax


@pytest.mark.parametrize(
    ("value", "source", "target", "read_only", "propagation"),
    [
        ("type=bind,source=/etc/app,target=/etc/app,readonly", "/etc/app", "/etc/app", True, None),
        ("type=bind,src=/etc/app,dst=/etc/app,ro", "/etc/app", "/etc/app", True, None),
        ("type=bind,src=/etc/app,destination=/etc/app,ro=true", "/etc/app", "/etc/app", True, None),
        ("type=bind,src=/etc/app,dst=/etc/app,readonly=false", "/etc/app", "/etc/app", False, None),
        ("type=bind,src=/mnt,dst=/mnt,bind-propagation=rshared", "/mnt", "/mnt", False, "rshared"),
    ],
)
def test_mount_option(
    value: str, source: str, target: str, read_only: bool, propagation: str | None
) -> None:
    (mount,) = launch(f"docker run --mount {value} alpine:3").service.volumes
    assert (mount.type, mount.source, mount.target, mount.read_only, mount.propagation) == (
        "bind",
        source,
        target,
        read_only,
        propagation,
    )
    assert mount.long_syntax


def test_mounts_and_volumes_share_one_list() -> None:
    service = launch(
        "docker run -v a:/a --mount type=volume,src=b,dst=/b --volume=./c:/c alpine:3"
    ).service
    assert [(m.type, m.path[-1]) for m in service.volumes] == [
        ("volume", 0),
        ("volume", 1),
        ("bind", 2),
    ]


def test_tmpfs() -> None:
    (mount,) = launch("docker run --tmpfs /run:rw,exec,size=64m alpine:3").service.tmpfs
    assert (mount.type, mount.target, mount.tmpfs_options) == (
        "tmpfs",
        "/run",
        ("rw", "exec", "size=64m"),
    )


def test_expose_and_limits() -> None:
    service = launch("docker run --expose 5432 --expose=6379 -m 512m --pids-limit 100 x:1").service
    assert [e.value for e in service.expose] == ["5432", "6379"]
    assert service.limits.memory is not None and service.limits.memory.value == "512m"
    assert service.limits.pids is not None and service.limits.pids.value == "100"
