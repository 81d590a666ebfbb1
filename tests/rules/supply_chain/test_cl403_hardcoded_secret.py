"""CL403: credentials written as literals, from every source; the value never shows."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from composelint.output.json_format import render as render_json
from composelint.output.sarif import render as render_sarif
from composelint.rules.catalog import rule_infos
from composelint.rules.selection import Selection
from composelint.run.engine import run
from tests.rules.support import findings, write

COMPOSE = "services:\n  db:\n    image: postgres:16.4\n    environment:\n{}"
DOCS = "https://example.org/rules"

# (files, the (file, line) of each finding, the values no output may show)
FLAGGED: list[tuple[dict[str, str], list[tuple[str, int]], list[str]]] = [
    (
        {"compose.yaml": COMPOSE.format("      POSTGRES_PASSWORD: Zq8-long-password-1\n")},
        [("compose.yaml", 5)],
        ["Zq8-long-password-1", "q8-long"],
    ),
    (
        {"compose.yaml": COMPOSE.format("      DB_PASS: hunter2x\n      dbPassword: Kx9pwd\n")},
        [("compose.yaml", 5), ("compose.yaml", 6)],
        ["hunter2x", "Kx9pwd"],
    ),
    (
        {
            "compose.yaml": COMPOSE.format(
                "      - API_KEY=sk_live_abcdef123456\n"
                "      - DATABASE_URL=postgres://app:Pw0rd-xyz@db:5432/app\n"
                "      - AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMIK7MDENG\n"
            )
        },
        [("compose.yaml", 5), ("compose.yaml", 6), ("compose.yaml", 7)],
        ["sk_live_abcdef123456", "Pw0rd-xyz", "wJalrXUtnFEMIK7MDENG"],
    ),
    (  # a placeholder is deployed as it is
        {"compose.yaml": COMPOSE.format("      ADMIN_PASSWORD: changeme\n")},
        [("compose.yaml", 5)],
        ["changeme"],
    ),
    (  # "$$" is compose's escaped "$", no variable
        {"compose.yaml": COMPOSE.format("      POSTGRES_PASSWORD: Pa$$w0rd-x\n")},
        [("compose.yaml", 5)],
        ["Pa$$w0rd-x", "Pa$w0rd-x"],
    ),
    (  # a default written in the file is deployed wherever the variable is unset
        {"compose.yaml": COMPOSE.format("      ADMIN_PASSWORD: ${ADMIN_PASSWORD:-Def4ult-pw}\n")},
        [("compose.yaml", 5)],
        ["Def4ult-pw"],
    ),
    (
        {
            "Dockerfile": (
                "FROM node:22-bookworm-slim\n"
                "ARG NPM_TOKEN=npm_7hV2kq9Xz\n"
                'ENV DB_PASSWORD="two words" LOG_LEVEL=info\n'
                "ENV SECRET_KEY_BASE 9f8e7d6c5b4a\n"
                "ENV MONGO_URL=mongodb://root:Mg0pass@mongo:27017\n"
            )
        },
        [("Dockerfile", 2), ("Dockerfile", 3), ("Dockerfile", 4), ("Dockerfile", 5)],
        ["npm_7hV2kq9Xz", "two words", "9f8e7d6c5b4a", "Mg0pass"],
    ),
    (
        {
            "deploy.sh": (
                "#!/bin/sh\n"
                "docker run -d -e POSTGRES_PASSWORD=hunter2x postgres:16.4\n"
                'docker run -d --env "JWT_SECRET=Jw7-s3cret" --env=API_TOKEN=tok_9a8b7c api:1\n'
            )
        },
        [("deploy.sh", 2), ("deploy.sh", 3), ("deploy.sh", 3)],
        ["hunter2x", "Jw7-s3cret", "tok_9a8b7c"],
    ),
    (
        {
            "conftest.py": (
                "import docker\n\nclient = docker.from_env()\n"
                'client.containers.run("postgres:16.4", environment={"POSTGRES_PASSWORD": "Py7pass"})\n'
                'client.containers.run("mysql:8.4", environment=["MYSQL_ROOT_PASSWORD=Rt5pass"])\n'
            )
        },
        [("conftest.py", 4), ("conftest.py", 5)],
        ["Py7pass", "Rt5pass"],
    ),
]


def _run(tmp_path: Path, files: dict[str, str]):  # type: ignore[no-untyped-def]
    write(tmp_path, files)
    return run([str(tmp_path)], environ={}, selection=Selection(select=("CL403",)))


@pytest.mark.parametrize(
    ("files", "expected", "secrets"), FLAGGED, ids=[f"case{i}" for i in range(len(FLAGGED))]
)
def test_flagged_and_never_shown(
    tmp_path: Path, files: dict[str, str], expected: list[tuple[str, int]], secrets: list[str]
) -> None:
    result = _run(tmp_path, files)
    found = [d for d in result.diagnostics if d.code == "CL403"]
    where = [(os.path.relpath(d.span.path, tmp_path), d.span.start.line + 1) for d in found]
    assert sorted(where) == expected
    # The JSON output, and SARIF's results (its rule records are the spec's text), hold
    # every finding: none of them may show a value.
    json_text = render_json(result, DOCS, rule_infos(DOCS))
    sarif = json.loads(render_sarif(result, DOCS, rule_infos(DOCS)))
    results_text = json.dumps(sarif["runs"][0]["results"])
    for secret in secrets:
        assert all(secret not in d.message for d in found), secret
        assert secret not in json_text
        assert secret not in results_text


NOT_FLAGGED = [
    "      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD}\n",
    "      POSTGRES_PASSWORD: $POSTGRES_PASSWORD\n",
    "      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:?set it}\n",
    "      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:-}\n",
    "      POSTGRES_PASSWORD: ''\n",
    "      POSTGRES_PASSWORD:\n",
    "      - POSTGRES_PASSWORD\n",
    "      POSTGRES_PASSWORD_FILE: /run/secrets/db_password\n",
    "      PASSWORD: /run/secrets/db_password\n",
    "      PASSWORD_MIN_LENGTH: '12'\n",
    "      TOKEN_EXPIRY: '3600'\n",
    "      SECRET_KEY_BASE_LENGTH: '64'\n",
    "      ALLOW_EMPTY_PASSWORD: 'yes'\n",
    "      MYSQL_RANDOM_ROOT_PASSWORD: '1'\n",
    "      GPG_KEY: 0D96DF4D4110E5C43FBFB17F2D347EA6AA65421D\n",
    "      PUBLIC_KEY: ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB\n",
    "      AWS_ACCESS_KEY_ID: AKIAIOSFODNN7EXAMPLE\n",
    "      PWD: /srv/app\n",
    "      BYPASS: everything\n",
    "      VAULT_TOKEN: vault:secret/data/app#token\n",
    "      DB_PASSWORD: '{{ .Values.db.password }}'\n",
    "      - DATABASE_URL=postgres://app:${DB_PASSWORD}@db:5432/app\n",
    "      - REDIS_URL=redis://cache:6379/0\n",
    "      - HOMEPAGE=https://user@example.com/\n",
]


@pytest.mark.parametrize("body", NOT_FLAGGED, ids=[f"case{i}" for i in range(len(NOT_FLAGGED))])
def test_compose_look_alikes(tmp_path: Path, body: str) -> None:
    assert findings(tmp_path, {"compose.yaml": COMPOSE.format(body)}, "CL403") == []


def test_env_files_hold_secrets_on_purpose(tmp_path: Path) -> None:
    files = {
        ".env": "POSTGRES_PASSWORD=Zq8-long-password-1\n",
        "db.env": "API_TOKEN=tok_9a8b7c\n",
        "compose.yaml": (
            "services:\n  db:\n    image: postgres:16.4\n    env_file: db.env\n"
            "    environment:\n      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD}\n"
        ),
    }
    assert findings(tmp_path, files, "CL403") == []


def test_dockerfile_look_alikes(tmp_path: Path) -> None:
    dockerfile = (
        "FROM python:3.12-slim\n"
        "ARG PASSWORD\n"
        "ARG NPM_TOKEN=${NPM_TOKEN}\n"
        "ENV DB_PASSWORD=$DB_PASSWORD DB_PASSWORD_FILE=/run/secrets/db\n"
        "ENV GPG_KEY 0D96DF4D4110E5C43FBFB17F2D347EA6AA65421D\n"
        "ENV TOKEN_TTL=3600\n"
        "RUN --mount=type=secret,id=token,env=API_TOKEN make\n"
    )
    assert findings(tmp_path, {"Dockerfile": dockerfile}, "CL403") == []


def test_command_line_and_sdk_look_alikes(tmp_path: Path) -> None:
    files = {
        "deploy.sh": (
            "#!/bin/sh\n"
            "docker run -d -e POSTGRES_PASSWORD postgres:16.4\n"
            'docker run -d -e POSTGRES_PASSWORD="$PW" -e "API_TOKEN=${TOKEN}" postgres:16.4\n'
            "docker run -d -e POSTGRES_PASSWORD_FILE=/run/secrets/pw postgres:16.4\n"
        ),
        "conftest.py": (
            "import os\n\nimport docker\n\nclient = docker.from_env()\n"
            'client.containers.run("postgres:16.4", '
            'environment={"POSTGRES_PASSWORD": os.environ["PW"]})\n'
        ),
    }
    assert findings(tmp_path, files, "CL403") == []


def test_message_says_placeholder_and_default(tmp_path: Path) -> None:
    body = "      ADMIN_PASSWORD: changeme\n      API_TOKEN: ${API_TOKEN:-Def4ult-tok}\n"
    placeholder, default = findings(tmp_path, {"compose.yaml": COMPOSE.format(body)}, "CL403")
    assert "looks like a placeholder" in placeholder.message
    assert "${API_TOKEN}" in default.message and "${API_TOKEN:?}" in default.message
    assert "placeholder" not in default.message


def test_sits_on_the_value_or_list_item(tmp_path: Path) -> None:
    text = COMPOSE.format("      LOG_LEVEL: info\n      POSTGRES_PASSWORD: Zq8-long\n")
    [found] = findings(tmp_path, {"compose.yaml": text}, "CL403")
    assert text[found.span.start.offset : found.span.end.offset] == "Zq8-long"
    listed = COMPOSE.format("      - A=1\n      - DB_PASS=hunter2x\n")
    [item] = findings(tmp_path, {"compose.yaml": listed}, "CL403")
    assert listed[item.span.start.offset : item.span.end.offset] == "DB_PASS=hunter2x"


def test_one_literal_shared_by_services_is_one_finding(tmp_path: Path) -> None:
    text = (
        "x-env: &env\n  API_TOKEN: tok_9a8b7c6d\n"
        "services:\n"
        "  a:\n    image: api:1\n    environment: *env\n"
        "  b:\n    image: api:1\n    environment:\n      <<: *env\n"
    )
    assert [d.span.start.line + 1 for d in findings(tmp_path, {"compose.yaml": text}, "CL403")] == [
        2
    ]
