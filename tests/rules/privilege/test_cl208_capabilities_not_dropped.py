"""CL208 (opt-in): no ``cap_drop: [ALL]``."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.rules.support import findings, lines


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("", [2]),
        ("    cap_drop: [NET_RAW, MKNOD]\n", [2]),
        ("    cap_drop: [ALL]\n", []),
        ("    cap_drop: [all]\n    cap_add: [NET_BIND_SERVICE]\n", []),
        ("    cap_drop:\n      - CAP_ALL\n", []),
        ("    privileged: true\n", []),  # CL203's finding
    ],
)
def test_compose(tmp_path: Path, body: str, expected: list[int]) -> None:
    files = {"compose.yaml": f"services:\n  api:\n    image: ghcr.io/acme/api:2\n{body}"}
    assert lines(tmp_path, files, "CL208") == expected


def test_the_message_names_what_is_dropped(tmp_path: Path) -> None:
    files = {"compose.yaml": "services:\n  api:\n    image: x:1\n    cap_drop: [NET_RAW]\n"}
    [found] = findings(tmp_path, files, "CL208")
    assert "(it drops only NET_RAW)" in found.message
    assert found.fix is None
    assert found.related[0].span.start.line == 3  # cap_drop: [NET_RAW], the last key


def test_command_line(tmp_path: Path) -> None:
    files = {
        "deploy.sh": (
            "#!/bin/sh\n"
            "docker run -d ghcr.io/acme/api:2\n"
            "docker run -d --cap-drop ALL --cap-add CHOWN ghcr.io/acme/api:2\n"
            "docker run -d --cap-drop=all ghcr.io/acme/api:2\n"
        )
    }
    [found] = findings(tmp_path, files, "CL208")
    assert found.span.start.line == 1
    assert "before the image" in found.related[0].message
