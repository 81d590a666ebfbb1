"""CL404: TLS or signature checks turned off in a Dockerfile."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.rules.support import findings

FLAGGED = [
    "RUN curl -k https://x -o /tmp/x",
    "RUN curl -fsSLk https://x | sh",
    "RUN curl --insecure https://x",
    "RUN apt-get update && curl --proxy-insecure -x http://proxy:3128 https://x",
    "RUN wget --no-check-certificate https://x",
    "RUN wget -e check_certificate=off https://x",
    "RUN pip install --trusted-host pypi.org flask",
    "RUN python3 -m pip install --trusted-host=pypi.org flask",
    "RUN pip config set global.trusted-host pypi.org",
    "RUN uv pip install --allow-insecure-host pypi.org flask",
    "RUN apk add --allow-untrusted /tmp/x.apk",
    "RUN apt-get install -y --allow-unauthenticated x",
    "RUN apt-get install -y --force-yes x",
    "RUN apt-get -o Acquire::AllowInsecureRepositories=true update",
    "RUN echo 'Acquire::https::Verify-Peer \"false\";' > /etc/apt/apt.conf.d/99insecure",
    'RUN echo "deb [trusted=yes] http://repo.example.com/ ./" > /etc/apt/sources.list.d/r.list',
    "RUN yum install -y --nogpgcheck x",
    "RUN dnf --setopt=sslverify=false install -y x",
    "RUN zypper --no-gpg-checks install -y x",
    "RUN sed -i 's/gpgcheck=1/gpgcheck=0/' /etc/yum.repos.d/x.repo",
    "RUN rpm -i --nosignature x.rpm",
    "RUN npm config set strict-ssl false",
    "RUN yarn config set strict-ssl false",
    "RUN git config --global http.sslVerify false",
    "RUN git -c http.sslVerify=false clone https://x",
    "RUN GIT_SSL_NO_VERIFY=1 git clone https://x",
    "RUN export NODE_TLS_REJECT_UNAUTHORIZED=0 && npm ci",
    "RUN echo insecure >> ~/.curlrc",
    "RUN conda config --set ssl_verify false",
    "RUN helm repo add x https://x --insecure-skip-tls-verify",
    "RUN skopeo copy --src-tls-verify=false docker://a docker://b",
    "RUN sudo -E curl -k https://x",
    "RUN sh -c 'curl -k https://x'",
    'RUN ["sh", "-c", "curl -k https://x"]',
    "ONBUILD RUN curl -k https://x",
    "ENV NODE_TLS_REJECT_UNAUTHORIZED=0",
    "ENV PYTHONHTTPSVERIFY 0",
    "ENV GIT_SSL_NO_VERIFY=false",
    "ARG NPM_CONFIG_STRICT_SSL=false",
    "ENV PIP_TRUSTED_HOST=pypi.org",
]


@pytest.mark.parametrize("line", FLAGGED)
def test_flagged(tmp_path: Path, line: str) -> None:
    found = findings(tmp_path, {"Dockerfile": f"FROM debian:12\n{line}\n"}, "CL404")
    assert [d.span.start.line + 1 for d in found] == [2]


NOT_FLAGGED = [
    "RUN curl -fsSL https://x | sh",
    "RUN curl -o -k https://x",
    "RUN curl -H -k https://x",
    "RUN sort -k2 /etc/passwd && ssh-keygen -k -f x",
    "RUN apt-get update && apt-get install -y curl && ls -k",
    "RUN echo curl -k is insecure",
    "RUN pip install flask && pip download --trusted-host-list x",
    "RUN git config --global http.sslVerify true",
    "RUN sed -i 's/gpgcheck=0/gpgcheck=1/' /etc/yum.repos.d/x.repo",
    "RUN npm config set strict-ssl true",
    "RUN apk add --no-cache openssl",
    "RUN rpm --import https://x/key.asc && rpm -i x.rpm",
    "RUN echo insecure > /tmp/notes.txt",
    "ENV NODE_TLS_REJECT_UNAUTHORIZED=1 PYTHONHTTPSVERIFY=1",
    "ENV GIT_SSL_NO_VERIFY=",
    "ENV NODE_EXTRA_CA_CERTS=/etc/ssl/corp.crt",
    "ENV NODE_TLS_REJECT_UNAUTHORIZED=$NODE_TLS",
    "RUN python3 <<EOF\nimport os\nos.system('curl -k https://x')\nEOF",
]


@pytest.mark.parametrize("line", NOT_FLAGGED)
def test_look_alikes(tmp_path: Path, line: str) -> None:
    assert findings(tmp_path, {"Dockerfile": f"FROM debian:12\n{line}\n"}, "CL404") == []


def test_sits_on_the_flag_across_continuation_lines(tmp_path: Path) -> None:
    text = (
        "FROM debian:12\n"
        "RUN apt-get update \\\n"
        "    && apt-get install -y curl \\\n"
        "    && curl -fsSLk https://x -o /tmp/x \\\n"
        "    && sort -k2 /tmp/x\n"
    )
    [found] = findings(tmp_path, {"Dockerfile": text}, "CL404")
    assert text[found.span.start.offset : found.span.end.offset] == "-fsSLk"
    assert found.span.start.line == 3
    assert "curl -k" in found.message and "update-ca-certificates" in found.message


def test_heredoc_script(tmp_path: Path) -> None:
    text = "FROM debian:12\nRUN <<EOF\nset -e\ncurl --insecure https://x -o /tmp/x\nEOF\n"
    [found] = findings(tmp_path, {"Dockerfile": text}, "CL404")
    assert found.span.start.line == 3


def test_signature_message(tmp_path: Path) -> None:
    text = "FROM alpine:3.20\nRUN apk add --allow-untrusted /tmp/x.apk\n"
    [found] = findings(tmp_path, {"Dockerfile": text}, "CL404")
    assert "signature" in found.message and "/etc/apk/keys" in found.message


def test_shell_scripts_are_not_checked(tmp_path: Path) -> None:
    files = {"build.sh": "#!/bin/sh\ncurl -k https://x\ndocker run --rm alpine:3.20 true\n"}
    assert findings(tmp_path, files, "CL404") == []


def test_a_local_trusted_repository_is_not_fetched(tmp_path: Path) -> None:
    text = (
        "FROM debian:12\n"
        'RUN echo "deb [ trusted=yes ] file://$tempDir ./" > /etc/apt/sources.list.d/temp.list\n'
        'RUN echo "deb [trusted=yes] http://repo.example.com/ ./" > /etc/apt/sources.list.d/r.list\n'
    )
    assert [d.span.start.line + 1 for d in findings(tmp_path, {"Dockerfile": text}, "CL404")] == [3]
