"""Every rewrite form of the fixers, end to end: exact text, idempotent, valid afterwards."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from composelint.rules.selection import Selection
from composelint.run.engine import run
from composelint.run.fixing import fix_run
from tests.fix.guarantees import fix_and_check


def _fix(tmp_path: Path, text: str, code: str, name: str = "compose.yml") -> str:
    with tempfile.TemporaryDirectory() as every_fix:  # all fixes at once keep the promise too
        (Path(every_fix) / name).write_bytes(text.encode())
        fix_and_check([every_fix])
    path = tmp_path / name
    path.write_bytes(text.encode())
    selection = Selection(select=(code,))
    outcome = fix_run([str(tmp_path)], unsafe=True, selection=selection, environ={})
    fixed = outcome.changed.get(str(path), text)
    path.write_bytes(fixed.encode())
    again = fix_run([str(tmp_path)], unsafe=True, selection=selection, environ={})
    assert again.changed == {}, "a second --fix must change nothing"
    after = run([str(tmp_path)], environ={})
    broken = [d for d in after.diagnostics if d.code in ("CL001", "CL002", "CL005")]
    assert broken == [], broken
    return fixed


def _service(body: str, image: str = "myapp:1") -> str:
    return f"services:\n  web:\n    image: {image}\n{body}"


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ('    ports:\n      - "8080:8080"\n', '    ports:\n      - "127.0.0.1:8080:8080"\n'),
        ("    ports:\n      - 8080:8080\n", "    ports:\n      - 127.0.0.1:8080:8080\n"),
        ("    ports:\n      - '0.0.0.0:80:80'\n", "    ports:\n      - '127.0.0.1:80:80'\n"),
        ('    ports:\n      - "[::]:80:80"\n', '    ports:\n      - "[::1]:80:80"\n'),
        ('    ports:\n      - "3000"\n', '    ports:\n      - "127.0.0.1::3000"\n'),
        ("    ports:\n      - 3000\n", '    ports:\n      - "127.0.0.1::3000"\n'),
        (
            '    ports: ["8080:80", "9090:90"]  # both\n',
            '    ports: ["127.0.0.1:8080:80", "127.0.0.1:9090:90"]  # both\n',
        ),
        (
            '    ports:\n      - "${BIND:-0.0.0.0}:80:80"\n',
            '    ports:\n      - "${BIND:-127.0.0.1}:80:80"\n',
        ),
        (
            "    ports:\n      - ${EXPOSE_PORT-:2283:2283}\n",
            "    ports:\n      - ${EXPOSE_PORT-127.0.0.1:2283:2283}\n",
        ),
        (
            "    ports:\n      - ${SHARE_IP:-}:8545:8545/tcp\n",
            "    ports:\n      - ${SHARE_IP:-127.0.0.1}:8545:8545/tcp\n",
        ),
        (
            '    ports:\n      - "${PORT:-8080}:80"\n',
            '    ports:\n      - "127.0.0.1:${PORT:-8080}:80"\n',
        ),
        (
            "    ports:\n      - target: 80\n        published: 8080  # web\n",
            "    ports:\n      - target: 80\n        published: 8080  # web\n"
            "        host_ip: 127.0.0.1\n",
        ),
        (
            "    ports:\n      - {target: 80, published: 8080}\n",
            "    ports:\n      - {target: 80, published: 8080, host_ip: 127.0.0.1}\n",
        ),
    ],
)
def test_cl102_binds_to_loopback(tmp_path: Path, before: str, after: str) -> None:
    assert _fix(tmp_path, _service(before), "CL102") == _service(after)


def test_cl102_keeps_crlf(tmp_path: Path) -> None:
    text = _service('    ports:\n      - "8080:80"\n').replace("\n", "\r\n")
    assert _fix(tmp_path, text, "CL102") == text.replace('"8080:80"', '"127.0.0.1:8080:80"')


def test_cl102_leaves_a_proxy_public_and_an_env_address_alone(tmp_path: Path) -> None:
    text = (
        "services:\n  proxy:\n    image: nginx:1\n    ports: ['80:80', '443:443']\n"
        "  app:\n    image: x:1\n    ports: ['${ADDR}:8080:80']\n"
    )
    result = run([str(_write(tmp_path, text))], environ={})
    found = [(d.code, d.span.start.line, d.fix) for d in result.diagnostics]
    assert found == [("CL102", 6, None)]
    assert "depends on the environment" in result.diagnostics[0].message


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "compose.yml"
    path.write_text(text)
    return tmp_path


APP = (
    "services:\n  app:\n    image: myapp:1\n    environment:\n"
    "      DATABASE_URL: postgres://u:p@db:5432/app\n"
)


def test_cl101_single_port_becomes_expose_with_comments_kept(tmp_path: Path) -> None:
    text = APP + '  db:\n    image: postgres:16\n    ports:\n      - "5432:5432"  # db\n'
    fixed = _fix(tmp_path, text, "CL101")
    assert fixed == APP + '  db:\n    image: postgres:16\n    expose:\n      - "5432"  # db\n'


def test_cl101_one_of_several_ports_joins_existing_expose(tmp_path: Path) -> None:
    text = APP + (
        '  db:\n    image: postgres:16\n    ports:\n      - "5432:5432"\n'
        '      - "9187:9187"\n    expose:\n      - "8008"\n'
    )
    fixed = _fix(tmp_path, text, "CL101")
    assert fixed == APP + (
        '  db:\n    image: postgres:16\n    ports:\n      - "9187:9187"\n'
        '    expose:\n      - "8008"\n      - "5432"\n'
    )


def test_cl101_creates_expose_when_missing(tmp_path: Path) -> None:
    text = APP + (
        '  db:\n    image: postgres:16\n    ports:\n      - "5432:5432"\n'
        '      - "9187:9187"\n    restart: always\n'
    )
    fixed = _fix(tmp_path, text, "CL101")
    assert fixed == APP + (
        '  db:\n    image: postgres:16\n    ports:\n      - "9187:9187"\n'
        '    restart: always\n    expose: ["5432"]\n'
    )


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (
            "      - ./nginx.conf:/etc/nginx/nginx.conf\n",
            "      - ./nginx.conf:/etc/nginx/nginx.conf:ro\n",
        ),
        ('      - "./certs:/etc/ssl/private"\n', '      - "./certs:/etc/ssl/private:ro"\n'),
        ("      - ./conf.d:/etc/nginx/conf.d:z\n", "      - ./conf.d:/etc/nginx/conf.d:ro,z\n"),
        (
            "      - type: bind\n        source: ./prometheus.yml\n"
            "        target: /etc/prometheus/prometheus.yml\n",
            "      - type: bind\n        source: ./prometheus.yml\n"
            "        target: /etc/prometheus/prometheus.yml\n        read_only: true\n",
        ),
    ],
)
def test_cl301_mounts_read_only(tmp_path: Path, before: str, after: str) -> None:
    assert _fix(tmp_path, _service("    volumes:\n" + before), "CL301") == _service(
        "    volumes:\n" + after
    )


def test_cl301_leaves_data_directories_alone(tmp_path: Path) -> None:
    text = _service(
        "    volumes:\n      - ./pgdata:/var/lib/postgresql/data\n      - ./data:/data\n"
        "      - ./mysql:/var/lib/mysql\n",
    )
    result = run([str(_write(tmp_path, text))], environ={})
    assert [d.code for d in result.diagnostics] == []


def test_merge_key_values_are_fixed_at_the_anchor(tmp_path: Path) -> None:
    text = 'x-base: &base\n  image: x\n  ports:\n    - "8080:80"\nservices:\n  a:\n    <<: *base\n'
    result = run([str(_write(tmp_path, text))], environ={})
    fixes = [d.fix for d in result.diagnostics if d.code == "CL102"]
    assert fixes and all(f is not None and f.applicability == "unsafe" for f in fixes)
    changed = fix_run([str(tmp_path)], unsafe=True, environ={}).changed
    assert list(changed.values()) == [text.replace('"8080:80"', '"127.0.0.1:8080:80"')]


def test_anchor_fixed_once_when_every_user_needs_the_same_fix(tmp_path: Path) -> None:
    ports = (
        'x-ports: &ports\n  - "8080:80"\nservices:\n  a:\n    image: x:1\n    ports: *ports\n'
        "  b:\n    image: y:1\n    ports: *ports\n"
    )
    assert _fix(tmp_path, ports, "CL102") == ports.replace('"8080:80"', '"127.0.0.1:8080:80"')
    (tmp_path / "compose.yml").unlink()
    text = (
        "x-cfg: &cfg ./app.conf:/etc/app/app.conf\nservices:\n"
        "  a:\n    image: x:1\n    volumes: [*cfg]\n  b:\n    image: y:1\n    volumes: [*cfg]\n"
    )
    fixed = _fix(tmp_path, text, "CL301")
    assert fixed == text.replace("/etc/app/app.conf\n", "/etc/app/app.conf:ro\n", 1)


def test_anchor_not_fixed_when_one_user_differs(tmp_path: Path) -> None:
    text = (
        'x-ports: &p "443:443"\nservices:\n  web:\n    image: x\n    ports: [*p]\n'
        "  proxy:\n    image: nginx\n    ports: [*p]\n"  # a proxy's host port 443 is public
    )
    (tmp_path / "compose.yml").write_text(text)
    outcome = fix_run([str(tmp_path)], unsafe=True, environ={})
    assert outcome.changed == {}
