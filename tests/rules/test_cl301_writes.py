"""CL301 and what the container writes: the curated image table (a test per row), the
service's own installing or initialising command, what installers write, an explicit
``:rw``, and the recalibrated fix safety, in compose files, command lines and Python."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from composelint.diagnostics import Applicability, Diagnostic, Severity
from composelint.rules.filesystem.cl301_writable_config_mount import repository
from composelint.rules.selection import Selection
from composelint.run.engine import run
from composelint.run.fixing import fix_run

TABLE = Path(__file__).resolve().parents[2] / "composelint/rules/filesystem/image_writes.toml"
ROWS = tomllib.loads(TABLE.read_text(encoding="utf-8"))["image"]
SH = "#!/bin/sh\n"
PY = "import docker\n\nclient = docker.from_env()\n"


def _cl301(tmp_path: Path, name: str, text: str) -> list[Diagnostic]:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    result = run([str(path)], environ={})
    return [d for f in result.files for d in f.diagnostics if d.code == "CL301"]


def _fixed(tmp_path: Path, name: str, text: str, *, unsafe: bool) -> str:
    """The file after --fix (--unsafe-fixes), checked to be a fixed point."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    selection = Selection(select=("CL301",))
    outcome = fix_run([str(path)], unsafe=unsafe, selection=selection, environ={})
    assert not outcome.failures
    fixed = outcome.changed.get(str(path), text)
    path.write_text(fixed, encoding="utf-8")
    again = fix_run([str(path)], unsafe=unsafe, selection=selection, environ={})
    assert again.changed == {}, "a second --fix must change nothing"
    return fixed


def _compose(image: str, volumes: str, extra: str = "") -> str:
    return f"services:\n  app:\n    image: {image}\n{extra}    volumes:\n{volumes}"


# -- the curated table: one test per row ----------------------------------------------


def _image_of(pattern: str) -> str:
    """An image reference the row's pattern matches, with a registry and a tag."""
    name = pattern.replace("*", "wireguard")
    return f"{'lscr.io' if name.startswith('linuxserver/') else 'docker.io'}/{name}:1.2.3"


@pytest.mark.parametrize("row", ROWS, ids=[r["image"] for r in ROWS])
def test_each_row_says_why(row: dict[str, object]) -> None:
    assert row["paths"] and all(str(p).startswith("/") for p in row["paths"])  # type: ignore[attr-defined]
    assert len(str(row["why"])) > 20


@pytest.mark.parametrize("row", ROWS, ids=[r["image"] for r in ROWS])
def test_each_row_keeps_its_image_writable(tmp_path: Path, row: dict[str, object]) -> None:
    paths: list[str] = row["paths"]  # type: ignore[assignment]
    volumes = "".join(f"      - ./state{i}/app.conf:{p}/app.conf\n" for i, p in enumerate(paths))
    assert not _cl301(tmp_path, "compose.yml", _compose(_image_of(str(row["image"])), volumes))
    # the same mounts under any other image are configuration files
    other = _cl301(tmp_path, "compose.yml", _compose("ghcr.io/acme/other:1.0", volumes))
    assert len(other) == len(paths)


@pytest.mark.parametrize(
    ("image", "expected"),
    [
        ("lscr.io/linuxserver/wireguard:1.0.20210914", "linuxserver/wireguard"),
        ("ghcr.io/wg-easy/wg-easy:14", "wg-easy/wg-easy"),
        ("docker.io/library/nextcloud:29-apache", "nextcloud"),
        ("nextcloud@sha256:abcd", "nextcloud"),
        ("localhost:5000/pihole/pihole:2024.07.0", "pihole/pihole"),
        ("pihole/pihole", "pihole/pihole"),
    ],
)
def test_repository(image: str, expected: str) -> None:
    assert repository(image) == expected


def test_the_table_knows_the_image_not_just_the_path(tmp_path: Path) -> None:
    volumes = "      - ./wireguard:/etc/wireguard\n"
    assert not _cl301(tmp_path, "compose.yml", _compose("ghcr.io/wg-easy/wg-easy:14", volumes))
    # a WireGuard image that only reads its configuration keeps the finding, unsafe
    (found,) = _cl301(tmp_path, "compose.yml", _compose("ghcr.io/acme/wg-reader:1", volumes))
    assert found.fix is not None and found.fix.applicability == Applicability.UNSAFE


def test_a_config_file_the_image_reads_beside_what_it_writes(tmp_path: Path) -> None:
    volumes = (
        "      - ./etc-pihole:/etc/pihole\n"
        "      - ./etc-dnsmasq.d:/etc/dnsmasq.d\n"
        "      - ./lighttpd.conf:/etc/lighttpd/lighttpd.conf\n"
    )
    found = _cl301(tmp_path, "compose.yml", _compose("pihole/pihole:2024.07.0", volumes))
    assert [d.message.split(" at ")[0] for d in found] == [
        "service 'app' mounts a configuration file ./lighttpd.conf"
    ]


# -- the service's own command ---------------------------------------------------------

NODE = "node:20.15-alpine"


@pytest.mark.parametrize(
    "command",
    [
        'sh -c "npm install && npm run dev"',
        "[sh, -c, 'npm ci && node server.js']",
        'sh -c "yarn && yarn dev"',
        'bash -c "pip install -r requirements.txt && python app.py"',
        'sh -c "composer install && php-fpm"',
        "certbot certonly --webroot -w /var/www/certbot -d example.org",
        "init",
    ],
)
def test_a_command_that_installs_or_initialises(tmp_path: Path, command: str) -> None:
    volumes = (
        "      - ./:/app\n      - ./package-lock.json:/app/package-lock.json\n"
        "      - ./conf:/etc/app\n"
    )
    extra = f"    command: {command}\n"
    assert not _cl301(tmp_path, "compose.yml", _compose(NODE, volumes, extra))


@pytest.mark.parametrize(
    "command",
    ["npm run dev", 'sh -c "node server.js --init-timeout 5"', "initialize-db", "yarn dev"],
)
def test_commands_that_install_nothing(tmp_path: Path, command: str) -> None:
    volumes = "      - ./src:/app/src\n"
    extra = f"    command: {command}\n"
    assert len(_cl301(tmp_path, "compose.yml", _compose(NODE, volumes, extra))) == 1


def test_single_files_of_an_installing_service_keep_an_unsafe_fix(tmp_path: Path) -> None:
    volumes = "      - ./nginx.conf:/etc/nginx/nginx.conf\n"
    extra = '    entrypoint: ["sh", "-c", "npm install && exec nginx"]\n'
    (found,) = _cl301(tmp_path, "compose.yml", _compose(NODE, volumes, extra))
    assert found.fix is not None and found.fix.applicability == Applicability.UNSAFE


# -- what installers write ------------------------------------------------------------


@pytest.mark.parametrize(
    "volume",
    [
        "./node_modules:/app/node_modules",
        "./.venv:/app/.venv",
        "./.next:/app/.next",
        "./composer.lock:/app/composer.lock",
        "./yarn.lock:/app/yarn.lock",
    ],
)
def test_installer_output_is_not_configuration(tmp_path: Path, volume: str) -> None:
    assert not _cl301(tmp_path, "compose.yml", _compose(NODE, f"      - {volume}\n"))


def test_an_applications_own_env_file_gets_an_unsafe_fix(tmp_path: Path) -> None:
    # AnythingLLM saves the settings made in its UI into /app/server/.env.
    text = _compose(
        "mintplexlabs/anythingllm:1.8",
        "      - ./data/.env:/app/server/.env\n      - ./app.yaml:/app/config/app.yaml\n",
    )
    fixes = [d.fix.applicability for d in _cl301(tmp_path, "compose.yml", text) if d.fix]
    assert fixes == [Applicability.UNSAFE, Applicability.SAFE]


def test_a_lock_file_gets_an_unsafe_fix(tmp_path: Path) -> None:
    text = _compose(
        NODE,
        "      - ./package.json:/app/package.json\n"
        "      - ./package-lock.json:/app/package-lock.json\n"
        "      - ./tsconfig.json:/app/tsconfig.json\n",
    )
    fixes = [d.fix.applicability for d in _cl301(tmp_path, "compose.yml", text) if d.fix]
    assert fixes == [Applicability.UNSAFE, Applicability.UNSAFE, Applicability.SAFE]
    assert _fixed(tmp_path, "compose.yml", text, unsafe=False) == text.replace(
        "tsconfig.json\n", "tsconfig.json:ro\n"
    )
    assert _fixed(tmp_path, "compose.yml", text, unsafe=True) == text.replace(
        ".json\n", ".json:ro\n"
    )


# -- an explicit :rw is the owner's decision -------------------------------------------

RW_MESSAGE = (
    "mounts a configuration file ./app.yaml at /etc/app/app.yaml writable on purpose (written {how}): "
    "a compromised container can rewrite it on the host; if nothing in the container writes "
    "it, mount it read-only"
)


@pytest.mark.parametrize(
    ("name", "text", "how"),
    [
        ("compose.yml", _compose("x:1", "      - ./app.yaml:/etc/app/app.yaml:rw\n"), "rw"),
        (
            "compose.yml",
            _compose(
                "x:1",
                "      - type: bind\n        source: ./app.yaml\n        target: /etc/app/app.yaml\n"
                "        read_only: false\n",
            ),
            "read-only: false",
        ),
        ("run.sh", SH + "docker run -d -v ./app.yaml:/etc/app/app.yaml:rw x:1\n", "rw"),
        (
            "run.sh",
            SH + "docker run -d --mount type=bind,src=./app.yaml,dst=/etc/app/app.yaml,"
            "readonly=false x:1\n",
            "read-only: false",
        ),
        (
            "app.py",
            PY + 'client.containers.run("x:1", volumes={"./app.yaml": {"bind": '
            '"/etc/app/app.yaml", "mode": "rw"}})\n',
            "rw",
        ),
        (
            "app.py",
            PY + 'client.containers.run("x:1", mounts=[docker.types.Mount("/etc/app/app.yaml", '
            '"./app.yaml", type="bind", read_only=False)])\n',
            "read-only: false",
        ),
    ],
)
def test_explicit_rw_is_information_without_a_fix(
    tmp_path: Path, name: str, text: str, how: str
) -> None:
    (found,) = _cl301(tmp_path, name, text)
    assert found.severity == Severity.INFORMATION
    assert found.fix is None
    assert found.message.endswith(RW_MESSAGE.format(how=how))
    assert _fixed(tmp_path, name, text, unsafe=True) == text


# -- the same classes on command lines and in Python ------------------------------------


def test_command_line_table_and_command(tmp_path: Path) -> None:
    text = SH + (
        "docker run -d -v ./etc-pihole:/etc/pihole -v ./dnsmasq:/etc/dnsmasq.d "
        "pihole/pihole:2024.07.0\n"
        "docker run --rm -v ./:/app -w /app node:20.15-alpine npm install\n"
        "docker run --rm -v ./conf:/etc/app ghcr.io/acme/app:1\n"
    )
    found = _cl301(tmp_path, "run.sh", text)
    assert [d.span.start.line for d in found] == [3]  # 0-based: the third command


def test_python_table_and_command(tmp_path: Path) -> None:
    text = PY + (
        'client.containers.run("pihole/pihole:2024.07.0", volumes=["./etc-pihole:/etc/pihole"])\n'
        'client.containers.run("node:20.15-alpine", "npm install", volumes=["./:/app"],'
        ' working_dir="/app")\n'
        'client.containers.run("ghcr.io/acme/app:1", volumes=["./conf:/etc/app"])\n'
    )
    found = _cl301(tmp_path, "app.py", text)
    assert [d.span.start.line for d in found] == [5]  # 0-based: the third call
    assert _fixed(tmp_path, "app.py", text, unsafe=True) == text.replace(
        "./conf:/etc/app", "./conf:/etc/app:ro"
    )


def test_crowdsec_writes_its_configuration_directory_in_every_source(tmp_path: Path) -> None:
    compose = _compose(
        "ghcr.io/crowdsecurity/crowdsec:v1.7.6",
        "      - ./crowdsec:/etc/crowdsec/\n      - ./acquis.yaml:/etc/crowdsec/acquis.yaml:ro\n",
    )
    assert not _cl301(tmp_path / "c", "compose.yml", compose)
    # the look-alike: the same directory under a bouncer image that only reads it
    other = _compose("crowdsecurity/cs-custom-bouncer:0.0.1", "      - ./crowdsec:/etc/crowdsec\n")
    assert len(_cl301(tmp_path / "o", "compose.yml", other)) == 1
    script = SH + "docker run -d -v ./crowdsec:/etc/crowdsec crowdsecurity/crowdsec:v1.7.6\n"
    assert not _cl301(tmp_path / "s", "run.sh", script)
    code = PY + (
        'client.containers.run("crowdsecurity/crowdsec:v1.7.6",'
        ' volumes=["./crowdsec:/etc/crowdsec"])\n'
    )
    assert not _cl301(tmp_path / "p", "app.py", code)
