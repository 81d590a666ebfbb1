"""CL101's move to ``expose:`` keeps the comment that was on the removed ``ports:`` item
with the new ``expose:`` entry."""

from __future__ import annotations

from pathlib import Path

import pytest

from composelint.diagnostics import Severity
from tests.rules.support import findings, fixed

API = """\
services:
  api:
    image: ghcr.io/acme/api:1
    environment:
      DATABASE_URL: postgres://app@db:5432/app
"""


@pytest.mark.parametrize(
    ("db", "expected"),
    [
        (  # expose: exists as a block list: the entry is appended with the comment
            "    ports:\n"
            '      - "127.0.0.1:8081:8081"\n'
            '      - "5432:5432"  # the api connects here\n'
            "    expose:\n"
            '      - "9000"\n',
            "    ports:\n"
            '      - "127.0.0.1:8081:8081"\n'
            "    expose:\n"
            '      - "9000"\n'
            '      - "5432"  # the api connects here\n',
        ),
        (  # no expose: yet: it is added after the last key, with the comment
            "    ports:\n"
            '      - "5432:5432"   # the api connects here\n'
            '      - "127.0.0.1:8081:8081"\n'
            "    restart: always\n",
            "    ports:\n"
            '      - "127.0.0.1:8081:8081"\n'
            "    restart: always\n"
            '    expose: ["5432"]  # the api connects here\n',
        ),
        (  # the only item, expose: a block list: ports: goes, the comment moves
            "    ports:\n      - 5432:5432 # the api connects here\n    expose:\n      - 9000\n",
            '    expose:\n      - 9000\n      - "5432"  # the api connects here\n',
        ),
        (  # the only item and no expose: ports: is renamed, the comment stays on its line
            '    ports:\n      - "5432:5432"  # the api connects here\n',
            '    expose:\n      - "5432"  # the api connects here\n',
        ),
        (  # a flow expose: list cannot carry a comment after one entry: it stays
            '    ports:\n      - "5432:5432"  # the api connects here\n    expose: ["9000"]\n',
            '      # the api connects here\n    expose: ["9000", "5432"]\n',
        ),
        (  # a '#' inside a quoted value is no comment
            '    ports:\n      - "5432:5432"\n      - "127.0.0.1:81:81"\n'
            '    labels: ["note=a # b"]\n',
            '    ports:\n      - "127.0.0.1:81:81"\n    labels: ["note=a # b"]\n'
            '    expose: ["5432"]\n',
        ),
    ],
)
def test_move_to_expose_keeps_the_items_comment(tmp_path: Path, db: str, expected: str) -> None:
    text = f"{API}  db:\n    image: ghcr.io/acme/pg:16\n{db}"
    assert fixed(tmp_path, "compose.yaml", text, "CL101") == (
        f"{API}  db:\n    image: ghcr.io/acme/pg:16\n{expected}"
    )


def test_crlf_file(tmp_path: Path) -> None:
    db = (
        "  db:\n    image: ghcr.io/acme/pg:16\n    ports:\n"
        '      - "5432:5432"  # the api\n      - "127.0.0.1:81:81"\n    expose:\n      - "9"\n'
    )
    text = (API + db).replace("\n", "\r\n")
    result = fixed(tmp_path, "compose.yaml", text, "CL101")
    assert result == (
        API
        + "  db:\n    image: ghcr.io/acme/pg:16\n    ports:\n"
        + '      - "127.0.0.1:81:81"\n    expose:\n      - "9"\n      - "5432"  # the api\n'
    ).replace("\n", "\r\n")


def test_no_move_when_a_merge_key_would_bring_other_ports(tmp_path: Path) -> None:
    text = (
        "x-defaults: &defaults {restart: unless-stopped, ports: ['8000:8080']}\n"
        + API
        + "  db:\n    <<: *defaults\n    image: ghcr.io/acme/pg:16\n    ports:\n"
        + '      - "5432:5432"\n'
    )
    [found] = findings(tmp_path, {"compose.yaml": text}, "CL101")
    assert found.fix is None  # without its own ports:, db would publish 8000 instead


def test_a_host_port_the_deployer_chooses_is_used_from_outside(tmp_path: Path) -> None:
    # runtipi's penpot: the frontend is the app's web UI on ${APP_PORT}; the exporter also
    # calls http://penpot, which does not make the port internal.

    files = {
        "compose.yaml": (
            "services:\n"
            "  penpot:\n    image: penpotapp/frontend:2.1\n    ports:\n"
            "      - ${APP_PORT}:80\n"
            "      - 9000:9000\n"
            "  exporter:\n    image: penpotapp/exporter:2.1\n"
            "    environment:\n      PENPOT_PUBLIC_URI: http://penpot:80\n"
            "      METRICS: http://penpot:9000\n"
        )
    }
    assert [d.span.start.line + 1 for d in findings(tmp_path, files, "CL101")] == [6]
    # ... and CL102 says where it is published instead.
    assert [d.span.start.line + 1 for d in findings(tmp_path, files, "CL102")] == [5]


# -- a comment that says a person uses the port from outside the containers -----------


def _with_db(ports: str, above: str = "") -> dict[str, str]:
    return {"compose.yaml": API + f"  db:\n    image: postgres:16\n{above}    ports:\n{ports}"}


@pytest.mark.parametrize(
    ("ports", "above"),
    [
        ('      - "5432:5432"  # for debugging from the host\n', ""),
        ('      - "5432:5432"\n', "    # map it to open the database from localhost in dev\n"),
        (
            '      - "5432:5432"\n',
            "    # Comment/Uncomment the port mapping if you want to hide/expose the service,\n"
            "    # for example map it to utilize its User Interface in dev environments.\n",
        ),
        ('      # reach it with psql from the host\n      - "5432:5432"\n', ""),
        ("      - target: 5432\n        published: 5432  # debugging\n", ""),
        ('      - "127.0.0.1:8081:8081"\n      # debugging\n      - "5432:5432"\n', ""),
    ],
)
def test_a_documented_host_use_is_information_and_not_moved(
    tmp_path: Path, ports: str, above: str
) -> None:
    files = _with_db(ports, above)
    (found,) = findings(tmp_path, files, "CL101")
    assert found.severity == Severity.INFORMATION and found.fix is None
    assert "127.0.0.1" in found.message and "expose:" in found.message
    # CL102 reports the publish on all interfaces instead, with its loopback bind
    (public,) = findings(tmp_path, files, "CL102")
    assert public.severity == Severity.WARNING and public.fix is not None
    result = fixed(tmp_path / "fix", "compose.yaml", files["compose.yaml"], "CL102")
    assert "127.0.0.1:5432:5432" in result or "host_ip: 127.0.0.1" in result
    assert "expose:" not in result


@pytest.mark.parametrize(
    ("ports", "above"),
    [
        ('      - "5432:5432"  # host:container\n', ""),
        ('      - "5432:5432"\n', ""),
        # the comment is on another item, or above another key
        ('      - "127.0.0.1:8081:8081"  # debugging\n      - "5432:5432"\n', ""),
        ('      - "5432:5432"\n', "    # debugging\n    restart: always\n"),
    ],
)
def test_look_alikes_keep_the_move_to_expose(tmp_path: Path, ports: str, above: str) -> None:
    (found,) = findings(tmp_path, _with_db(ports, above), "CL101")
    assert found.severity == Severity.WARNING and found.fix is not None
