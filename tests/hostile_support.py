"""Helpers for the hostile-input tests: the CLI in a fresh, bounded process."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ADDRESS_SPACE = 2 * 1024**3  # 2 GiB: a run that needs more fails instead of swapping
GOOD_COMPOSE = (
    "services:\n  web:\n    image: nginx:1.27\n    privileged: true\n"
    "  db:\n    image: postgres:16\n    ports:\n      - '5432:5432'\n"
)


@dataclass(frozen=True)
class Run:
    code: int
    stdout: str
    stderr: str

    @property
    def document(self) -> dict:
        return json.loads(self.stdout)

    def messages(self, name: str) -> list[tuple[str, str]]:
        """(code, message) of each diagnostic in the file whose path ends with ``name``."""
        for file in self.document["files"]:
            if file["path"].endswith(name):
                return [(d["code"], d["message"]) for d in file["diagnostics"]]
        raise AssertionError(f"{name} not listed")


def write(path: Path, data: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode() if isinstance(data, str) else data)


def write_good(root: Path) -> Path:
    """An insecure compose file whose findings must be reported whatever sits beside it."""
    path = root / "good" / "compose.yml"
    write(path, GOOD_COMPOSE)
    return path


# What the opt-in hardening group adds on GOOD_COMPOSE when a run selects ALL: neither
# service sets a protection (CL208 steps back for the privileged one), the database
# is on the default network (CL104), and neither image is pinned by digest (CL402).
HARDENING_ON_GOOD = ["CL104", "CL207", "CL207", "CL208", "CL304", "CL304", "CL407", "CL407"]
HARDENING_ON_GOOD += ["CL402", "CL402"]


def assert_good_reported(run: Run, *, hardening: bool = False) -> None:
    expected = sorted(["CL102", "CL203", *(HARDENING_ON_GOOD if hardening else [])])
    assert sorted(c for c, _m in run.messages("good/compose.yml")) == expected


def limit_address_space(limit: int = ADDRESS_SPACE) -> Callable[[], None]:
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    return apply


def run_cli(
    *args: str,
    cwd: Path | None = None,
    preexec_fn: Callable[[], None] | None = None,
    timeout: float = 600,
) -> Run:
    """``composelint`` in a fresh process with a plain environment; never a traceback."""
    env = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "VIRTUAL_ENV", "LANG")}
    proc = subprocess.run(
        [sys.executable, "-m", "composelint", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=timeout,
        preexec_fn=preexec_fn,
    )
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    return Run(proc.returncode, proc.stdout, proc.stderr)


# -- hostile files, shared with bench/hostile.py --------------------------------------

MB = 1024 * 1024


def _fill(path: Path, head: str, lines: Callable[[int], str], size: int) -> None:
    """``head``, then ``lines(0)``, ``lines(1)`` … until the file holds ``size`` bytes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as out:
        out.write(head)
        written, index = len(head), 0
        while written < size:
            chunk = "".join(lines(index + i) for i in range(1000))
            out.write(chunk)
            written += len(chunk)
            index += 1000


def big_environment(path: Path, size: int = 50 * MB) -> None:
    """One service with hundreds of thousands of environment entries."""
    head = "services:\n  app:\n    image: nginx:1.27\n    privileged: true\n    environment:\n"
    _fill(path, head, lambda i: f"      SETTING_{i:08d}: value-{i:08d}-with-some-padding\n", size)


def many_services(path: Path, size: int = 50 * MB) -> None:
    """Hundreds of thousands of small services, each publishing a port."""

    def service(i: int) -> str:
        return (
            f"  service-{i:07d}:\n    image: registry.example.org/team/app:{i}\n"
            f"    ports:\n      - '{10000 + i % 50000}:80'\n    environment:\n      ROLE: worker\n"
        )

    _fill(path, "services:\n", service, size)


def long_block_scalar(path: Path, size: int = 50 * MB) -> None:
    """One service whose command is a block scalar of a million lines."""
    head = (
        "services:\n  app:\n    image: nginx:1.27\n    privileged: true\n"
        "    command:\n      - sh\n      - -c\n      - |\n"
    )
    _fill(path, head, lambda i: f"        echo line {i:08d} of a very long script\n", size)


def one_long_line(path: Path, size: int = 50 * MB) -> None:
    """The whole file on one line: a flow mapping with a 50 MB value."""
    value = "x" * size
    write(
        path,
        f'{{services: {{app: {{image: "nginx:1.27", privileged: true, command: "{value}"}}}}}}\n',
    )


def alias_bomb(path: Path) -> None:
    """Nine levels of ten aliases each: a billion nodes once expanded."""
    lines = ["x-a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"x-{name}: &{name} [" + ", ".join([f"*{previous}"] * 10) + "]")
    lines.append("services:\n  app:\n    image: nginx:1.27\n    command: *i")
    write(path, "\n".join(lines) + "\n")


def deep_nesting(path: Path, depth: int = 10_000) -> None:
    write(path, "services:\n  app:\n    command: " + "[" * depth + "]" * depth + "\n")


def binary(path: Path, size: int = 1 * MB) -> None:
    write(path, b"\x7fELF\x02\x01\x01\x00" + os.urandom(size))


def services_count(path: Path, count: int = 10_000) -> None:
    """Many services a project could really have, under the node limit: all checked."""
    body = "".join(
        f"  svc{i}:\n    image: redis:7\n    ports:\n      - '{20000 + i}:6379'\n"
        for i in range(count)
    )
    write(path, "services:\n" + body)


def big_dockerfile(path: Path, size: int = 50 * MB) -> None:
    _fill(path, "FROM debian:12\n", lambda i: f"RUN echo step {i:08d} && true\n", size)


def flow_ports(path: Path, count: int = 300_000) -> None:
    """One service publishing ``count`` ports in a one-line flow list."""
    ports = ", ".join(f'"{1000 + i % 60000}:{1000 + i % 60000}"' for i in range(count))
    write(path, f"services:\n  web:\n    image: x:1\n    ports: [{ports}]\n")


def sparse_compose(path: Path, size: int = 2 * 1024**3) -> None:
    """A compose file of ``size`` bytes that takes no disk space (a hole)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as handle:
        handle.write(b"services:\n")
        handle.truncate(size)


def fifo_dotenv(root: Path) -> None:
    """A compose file whose ``.env`` is a FIFO no process writes to."""
    write(root / "compose.yml", "services:\n  app:\n    image: redis:7\n    user: '1'\n")
    os.mkfifo(root / ".env")


def endless_dotenv(root: Path) -> None:
    """A compose file whose ``.env`` is a link to ``/dev/zero``."""
    write(root / "compose.yml", "services:\n  app:\n    image: redis:7\n    user: '1'\n")
    (root / ".env").symlink_to("/dev/zero")
