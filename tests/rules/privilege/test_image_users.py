"""CL201 and CL202 and the images whose root is not root: the curated table (a test per
row), entrypoints that drop root, WebAssembly runtimes, and the messages, in compose
files, Dockerfiles, command lines and Python."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from composelint.diagnostics import Diagnostic, Severity
from tests.rules.support import findings

TABLE = Path(__file__).resolve().parents[3] / "composelint/rules/data/image_users.toml"
ROWS = tomllib.loads(TABLE.read_text(encoding="utf-8"))["image"]
SH = "#!/bin/sh\n"
PY = "import docker\n\nclient = docker.from_env()\n"


def _image_of(row: dict[str, object]) -> str:
    """An image reference the row matches, with a registry and a tag."""
    name = str(row["image"]).replace(
        "*", "base-notebook" if "jupyter" in str(row["image"]) else "app"
    )
    tags = row.get("tag")
    patterns = [tags] if isinstance(tags, str) else list(tags or ["1.2.3"])
    tag = re.sub(r"\[(.)[^\]]*\]", r"\1", str(patterns[-1])).replace("*", ".0")
    registry = "mcr.microsoft.com" if name.startswith("dotnet/") else "docker.io"
    return f"{registry}/{name}:{tag}" if tag else f"{registry}/{name}"


def _both(tmp_path: Path, files: dict[str, str]) -> list[Diagnostic]:
    return findings(tmp_path, files, "CL201") + findings(tmp_path, files, "CL202")


@pytest.mark.parametrize("row", ROWS, ids=[r["image"] for r in ROWS])
def test_each_row_says_what_and_where(row: dict[str, object]) -> None:
    kinds = [k for k in ("user", "drops_to", "root") if k in row]
    assert len(kinds) >= 1 and not ("user" in row and "root" in row)
    assert len(str(row["why"])) > 20 and str(row["source"]).startswith("https://")


@pytest.mark.parametrize("row", ROWS, ids=[r["image"] for r in ROWS])
def test_each_row_decides_a_dockerfile_built_on_the_image(
    tmp_path: Path, row: dict[str, object]
) -> None:
    files = {
        "app/Dockerfile": f"FROM {_image_of(row)}\nRUN echo ready\n",
        "compose.yaml": "services:\n  app:\n    build: ./app\n",
    }
    found = _both(tmp_path, files)
    if "user" in row:
        assert found == []  # the image's own user is not root
    elif "drops_to" in row:
        assert [(d.code, d.severity) for d in found] == [
            ("CL201", Severity.INFORMATION),
            ("CL202", Severity.INFORMATION),
        ]
        assert all(str(row["drops_to"]) in d.message for d in found)
    else:
        assert [(d.code, d.severity) for d in found] == [
            ("CL201", Severity.WARNING),
            ("CL202", Severity.WARNING),
        ]
        assert str(row["root"]) in found[0].message
    # the same Dockerfile on an unknown image runs as root
    other = {"app/Dockerfile": "FROM ghcr.io/acme/other:1.0\nRUN echo ready\n"}
    assert [d.severity for d in _both(tmp_path, other)] == [Severity.WARNING] * 2


@pytest.mark.parametrize("row", [r for r in ROWS if "drops_to" in r], ids=lambda r: r["image"])
def test_root_on_purpose_is_information_while_the_entrypoint_drops(
    tmp_path: Path, row: dict[str, object]
) -> None:
    image = _image_of(row)
    compose = f"services:\n  app:\n    image: {image}\n    user: root\n"
    (found,) = findings(tmp_path, {"compose.yaml": compose}, "CL202")
    assert found.severity == Severity.INFORMATION
    assert "starts as root" in found.message and str(row["drops_to"]) in found.message
    # an entrypoint of its own replaces the one that drops root
    replaced = compose + '    entrypoint: ["sh", "-c", "sleep infinity"]\n'
    (found,) = findings(tmp_path, {"compose.yaml": replaced}, "CL202")
    assert found.severity == Severity.WARNING


def test_a_command_the_entrypoint_does_not_drop_for_runs_as_root(tmp_path: Path) -> None:
    base = "services:\n  db:\n    image: postgres:16\n    user: root\n"
    server = base + "    command: postgres -c max_connections=200\n"
    (found,) = findings(tmp_path, {"compose.yaml": server}, "CL202")
    assert found.severity == Severity.INFORMATION
    shell = base + '    command: ["bash", "-c", "pg_dumpall > /backup/all.sql"]\n'
    (found,) = findings(tmp_path, {"compose.yaml": shell}, "CL202")
    assert found.severity == Severity.WARNING


def test_root_over_a_non_root_image_is_a_warning_that_says_so(tmp_path: Path) -> None:
    compose = 'services:\n  grafana:\n    image: grafana/grafana:11.0.0\n    user: "0"\n'
    (found,) = findings(tmp_path, {"compose.yaml": compose}, "CL202")
    assert found.severity == Severity.WARNING
    assert "runs as 472 (grafana) by itself" in found.message


def test_a_dotnet_image_before_8_has_no_app_user(tmp_path: Path) -> None:
    old = {"Dockerfile": "FROM mcr.microsoft.com/dotnet/aspnet:6.0\nCOPY . /app\n"}
    (found,) = findings(tmp_path, old, "CL201")
    assert "APP_UID" not in found.message
    new = {"Dockerfile": "FROM mcr.microsoft.com/dotnet/aspnet:8.0\nCOPY . /app\n"}
    (found,) = findings(tmp_path, new, "CL201")
    assert "USER $APP_UID" in found.message


@pytest.mark.parametrize(
    ("image", "root"),
    [("haproxy:2.2", True), ("haproxy:2.8-alpine", False), ("haproxy:lts", False)],
)
def test_the_tag_decides_for_haproxy(tmp_path: Path, image: str, root: bool) -> None:
    files = {"Dockerfile": f"FROM {image}\nCOPY haproxy.cfg /usr/local/etc/haproxy/\n"}
    assert len(findings(tmp_path, files, "CL201")) == (1 if root else 0)


def test_a_stage_built_on_a_stage_of_the_image_keeps_its_user(tmp_path: Path) -> None:
    files = {
        "Dockerfile": "FROM grafana/grafana:11.0.0 AS base\nRUN echo a\n\nFROM base\nRUN echo b\n"
    }
    assert findings(tmp_path, files, "CL201") == []


def test_an_entrypoint_of_the_dockerfile_keeps_root(tmp_path: Path) -> None:
    files = {"Dockerfile": 'FROM postgres:16\nENTRYPOINT ["/backup.sh"]\n'}
    (found,) = findings(tmp_path, files, "CL201")
    assert found.severity == Severity.WARNING


def test_command_lines_and_python_read_the_table(tmp_path: Path) -> None:
    script = (
        SH
        + "docker run -d --user root postgres:16\n"
        + "docker run -d --user root grafana/grafana:11.0.0\n"
    )
    found = findings(tmp_path, {"start.sh": script}, "CL202")
    assert [d.severity for d in found] == [Severity.INFORMATION, Severity.WARNING]
    code = PY + 'client.containers.run("redis:7.2", user="root", detach=True)\n'
    (found,) = findings(tmp_path / "py", {"start.py": code}, "CL202")
    assert found.severity == Severity.INFORMATION and "redis (with gosu)" in found.message
    replaced = PY + 'client.containers.run("redis:7.2", user="root", entrypoint=["sh"])\n'
    (found,) = findings(tmp_path / "py2", {"start.py": replaced}, "CL202")
    assert found.severity == Severity.WARNING


# -- WebAssembly: no Linux root -------------------------------------------------------


@pytest.mark.parametrize(
    "setting",
    [
        "runtime: io.containerd.wasmedge.v1",
        "runtime: io.containerd.spin.v2",
        "runtime: io.containerd.wasmtime.v1",
        "runtime: io.containerd.slight.v1",
        "platform: wasi/wasm",
        "platform: wasi/wasm32",
    ],
)
def test_a_wasm_service_has_no_root(tmp_path: Path, setting: str) -> None:
    compose = f"services:\n  app:\n    image: ghcr.io/acme/app:1.0\n    {setting}\n    user: root\n"
    assert findings(tmp_path, {"compose.yaml": compose}, "CL202") == []


def test_a_runc_service_next_to_it_still_runs_as_root(tmp_path: Path) -> None:
    compose = (
        "services:\n  app:\n    image: ghcr.io/acme/app:1.0\n    runtime: runc\n    user: root\n"
    )
    assert len(findings(tmp_path, {"compose.yaml": compose}, "CL202")) == 1
    linux = compose.replace("runtime: runc", "platform: linux/amd64")
    assert len(findings(tmp_path, {"compose.yaml": linux}, "CL202")) == 1


def test_a_dockerfile_of_a_wasm_module_has_no_root(tmp_path: Path) -> None:
    wasm = {
        "app/Dockerfile": (
            "FROM rust:1.80 AS build\nRUN cargo build --target wasm32-wasip1 --release\n\n"
            "FROM scratch\nCOPY --from=build /src/target/wasm32-wasip1/release/app.wasm /app.wasm\n"
            'ENTRYPOINT ["/app.wasm"]\n'
        ),
        "compose.yaml": "services:\n  app:\n    build: ./app\n    platform: wasi/wasm\n",
    }
    assert _both(tmp_path, wasm) == []
    # FROM scratch running a Linux binary is root (UID 0 needs no passwd entry)
    binary = {"app/Dockerfile": 'FROM scratch\nCOPY app /app\nENTRYPOINT ["/app"]\n'}
    assert len(findings(tmp_path, binary, "CL201")) == 1


def test_wasm_on_command_lines_and_in_python(tmp_path: Path) -> None:
    script = (
        SH
        + "docker run -d --runtime=io.containerd.wasmedge.v1 --user root ghcr.io/acme/app:1.0\n"
        + "docker run -d --platform wasi/wasm --user root ghcr.io/acme/app:1.0\n"
        + "docker run -d --user root ghcr.io/acme/app:1.0\n"
    )
    assert [d.span.start.line for d in findings(tmp_path, {"run.sh": script}, "CL202")] == [3]
    code = (
        PY
        + 'client.containers.run("ghcr.io/acme/app:1.0", user="root", '
        + 'runtime="io.containerd.wasmedge.v1")\n'
    )
    assert findings(tmp_path / "py", {"start.py": code}, "CL202") == []


# -- messages --------------------------------------------------------------------------


def test_cl201_on_user_root_says_to_replace_it(tmp_path: Path) -> None:
    files = {"Dockerfile": 'FROM debian:12\nUSER root\nCMD ["sleep", "1"]\n'}
    (found,) = findings(tmp_path, files, "CL201")
    assert "replace it with a non-root USER" in found.message
    assert "after the last FROM" not in found.message


def test_cl202_points_at_cl201_for_a_built_image(tmp_path: Path) -> None:
    files = {
        "api/Dockerfile": "FROM python:3.12-slim\nCOPY . /srv\n",
        "compose.yaml": "services:\n  api:\n    build: ./api\n",
    }
    (found,) = findings(tmp_path, files, "CL202")
    assert "api/Dockerfile:1" in found.message and "reported there as CL201" in found.message
    assert str(tmp_path) not in found.message  # relative to the project
    (related,) = found.related
    assert related.span.path.endswith("api/Dockerfile") and related.message.startswith("CL201")


@pytest.mark.parametrize(
    "image",
    [
        "docker.elastic.co/logstash/logstash:8.15.0",
        "docker.elastic.co/logstash/logstash:${ELASTIC_VERSION}",
        "docker.elastic.co/logstash/logstash:${ELASTIC_VERSION:-9.5.1}",
        "logstash:${ELASTIC_VERSION}",
        "${REGISTRY}/logstash/logstash:8.15.0",
        "${LOGSTASH_IMAGE:-docker.elastic.co/logstash/logstash}:8.15.0",
    ],
)
def test_a_registry_host_or_a_variable_tag_still_finds_the_row(tmp_path: Path, image: str) -> None:
    compose = f"services:\n  logstash:\n    image: '{image}'\n    user: root\n"
    (found,) = findings(tmp_path, {"compose.yaml": compose}, "CL202")
    assert "runs as 1000 (logstash) by itself" in found.message


def test_a_variable_repository_or_an_unknown_tag_of_a_tagged_row_matches_nothing(
    tmp_path: Path,
) -> None:
    for image in ("${IMAGE}", "${IMAGE}:1.0", "acme/${APP}:1.0"):
        compose = f"services:\n  app:\n    image: '{image}'\n    user: root\n"
        (found,) = findings(tmp_path, {"compose.yaml": compose}, "CL202")
        assert "by itself" not in found.message and "switches" not in found.message
    # haproxy's row depends on the tag: an unset tag could be 2.2, which keeps root
    files = {"Dockerfile": "ARG V\nFROM haproxy:${V}\nCOPY haproxy.cfg /usr/local/etc/haproxy/\n"}
    assert len(findings(tmp_path / "h", files, "CL201")) == 1


@pytest.mark.parametrize(
    "dockerfile",
    [
        "ARG ELASTIC_VERSION\nFROM docker.elastic.co/beats/metricbeat:${ELASTIC_VERSION:-9.5.1}\n",
        "ARG ELASTIC_VERSION=9.5.1\nFROM docker.elastic.co/beats/metricbeat:${ELASTIC_VERSION}\n",
        "ARG ELASTIC_VERSION\nFROM docker.elastic.co/beats/metricbeat:${ELASTIC_VERSION}\n",
    ],
)
def test_a_from_with_an_arg_resolves_to_the_row(tmp_path: Path, dockerfile: str) -> None:
    files = {
        "metricbeat/Dockerfile": dockerfile + "COPY metricbeat.yml /usr/share/metricbeat/\n",
        "compose.yaml": "services:\n  metricbeat:\n    build: ./metricbeat\n",
    }
    assert _both(tmp_path, files) == []


def test_command_lines_and_python_match_registry_hosts_and_variable_tags(
    tmp_path: Path,
) -> None:
    script = SH + "docker run -d --user root clickhouse/clickhouse-server:${CH_VERSION}\n"
    (found,) = findings(tmp_path, {"start.sh": script}, "CL202")
    assert found.severity == Severity.INFORMATION and "clickhouse su" in found.message
    code = PY + 'client.containers.run("docker.elastic.co/kibana/kibana:8.15.0", user="0")\n'
    (found,) = findings(tmp_path / "py", {"start.py": code}, "CL202")
    assert found.severity == Severity.WARNING and "1000 (kibana) by itself" in found.message


CLICKHOUSE_DOCKERFILE = (
    "ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\nCOPY config.xml /etc/clickhouse-server/\n"
)


@pytest.mark.parametrize(
    "args",
    [
        '      args:\n        BASE_IMAGE: "altinity/clickhouse-server:25.8.28.10001.altinitystable"\n',
        "      args:\n        - BASE_IMAGE=clickhouse/clickhouse-server:25.8\n",
    ],
)
def test_build_args_decide_a_from_that_names_a_variable(tmp_path: Path, args: str) -> None:
    compose = "services:\n  clickhouse:\n    build:\n      context: ./clickhouse\n" + args
    files = {"clickhouse/Dockerfile": CLICKHOUSE_DOCKERFILE, "compose.yaml": compose}
    found = _both(tmp_path, files)
    assert [(d.code, d.severity) for d in found] == [
        ("CL201", Severity.INFORMATION),
        ("CL202", Severity.INFORMATION),
    ]
    assert all("clickhouse su" in d.message for d in found)


def test_a_from_variable_nothing_decides_stays_a_warning(tmp_path: Path) -> None:
    alone = {"clickhouse/Dockerfile": CLICKHOUSE_DOCKERFILE}
    assert [d.severity for d in findings(tmp_path, alone, "CL201")] == [Severity.WARNING]
    # a bare KEY takes its value from the environment at build time: unknown here
    compose = (
        "services:\n  clickhouse:\n    build:\n      context: ./clickhouse\n"
        "      args:\n        - BASE_IMAGE\n"
    )
    files = {**alone, "compose.yaml": compose}
    assert [d.severity for d in _both(tmp_path / "b", files)] == [Severity.WARNING] * 2
    # two services build it on different images: the Dockerfile alone cannot say
    two = (
        "services:\n  a:\n    build:\n      context: ./clickhouse\n"
        "      args: {BASE_IMAGE: 'clickhouse/clickhouse-server:25.8'}\n"
        "  b:\n    build:\n      context: ./clickhouse\n"
        "      args: {BASE_IMAGE: 'debian:12'}\n"
    )
    found = _both(tmp_path / "c", {**alone, "compose.yaml": two})
    assert [(d.code, d.severity) for d in found] == [
        ("CL201", Severity.WARNING),
        ("CL202", Severity.INFORMATION),
        ("CL202", Severity.WARNING),
    ]


def test_a_build_arg_overrides_the_arg_default(tmp_path: Path) -> None:
    compose = (
        "services:\n  grafana:\n    build:\n      context: .\n"
        "      args: {BASE: 'grafana/grafana:11.0.0'}\n"
    )
    files = {"Dockerfile": "ARG BASE=debian:12\nFROM ${BASE}\nCOPY dash.json /etc/\n"}
    assert [d.code for d in _both(tmp_path, {**files, "compose.yaml": compose})] == ["CL201"]
