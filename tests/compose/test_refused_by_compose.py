"""What docker compose refuses although the schema lets it through: a boolean field
holding a string that is no boolean (CL005), and a network, volume, secret, config or
service that a service uses and the project never defines (CL006)."""

from __future__ import annotations

from pathlib import Path

import pytest

from composelint.run.engine import run


def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def _found(
    root: Path, files: dict[str, str], code: str, environ: dict[str, str] | None = None
) -> list[tuple[str, str, str]]:
    """(file, text pointed at, message) of each ``code`` finding."""
    _write(root, files)
    result = run([str(root)], environ=environ or {})
    out = []
    for file in result.files:
        for d in file.diagnostics:
            if d.code == code:
                text = Path(d.span.path).read_text(encoding="utf-8")
                name = Path(d.span.path).relative_to(root).as_posix()
                out.append((name, text[d.span.start.offset : d.span.end.offset], d.message))
    return out


# -- CL005: booleans --------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("privileged", '"yes please"'),
        ("read_only", "maybe"),
        ("tty", '"1"'),
        ("init", "enabled"),
        ("stdin_open", '"truee"'),
    ],
)
def test_a_service_boolean_that_is_no_boolean(tmp_path: Path, field: str, value: str) -> None:
    text = f"services:\n  app:\n    image: ghcr.io/acme/app:1.0\n    {field}: {value}\n"
    found = _found(tmp_path, {"compose.yaml": text}, "CL005")
    word = value.strip('"')
    assert found == [
        (
            "compose.yaml",
            value,
            f"services.app.{field}: {word!r} is not a boolean; compose takes true/false, "
            "yes/no, on/off or y/n",
        )
    ]


@pytest.mark.parametrize(
    "value", ["true", "false", '"true"', '"yes"', '"No"', "'ON'", '"off"', '"y"', '"N"', "yes"]
)
def test_spellings_compose_takes(tmp_path: Path, value: str) -> None:
    text = f"services:\n  app:\n    image: ghcr.io/acme/app:1.0\n    read_only: {value}\n"
    assert not _found(tmp_path, {"compose.yaml": text}, "CL005")


def test_nested_and_top_level_booleans(tmp_path: Path) -> None:
    text = (
        "services:\n  app:\n    image: ghcr.io/acme/app:1.0\n"
        "    healthcheck:\n      disable: 'sometimes'\n"
        "    volumes:\n      - type: bind\n        source: ./conf\n        target: /conf\n"
        "        read_only: 'ro'\n"
        "networks:\n  back:\n    internal: 'private'\n"
        "volumes:\n  data:\n    external: 'yes'\n"
    )
    found = _found(tmp_path, {"compose.yaml": text}, "CL005")
    assert [(where, message.split(":")[0]) for _, where, message in found] == [
        ("'sometimes'", "services.app.healthcheck.disable"),
        ("'ro'", "services.app.volumes[0].read_only"),
        ("'private'", "networks.back.internal"),
    ]


def test_a_boolean_from_a_variable(tmp_path: Path) -> None:
    text = "services:\n  app:\n    image: ghcr.io/acme/app:1.0\n    privileged: ${PRIV}\n"
    files = {"compose.yaml": text}
    assert not _found(tmp_path, files, "CL005")  # unset: depends on the environment
    assert len(_found(tmp_path, files, "CL005", {"PRIV": "perhaps"})) == 1
    assert not _found(tmp_path, files, "CL005", {"PRIV": "on"})


def test_a_string_privileged_is_no_privileged_container(tmp_path: Path) -> None:
    text = "services:\n  app:\n    image: ghcr.io/acme/app:1.0\n    privileged: 'yes please'\n"
    assert not _found(tmp_path, {"compose.yaml": text}, "CL203")


# -- CL005: one container name for two services ------------------------------------


def test_two_services_with_one_container_name(tmp_path: Path) -> None:
    base = (
        "services:\n  a:\n    image: x:1\n    container_name: web\n"
        "  b:\n    image: y:1\n    container_name: other\n"
        "  c:\n    image: z:1\n    container_name: dev\n    profiles: [dev]\n"
        "  d:\n    image: z:1\n    container_name: dev\n    profiles: [prod]\n"
        "  e:\n    image: z:1\n    container_name: ${NAME}\n"
        "  f:\n    image: z:1\n    container_name: ${NAME}\n"
    )
    # The override renames b: now it clashes with a, reported where the name is written.
    override = "services:\n  b:\n    container_name: web\n"
    found = _found(tmp_path, {"compose.yaml": base, "compose.override.yaml": override}, "CL005")
    assert found == [
        (
            "compose.override.yaml",
            "web",
            "services.b.container_name: 'web' is already the container name of service 'a'; "
            "compose refuses two containers with one name",
        )
    ]
    # Profiles never enabled together, and names from an unset variable, are no clash;
    # the same profile is.
    (tmp_path / "compose.override.yaml").unlink()
    # Sharing only a template's "none" profile (inherited through extends) is no clash.
    template = base.replace("profiles: [dev]", "profiles: [none, dev]").replace(
        "profiles: [prod]", "profiles: [none, prod]"
    )
    assert not _found(tmp_path, {"compose.yaml": template}, "CL005")
    both = base.replace("profiles: [prod]", "profiles: [dev, prod]")
    found = _found(tmp_path, {"compose.yaml": both}, "CL005")
    assert [(name, text) for name, text, _ in found] == [("compose.yaml", "dev")]


@pytest.mark.parametrize(
    ("name", "refused"),
    # "w" is the schema's (CL002): not reported twice
    [("web-1", False), ("db.main_2", False), ("my app", True), ("-web", True), ("w", False)],
)
def test_a_container_name_docker_refuses(tmp_path: Path, name: str, refused: bool) -> None:
    text = f"services:\n  a:\n    image: x:1\n    container_name: '{name}'\n"
    found = _found(tmp_path, {"compose.yaml": text}, "CL005")
    assert bool(found) == refused
    assert all("is not a name Docker takes" in message for _f, _t, message in found)


# -- CL006: used, never defined ------------------------------------------------------

USES = """\
services:
  web:
    image: ghcr.io/acme/web:1.0
    networks: [front, default]
    depends_on: [db, cache]
    volumes:
      - data:/data
      - ./html:/usr/share/nginx/html:ro
      - /var/cache/web
      - type: volume
        source: logs
        target: /logs
    secrets:
      - db_password
      - source: api_key
        target: key
    configs: [web_conf]
  db:
    image: postgres:16
    networks:
      back:
        aliases: [database]
  sidecar:
    image: ghcr.io/acme/sidecar:1.0
    network_mode: service:vpn
    links: ["db:database", "search"]
networks:
  front:
volumes:
  data:
secrets:
  db_password:
    file: ./db_password.txt
"""


def test_what_is_used_and_never_defined(tmp_path: Path) -> None:
    found = _found(tmp_path, {"compose.yaml": USES}, "CL006")
    assert [(where, message) for _, where, message in found] == [
        (
            "cache",
            "service 'web' names the service 'cache', which the project does not define: "
            "docker compose refuses it",
        ),
        (
            "logs",
            "service 'web' uses the volume 'logs', which the project never defines (no entry "
            "under the top-level 'volumes:'): docker compose refuses it",
        ),
        (
            "api_key",
            "service 'web' uses the secret 'api_key', which the project never defines (no "
            "entry under the top-level 'secrets:'): docker compose refuses it",
        ),
        (
            "web_conf",
            "service 'web' uses the config 'web_conf', which the project never defines (no "
            "entry under the top-level 'configs:'): docker compose refuses it",
        ),
        (
            "back",
            "service 'db' uses the network 'back', which the project never defines (no entry "
            "under the top-level 'networks:'): docker compose refuses it",
        ),
        (
            "service:vpn",
            "service 'sidecar' names the service 'vpn', which the project does not define: "
            "docker compose refuses it",
        ),
        (
            '"search"',
            "service 'sidecar' names the service 'search', which the project does not define: "
            "docker compose refuses it",
        ),
    ]


DEFINED = """\
services:
  web:
    image: ghcr.io/acme/web:1.0
    networks: [default, proxy]
    volumes: [data:/data, /srv/web:/srv, ~/web:/home, /anonymous]
    secrets: [token]
    depends_on:
      db:
        condition: service_started
      metrics:
        condition: service_started
        required: false
networks:
  proxy:
    external: true
volumes:
  data:
    external: true
secrets:
  token:
    environment: TOKEN
"""


def test_defined_external_default_and_paths_are_fine(tmp_path: Path) -> None:
    files = {"compose.yaml": DEFINED + "  # db comes from the override\n"}
    files["compose.override.yaml"] = "services:\n  db:\n    image: postgres:16\n"
    assert not _found(tmp_path, files, "CL006")


def test_definitions_from_an_include_count(tmp_path: Path) -> None:
    files = {
        "compose.yaml": (
            "include:\n  - db/compose.yaml\n"
            "services:\n  web:\n    image: ghcr.io/acme/web:1.0\n    networks: [back]\n"
            "    depends_on: [db]\n    volumes: [dbdata:/backup:ro]\n"
        ),
        "db/compose.yaml": (
            "services:\n  db:\n    image: postgres:16\n    networks: [back]\n"
            "    volumes: [dbdata:/var/lib/postgresql/data]\n"
            "networks:\n  back:\nvolumes:\n  dbdata:\n"
        ),
    }
    assert not _found(tmp_path, files, "CL006")


def test_a_building_block_is_not_a_project(tmp_path: Path) -> None:
    # Included or extended by a file above it, or layered with -f (not a base name):
    # what it uses comes from the file that loads it.
    files = {
        "docker-compose.yml": "include:\n  - mail/compose.yml\nnetworks:\n  backend:\n",
        "mail/compose.yml": (
            "services:\n  mail:\n    image: ghcr.io/acme/mail:1.0\n    networks: [backend]\n"
        ),
        "extensions/fleet/fleet-compose.yml": (
            "services:\n  fleet:\n    image: ghcr.io/acme/fleet:1.0\n    networks: [elk]\n"
            "    depends_on: [elasticsearch]\n"
        ),
        "components/compose.yaml": (
            "services:\n  base:\n    image: ghcr.io/acme/base:1.0\n    secrets: [token]\n"
        ),
        "app/compose.yaml": (
            "services:\n  app:\n    extends:\n      file: ../components/compose.yaml\n"
            "      service: base\n"
        ),
    }
    assert not _found(tmp_path, files, "CL006")


def test_a_standalone_project_beside_others_is_still_checked(tmp_path: Path) -> None:
    files = {
        "one/compose.yaml": (
            "services:\n  web:\n    image: ghcr.io/acme/web:1.0\n    networks: [front]\n"
        ),
        "two/compose.yaml": "services:\n  api:\n    image: ghcr.io/acme/api:1.0\n",
    }
    found = _found(tmp_path, files, "CL006")
    assert [(name, where) for name, where, _ in found] == [("one/compose.yaml", "front")]


def test_a_name_from_an_unset_variable_is_skipped(tmp_path: Path) -> None:
    text = "services:\n  web:\n    image: ghcr.io/acme/web:1.0\n    networks: ['${NET}']\n"
    assert not _found(tmp_path, {"compose.yaml": text}, "CL006")


def test_a_fifo_beside_the_project_is_never_opened(tmp_path: Path) -> None:
    import os

    os.mkfifo(tmp_path / "stack.yml")  # opening it would wait for a writer forever
    text = "services:\n  web:\n    image: ghcr.io/acme/web:1.0\n    networks: [front]\n"
    found = _found(tmp_path, {"compose.yaml": text}, "CL006")
    assert [where for _, where, _ in found] == ["front"]


def test_an_override_snippet_without_its_base_names_files_of_its_destination(
    tmp_path: Path,
) -> None:
    snippet = "services:\n  app:\n    build: ./data/app\n    env_file: app.env\n"
    files = {"helper/BUILD_FLAGS/docker-compose.override.yml": snippet}
    assert not _found(tmp_path, files, "CL006")
    # Beside its base the same file is checked: compose would read these paths.
    files = {"compose.yaml": "services:\n  app:\n    image: x:1\n"}
    files["docker-compose.override.yml"] = snippet
    found = _found(tmp_path, files, "CL006")
    assert sorted(text for name, text, _ in found if "helper" not in name) == [
        "./data/app",
        "app.env",
    ]


def test_a_name_a_common_file_above_defines_is_defined(tmp_path: Path) -> None:
    # runtipi: apps/docker-compose.common.yml defines the network every app joins; the
    # platform layers it with each app's file (-f).
    common = "networks:\n  tipi_main_network:\n    name: runtipi_net\n    external: true\n"
    app = "services:\n  ghost:\n    image: ghost:5\n    networks: [tipi_main_network, other]\n"
    files = {"apps/docker-compose.common.yml": common, "apps/ghost/docker-compose.yml": app}
    (tmp_path / ".git").mkdir()
    found = _found(tmp_path, files, "CL006")
    # The name the common file defines is not reported; one nobody defines still is.
    assert [(name, text) for name, text, _m in found] == [
        ("apps/ghost/docker-compose.yml", "other")
    ]
