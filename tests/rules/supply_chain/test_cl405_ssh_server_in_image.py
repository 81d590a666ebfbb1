"""CL405: an SSH server exposed, installed, started or enabled in the image."""

from __future__ import annotations

from pathlib import Path

import pytest

from composelint.diagnostics import Severity
from tests.rules.support import findings

FLAGGED = [
    "EXPOSE 22",
    "EXPOSE 80 22/tcp",
    "RUN apt-get update && apt-get install -y --no-install-recommends openssh-server",
    "RUN apt-get install -y openssh-server=1:9.2p1-2",
    "RUN apk add --no-cache openssh",
    "RUN apk add dropbear",
    "RUN yum install -y openssh-server-8.0p1",
    "RUN dnf -y install openssh-server",
    "RUN zypper in -y openssh-server",
    "RUN pacman -Syu --noconfirm openssh",
    "RUN systemctl enable ssh",
    "RUN rc-update add sshd default",
    'CMD ["/usr/sbin/sshd", "-D"]',
    "ENTRYPOINT service ssh start && tail -f /dev/null",
    "CMD /etc/init.d/ssh start; sleep infinity",
]


@pytest.mark.parametrize("line", FLAGGED)
def test_flagged(tmp_path: Path, line: str) -> None:
    found = findings(tmp_path, {"Dockerfile": f"FROM ubuntu:24.04\n{line}\n"}, "CL405")
    assert [d.span.start.line + 1 for d in found] == [2]


NOT_FLAGGED = [
    "EXPOSE 2222 8022",
    "EXPOSE 22/udp",
    "RUN apt-get install -y openssh-client git",
    "RUN yum install -y openssh openssh-clients",
    "RUN apt-get install -y openssh-sftp-server-docs",
    "RUN apk add --no-cache openssh-client git",
    "RUN ssh-keyscan github.com >> /etc/ssh/ssh_known_hosts",
    "RUN apt-get remove -y openssh-server",
    "RUN echo sshd",
    "RUN /usr/sbin/sshd -t",
    'CMD ["ssh", "-N", "bastion"]',
]


@pytest.mark.parametrize("line", NOT_FLAGGED)
def test_look_alikes(tmp_path: Path, line: str) -> None:
    assert findings(tmp_path, {"Dockerfile": f"FROM ubuntu:24.04\n{line}\n"}, "CL405") == []


def test_a_stage_only_copied_from_ships_nothing(tmp_path: Path) -> None:
    text = (
        "FROM alpine:3.20 AS keys\n"
        "RUN apk add --no-cache openssh && ssh-keygen -A\n"
        "EXPOSE 22\n"
        "FROM alpine:3.20 AS base\n"
        "RUN apk add --no-cache dropbear\n"
        "FROM base\n"
        "COPY --from=keys /etc/ssh /etc/ssh\n"
    )
    assert [d.span.start.line + 1 for d in findings(tmp_path, {"Dockerfile": text}, "CL405")] == [5]


def test_sits_on_the_package(tmp_path: Path) -> None:
    text = "FROM debian:12\nRUN apt-get update \\\n && apt-get install -y curl openssh-server\n"
    [found] = findings(tmp_path, {"Dockerfile": text}, "CL405")
    assert text[found.span.start.offset : found.span.end.offset] == "openssh-server"
    assert "docker exec" in found.message


@pytest.mark.parametrize(
    ("dockerfile", "severity"),
    [
        (
            "FROM ubuntu:24.04\nLABEL org.label-schema.name=gitlab\n"
            "RUN apt-get install -y openssh-server\nEXPOSE 22/tcp 80/tcp\n",
            Severity.INFORMATION,
        ),
        (
            "FROM alpine:3.20\nRUN apk add openssh git && adduser -D -s /usr/bin/git-shell git\n",
            Severity.INFORMATION,
        ),
        ("FROM ubuntu:24.04\nRUN apt-get install -y openssh-server git\n", Severity.WARNING),
    ],
)
def test_a_git_servers_ssh_is_its_transport(
    tmp_path: Path, dockerfile: str, severity: Severity
) -> None:
    found = findings(tmp_path, {"Dockerfile": dockerfile}, "CL405")
    assert found and {d.severity for d in found} == {severity}
    assert all(("git over SSH" in d.message) == (severity == Severity.INFORMATION) for d in found)
