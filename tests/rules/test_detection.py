"""What each rule flags and, as important, what it leaves alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from composelint.rules.selection import Selection
from composelint.run.engine import run


def _write(tmp_path: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def _codes(tmp_path: Path, files: dict[str, str], select: str) -> list[tuple[str, int]]:
    _write(tmp_path, files)
    result = run([str(tmp_path)], environ={}, selection=Selection(select=tuple(select.split(","))))
    return [(d.code, d.span.start.line) for d in result.diagnostics]


# The exposure rules that judge a publish (the CL1 prefix also holds the opt-in CL104).
EXPOSURE = "CL101,CL102"


def _svc(body: str, image: str = "myapp") -> dict[str, str]:
    return {"compose.yml": f"services:\n  web:\n    image: {image}\n{body}"}


CASES = [
    # (code, service body, image, expected lines)
    ("CL102", "    ports: ['8080:80']\n", "myapp", [3]),
    ("CL102", "    ports: ['127.0.0.1:8080:80', '[::1]:81:81']\n", "myapp", []),
    ("CL102", "    ports: ['0.0.0.0:53:53/udp', '8000-8005:8000-8005']\n", "myapp", [3, 3]),
    ("CL102", "    ports: ['80:80', '443:443']\n", "nginx:1.27", []),
    ("CL102", "    ports: ['8080:8080']\n", "traefik:v3", [3]),
    ("CL103", "    network_mode: host\n", "myapp", [3]),
    ("CL103", "    network_mode: bridge\n", "myapp", []),
    ("CL203", "    privileged: true\n", "myapp", [3]),
    ("CL203", "    privileged: false\n", "myapp", []),
    ("CL204", "    cap_add: [NET_ADMIN, CHOWN, CAP_SYS_ADMIN]\n", "myapp", [3, 3]),
    (
        "CL205",
        "    pid: host\n    ipc: host\n    uts: host\n    userns_mode: host\n",
        "x",
        [3, 4, 5, 6],
    ),
    (
        "CL206",
        "    security_opt: ['seccomp:unconfined', 'apparmor=unconfined', "
        "'no-new-privileges:true']\n",
        "myapp",
        [3, 3],
    ),
    ("CL202", "    user: root\n", "myapp", [3]),
    ("CL202", "    user: '0:0'\n", "myapp", [3]),
    ("CL202", "    user: ${APP_UID:-0}\n", "myapp", [3]),
    ("CL202", "    user: '1000:1000'\n", "myapp", []),
    ("CL302", "    volumes: ['/var/run/docker.sock:/var/run/docker.sock:ro']\n", "x", [3]),
    (
        "CL302",
        "    volumes: ['${SOCK:-/var/run/docker.sock}:/sock', '/run:/host-run']\n",
        "x",
        [3, 3],
    ),
    (
        "CL303",
        "    volumes: ['/:/host:ro', '/etc:/host-etc', '/etc/localtime:/etc/localtime:ro']\n",
        "x",
        [3, 3],
    ),
    (
        "CL301",
        "    volumes: ['./nginx.conf:/etc/nginx/nginx.conf', './html:/usr/share/nginx/html',"
        " './secrets:/run/secrets', './src:/app']\n",
        "x",
        [3, 3, 3, 3],
    ),
    (
        "CL301",
        "    volumes: ['./acme.json:/acme.json', './db.sqlite3:/app/db.sqlite3',"
        " '/docker/statping:/app', './letsencrypt:/etc/letsencrypt', './data-logs:/app/data-logs']\n",
        "traefik:v3",
        [],
    ),
    (
        "CL301",
        "    volumes: ['./data:/data', 'pgdata:/var/lib/postgresql/data',"
        " './conf.d:/etc/nginx/conf.d:ro', './logs:/var/log/nginx']\n",
        "x",
        [],
    ),
]


@pytest.mark.parametrize(("code", "body", "image", "lines"), CASES)
def test_rule_cases(tmp_path: Path, code: str, body: str, image: str, lines: list[int]) -> None:
    found = _codes(tmp_path, _svc(body, image), code)
    assert found == [(code, line) for line in lines]


def test_cl101_needs_an_address_reference_not_just_depends_on(tmp_path: Path) -> None:
    files = {
        "compose.yml": (
            "services:\n  app:\n    image: myapp\n    depends_on: [db]\n"
            "  db:\n    image: postgres:16\n    ports: ['5432:5432']\n"
        )
    }
    assert _codes(tmp_path, files, EXPOSURE) == [("CL102", 6)]


@pytest.mark.parametrize(
    "env",
    ["DB_HOST: db", "DATABASE_URL: postgres://u:p@db:5432/app", "PGHOST: db\n      PGPORT: '5432'"],
)
def test_cl101_with_evidence_replaces_cl102(tmp_path: Path, env: str) -> None:
    files = {
        "compose.yml": (
            f"services:\n  app:\n    image: myapp\n    environment:\n      {env}\n"
            "  db:\n    image: postgres:16\n    ports: ['5432:5432']\n"
        )
    }
    found = _codes(tmp_path, files, EXPOSURE)
    assert [c for c, _line in found] == ["CL101"]


def test_cl101_from_a_mounted_nginx_config(tmp_path: Path) -> None:
    files = {
        "compose.yml": (
            "services:\n  proxy:\n    image: nginx\n    ports: ['80:80']\n"
            "    volumes: ['./nginx.conf:/etc/nginx/nginx.conf:ro']\n"
            "  backend:\n    image: myapi\n    ports: ['3000:3000']\n"
        ),
        "nginx.conf": "events {}\nhttp { server { location / { proxy_pass http://backend:3000; } } }\n",
    }
    assert _codes(tmp_path, files, EXPOSURE) == [("CL101", 7)]


def test_cl201_final_stage_without_user(tmp_path: Path) -> None:
    files = {
        "Dockerfile": "FROM golang AS build\nUSER app\nRUN go build\nFROM alpine\nCOPY --from=build /x /x\n",
        "ok/Dockerfile": "FROM alpine\nRUN adduser -D app\nUSER app\n",
        "distroless/Dockerfile": "FROM gcr.io/distroless/static:nonroot\nCOPY x /x\n",
        "root/Dockerfile": "FROM alpine\nARG U=root\nUSER ${U}\n",
    }
    found = sorted(_codes(tmp_path, files, "CL201"))
    assert found == [("CL201", 2), ("CL201", 3)]


def test_cl202_from_the_built_dockerfile(tmp_path: Path) -> None:
    files = {
        "compose.yml": "services:\n  api:\n    build: ./api\n  ok:\n    build: ./api\n    user: app\n",
        "api/Dockerfile": 'FROM python:3.12\nCMD ["python"]\n',
    }
    _write(tmp_path, files)
    result = run([str(tmp_path)], environ={}, selection=Selection(select=("CL202",)))
    [diagnostic] = result.diagnostics
    assert diagnostic.span.start.line == 1 and diagnostic.span.path.endswith("compose.yml")
    assert diagnostic.related[0].span.path.endswith("Dockerfile")


def test_cl101_steps_back_when_a_public_url_names_the_host_port(tmp_path: Path) -> None:
    files = {
        "compose.yml": (
            "x-uri: &uri\n  PUBLIC_URI: http://localhost:9001\n"
            "services:\n  exporter:\n    image: exporter\n    environment:\n      <<: *uri\n"
            "      INTERNAL_URI: http://frontend:8080\n"
            "  frontend:\n    image: frontend\n    ports: ['9001:8080']\n"
        )
    }
    # People open localhost:9001 in a browser: not CL101, and CL102 says it is on all interfaces.
    assert _codes(tmp_path, files, EXPOSURE) == [("CL102", 10)]


def test_api_gateways_count_as_proxies(tmp_path: Path) -> None:
    files = {
        "compose.yml": (
            "services:\n  studio:\n    image: studio\n    environment:\n      API: http://kong:8000\n"
            "  kong:\n    image: kong:2.8.1\n    ports: ['8000:8000']\n"
        )
    }
    assert [c for c, _line in _codes(tmp_path, files, "CL101")] == []


def test_cl101_from_a_traefik_label(tmp_path: Path) -> None:
    files = {
        "compose.yml": (
            "services:\n  traefik:\n    image: traefik:v3\n    ports: ['80:80']\n"
            "  app:\n    image: myapp\n    ports: ['3000:3000']\n    labels:\n"
            "      - traefik.http.services.app.loadbalancer.server.port=3000\n"
        )
    }
    assert _codes(tmp_path, files, EXPOSURE) == [("CL101", 6)]
