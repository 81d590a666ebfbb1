"""The container model as the compose reader fills it."""

from __future__ import annotations

from pathlib import Path

from composelint.compose.project import FileCache, load_project
from composelint.model.container import Project, binding
from composelint.run.engine import _Dotenvs

STACK = """\
services:
  web:
    image: myapp:1
    profiles: [debug]
    networks:
      front:
      back:
        aliases: [api, api.internal]
    tmpfs:
      - /run:rw,noexec,size=64m
    volumes:
      - ./shared:/shared:ro,rshared
      - type: bind
        source: ./conf
        target: /etc/app
        bind:
          propagation: rslave
      - type: tmpfs
        target: /cache
        tmpfs:
          size: 1000
    mem_limit: 512m
    logging:
      driver: none
    runtime: runsc
    platform: linux/amd64
    depends_on: [db]
    ports:
      - "8080:80"
      - "[::]:8443:443"
      - "127.0.0.1:9000:9000"
  db:
    image: postgres:16
    networks: [back]
    deploy:
      resources:
        limits:
          memory: 1g
          pids: 200
  sidecar:
    image: busybox:1
    network_mode: "service:web"
networks:
  front: {}
  back:
    internal: true
"""


def _project(tmp_path: Path, text: str = STACK) -> Project:
    path = tmp_path / "compose.yml"
    path.write_text(text)
    return load_project([str(path)], FileCache(_Dotenvs({}).lookup_for)).project


def test_networks_carry_aliases_and_the_internal_flag(tmp_path: Path) -> None:
    project = _project(tmp_path)
    web = project.services["web"]
    assert [(n.name, n.aliases) for n in web.networks] == [
        ("front", ()),
        ("back", ("api", "api.internal")),
    ]
    assert [n.name for n in project.services["db"].networks] == ["back"]
    assert {name: d.internal for name, d in project.networks.items()} == {
        "front": False,
        "back": True,
    }
    assert project.networks["back"].origin is not None


def test_mounts_carry_propagation_and_tmpfs_options(tmp_path: Path) -> None:
    web = _project(tmp_path).services["web"]
    short, long_bind, long_tmpfs = web.volumes
    assert (short.read_only, short.propagation) == (True, "rshared")
    assert (long_bind.type, long_bind.propagation, long_bind.read_only) == ("bind", "rslave", False)
    assert (long_tmpfs.type, long_tmpfs.tmpfs_options) == ("tmpfs", ("size=1000",))
    [run] = web.tmpfs
    assert (run.type, run.target, run.tmpfs_options) == (
        "tmpfs",
        "/run",
        ("rw", "noexec", "size=64m"),
    )
    assert run.origin is not None and run.origin.raw == "/run:rw,noexec,size=64m"


def test_limits_logging_runtime_platform_and_profiles(tmp_path: Path) -> None:
    project = _project(tmp_path)
    web, db = project.services["web"], project.services["db"]
    assert web.limits.memory is not None and web.limits.memory.value == "512m"
    assert web.limits.pids is None
    assert db.limits.memory is not None and db.limits.memory.value == "1g"
    assert db.limits.pids is not None and db.limits.pids.value == 200
    assert db.limits.memory.path == ("services", "db", "deploy", "resources", "limits", "memory")
    assert web.logging_driver is not None and web.logging_driver.value == "none"
    assert web.runtime is not None and web.runtime.value == "runsc"
    assert web.platform is not None and web.platform.value == "linux/amd64"
    assert web.profiles == ("debug",)
    assert db.logging_driver is None and db.profiles == ()


def test_links_between_the_containers_of_a_project(tmp_path: Path) -> None:
    project = _project(tmp_path)
    assert project.links_of("web") == {"db"}
    assert project.links_of("sidecar") == {"web"}
    assert project.links_of("db") == frozenset()
    assert project.links_of("missing") == frozenset()


def test_binding_tells_wildcards_ipv6_and_loopback(tmp_path: Path) -> None:
    plain, ipv6, loopback = _project(tmp_path).services["web"].ports
    assert (binding(plain).wildcard, binding(plain).ipv6) == (True, False)
    assert (binding(ipv6).wildcard, binding(ipv6).ipv6) == (True, True)
    assert binding(loopback).wildcard is False


def test_an_address_from_an_unset_variable_depends_on_the_environment(tmp_path: Path) -> None:
    text = 'services:\n  web:\n    image: x:1\n    ports: ["${BIND}:80:80", "${BIND2:-0.0.0.0}:81:81"]\n'
    unset, defaulted = _project(tmp_path, text).services["web"].ports
    assert binding(unset).depends_on_env is True
    assert binding(defaulted).depends_on_env is False
    assert binding(defaulted).wildcard is True
