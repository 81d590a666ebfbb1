"""CL210: a Dockerfile runs sudo, or its image grants passwordless sudo."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.rules.support import findings

FLAGGED = [
    "RUN sudo apt-get update",
    "RUN apt-get update && sudo -E make install",
    "RUN env DEBIAN_FRONTEND=noninteractive sudo apt-get install -y make",
    "RUN bash -c 'sudo chown app /srv'",
    "RUN sudo -i",
    'ENTRYPOINT ["sudo", "-E", "/entrypoint.sh"]',
    "CMD sudo /usr/local/bin/app",
    "ONBUILD RUN sudo apt-get update",
    "ONBUILD RUN apt-get update && sudo apt-get install -y make",
    "RUN echo 'app ALL=(ALL) NOPASSWD: ALL' >> /etc/sudoers",
    'RUN echo "app ALL=(ALL) NOPASSWD:ALL" | tee /etc/sudoers.d/app',
]


@pytest.mark.parametrize("line", FLAGGED)
def test_flagged(tmp_path: Path, line: str) -> None:
    found = findings(tmp_path, {"Dockerfile": f"FROM ubuntu:24.04\n{line}\n"}, "CL210")
    assert [d.span.start.line + 1 for d in found] == [2]


NOT_FLAGGED = [
    "RUN apt-get update && apt-get install -y sudo",
    "RUN echo sudo is installed",
    "RUN useradd app && usermod -aG sudo app",
    "RUN echo 'app ALL=(ALL) ALL' >> /etc/sudoers",
    "RUN echo NOPASSWD > /tmp/notes",
    "RUN gosu app true",
    "ONBUILD COPY sudo /sudo",
    'CMD ["su-exec", "app", "/usr/local/bin/app"]',
]


@pytest.mark.parametrize("line", NOT_FLAGGED)
def test_look_alikes(tmp_path: Path, line: str) -> None:
    assert findings(tmp_path, {"Dockerfile": f"FROM ubuntu:24.04\n{line}\n"}, "CL210") == []


def test_sits_on_sudo_and_says_why(tmp_path: Path) -> None:
    text = "FROM ubuntu:24.04\nUSER app\nRUN make && \\\n    sudo make install\n"
    [found] = findings(tmp_path, {"Dockerfile": text}, "CL210")
    assert text[found.span.start.offset : found.span.end.offset] == "sudo"
    assert "before USER" in found.message


def test_running_sudo_counts_in_any_stage_a_grant_only_in_the_image(tmp_path: Path) -> None:
    text = (
        "FROM ubuntu:24.04 AS build\n"
        "RUN sudo make\n"
        "RUN echo 'b ALL=(ALL) NOPASSWD: ALL' > /etc/sudoers.d/b\n"
        "FROM ubuntu:24.04\n"
        "COPY --from=build /out /out\n"
    )
    assert [d.span.start.line + 1 for d in findings(tmp_path, {"Dockerfile": text}, "CL210")] == [2]


def test_shell_scripts_are_not_checked(tmp_path: Path) -> None:
    files = {"setup.sh": "#!/bin/sh\nsudo apt-get update\ndocker run --rm alpine:3.20 true\n"}
    assert findings(tmp_path, files, "CL210") == []


def test_onbuild_sits_on_sudo(tmp_path: Path) -> None:
    text = "FROM ubuntu:24.04\nONBUILD RUN apt-get update && sudo make install\n"
    [found] = findings(tmp_path, {"Dockerfile": text}, "CL210")
    assert text[found.span.start.offset : found.span.end.offset] == "sudo"
    assert found.message.startswith("ONBUILD RUN runs sudo")
