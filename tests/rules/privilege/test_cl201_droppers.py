"""CL201 and CL202: an image that starts as root and drops privileges itself."""

from __future__ import annotations

from pathlib import Path

import pytest

from composelint.diagnostics import Severity
from tests.rules.support import findings


@pytest.mark.parametrize(
    ("dockerfile", "dropper"),
    [
        ('FROM debian:12\nRUN apt-get install -y gosu\nENTRYPOINT ["/entrypoint.sh"]\n', "gosu"),
        ('FROM alpine:3.20\nRUN apk add su-exec\nCMD ["/start.sh"]\n', "su-exec"),
        ("FROM ubuntu:24.04\nRUN apt-get install -y sudo supervisor\n", "supervisor"),
        ('FROM debian:12\nCMD ["/usr/bin/supervisord", "-n"]\n', "supervisord"),
        ('FROM alpine:3.20\nADD s6-overlay-noarch.tar.xz /\nENTRYPOINT ["/init"]\n', "s6-overlay"),
        ('FROM alpine:3.20\nENTRYPOINT ["/init"]\n', "s6-overlay"),
        (
            'FROM debian:12\nUSER root\nRUN apt-get install -y runit\nCMD ["runsvdir", "/etc/sv"]\n',
            "runsvdir",
        ),
    ],
)
def test_an_image_that_drops_privileges_itself_is_information(
    tmp_path: Path, dockerfile: str, dropper: str
) -> None:
    [found] = findings(tmp_path, {"Dockerfile": dockerfile}, "CL201")
    assert found.severity == Severity.INFORMATION
    assert f"drops privileges itself ({dropper})" in found.message


@pytest.mark.parametrize(
    "dockerfile",
    [
        'FROM debian:12\nCMD ["python", "app.py"]\n',
        "FROM debian:12\nRUN echo 'no gosu-like tool here' > /tmp/gosu.txt\nCMD [\"app\"]\n",
        'FROM debian:12\nCOPY ./gosu-docs /docs\nCMD ["app"]\n',
    ],
)
def test_look_alikes_stay_warnings(tmp_path: Path, dockerfile: str) -> None:
    [found] = findings(tmp_path, {"Dockerfile": dockerfile}, "CL201")
    assert found.severity == Severity.WARNING


def test_the_service_that_builds_it_is_information_too(tmp_path: Path) -> None:
    files = {
        "Dockerfile": 'FROM debian:12\nRUN apt-get install -y gosu\nCMD ["/start.sh"]\n',
        "compose.yaml": "services:\n  app:\n    build: .\n",
    }
    [found] = findings(tmp_path, files, "CL202")
    assert found.severity == Severity.INFORMATION
    assert "the image drops privileges itself (gosu)" in found.message
