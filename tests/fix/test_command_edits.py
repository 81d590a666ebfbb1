"""The command-line editor: exact output, idempotence and a clean re-parse."""

from __future__ import annotations

import pytest

from composelint.fix.command_edits import command_edits
from composelint.fix.edits import apply_edits
from composelint.model.container import binding
from composelint.model.intents import BindLoopback, Intent, MakeReadOnly, MoveToExpose
from composelint.shell import parses_cleanly, read_script
from composelint.source import Source


def _launch(text: str):  # noqa: ANN202
    (found,) = read_script(Source.from_text("deploy.sh", text)).launches
    return found


def _loopback(text: str) -> Intent:
    port = _launch(text).service.ports[0]
    return BindLoopback(port, "127.0.0.1", "::1")


def _expose(text: str) -> Intent:
    launch = _launch(text)
    return MoveToExpose(launch.service, launch.service.ports[0])


def _read_only(text: str) -> Intent:
    return MakeReadOnly(_launch(text).service.volumes[0])


def _fixed(text: str, intent: Intent) -> str:
    resolved = command_edits(intent)
    assert resolved is not None
    edits, _changes = resolved
    fixed = apply_edits(text, edits)
    assert parses_cleanly(fixed)
    return fixed


def _check(text: str, make, expected: str) -> None:  # noqa: ANN001
    fixed = _fixed(text, make(text))
    assert fixed == expected
    # Idempotent: the fixed line asks for nothing more, or the same fix again changes nothing.
    again = command_edits(make(fixed))
    assert again is None or apply_edits(fixed, again[0]) == fixed


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("docker run -p 8080:80 nginx:1.27\n", "docker run -p 127.0.0.1:8080:80 nginx:1.27\n"),
        ("docker run -p8080:80 nginx:1.27\n", "docker run -p127.0.0.1:8080:80 nginx:1.27\n"),
        (
            "docker run --publish=8080:80 nginx:1.27\n",
            "docker run --publish=127.0.0.1:8080:80 nginx:1.27\n",
        ),
        (
            "docker run --publish 8080:80 nginx:1.27\n",
            "docker run --publish 127.0.0.1:8080:80 nginx:1.27\n",
        ),
        ('docker run -p "8080:80" nginx:1.27\n', 'docker run -p "127.0.0.1:8080:80" nginx:1.27\n'),
        ("docker run -p '8080:80' nginx:1.27\n", "docker run -p '127.0.0.1:8080:80' nginx:1.27\n"),
        ('docker run -p"8080:80" nginx:1.27\n', 'docker run -p"127.0.0.1:8080:80" nginx:1.27\n'),
        ("docker run -dp 8080:80 nginx:1.27\n", "docker run -dp 127.0.0.1:8080:80 nginx:1.27\n"),
        ('docker run -p "[::]:80:80" nginx:1.27\n', 'docker run -p "[::1]:80:80" nginx:1.27\n'),
        (
            "docker run -p 0.0.0.0:8080:80 nginx:1.27\n",
            "docker run -p 127.0.0.1:8080:80 nginx:1.27\n",
        ),
        ("docker run -p :8080:80 nginx:1.27\n", "docker run -p 127.0.0.1:8080:80 nginx:1.27\n"),
        ("docker run -p 80 nginx:1.27\n", "docker run -p 127.0.0.1::80 nginx:1.27\n"),
        ("docker run -p $PORT:80 nginx:1.27\n", "docker run -p 127.0.0.1:$PORT:80 nginx:1.27\n"),
        (
            'docker run -p "${PORT:-8080}:80" nginx:1.27\n',
            'docker run -p "127.0.0.1:${PORT:-8080}:80" nginx:1.27\n',
        ),
        (
            'docker run -p "${BIND:-0.0.0.0}:80:80" nginx:1.27\n',
            'docker run -p "${BIND:-127.0.0.1}:80:80" nginx:1.27\n',
        ),
        (
            "docker run \\\n  -p 8080:80 \\\n  nginx:1.27  # web\n",
            "docker run \\\n  -p 127.0.0.1:8080:80 \\\n  nginx:1.27  # web\n",
        ),
        (
            "sudo podman run -p 5432:5432 postgres:16\n",
            "sudo podman run -p 127.0.0.1:5432:5432 postgres:16\n",
        ),
        (
            "docker compose run -p 8080:80 web\n",
            "docker compose run -p 127.0.0.1:8080:80 web\n",
        ),
        (
            "id=$(docker run -d -p 8080:80 nginx:1.27)\n",
            "id=$(docker run -d -p 127.0.0.1:8080:80 nginx:1.27)\n",
        ),
        (
            "x=1  # é\ndocker run -p 8080:80 nginx:1.27 # ünïcode\n",
            "x=1  # é\ndocker run -p 127.0.0.1:8080:80 nginx:1.27 # ünïcode\n",
        ),
    ],
)
def test_bind_to_loopback(before: str, after: str) -> None:
    _check(before, _loopback, after)


@pytest.mark.parametrize(
    "text",
    [
        "docker run -p $(port):80 nginx:1.27\n",  # built at run time
        "docker run -p $BIND:80:80 nginx:1.27\n",  # the address is a variable with no default
        "docker run -p 10.0.0.5:80:80 nginx:1.27\n",  # an address already
        "docker service create --publish published=80,target=80 nginx:1.27\n",
        "docker service create -p 80:80 nginx:1.27\n",
    ],
)
def test_no_loopback_fix(text: str) -> None:
    assert command_edits(_loopback(text)) is None


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("docker run -p 5432:5432 postgres:16\n", "docker run --expose 5432 postgres:16\n"),
        ("docker run -p5432:5432 postgres:16\n", "docker run --expose 5432 postgres:16\n"),
        (
            "docker run --publish=5432:5432 postgres:16\n",
            "docker run --expose 5432 postgres:16\n",
        ),
        ('docker run -p "5432:5432" postgres:16\n', "docker run --expose 5432 postgres:16\n"),
        ("docker run -p 127.0.0.1:6000:5432 pg:1\n", "docker run --expose 5432 pg:1\n"),
        ("docker run -p 53:53/udp dns:1\n", "docker run --expose 53/udp dns:1\n"),
        (
            "docker run --name db \\\n  -p 5432:5432 \\\n  postgres:16\n",
            "docker run --name db \\\n  --expose 5432 \\\n  postgres:16\n",
        ),
    ],
)
def test_move_to_expose(before: str, after: str) -> None:
    fixed = _fixed(before, _expose(before))
    assert fixed == after
    launch = _launch(fixed)
    assert launch.service.ports == ()
    assert [e.value for e in launch.service.expose] == [after.split("--expose ")[1].split()[0]]


@pytest.mark.parametrize(
    "text",
    [
        "docker run -dp 5432:5432 postgres:16\n",  # the flag shares its word
        "docker run -p 5432:$PORT postgres:16\n",  # the container port is not known
        "docker compose run -p 5432:5432 db\n",  # compose run has no --expose
        "docker service create -p 5432:5432 postgres:16\n",
        "docker run -p $(ports) postgres:16\n",
    ],
)
def test_no_expose_fix(text: str) -> None:
    assert command_edits(_expose(text)) is None


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("docker run -v ./conf:/etc/app x:1\n", "docker run -v ./conf:/etc/app:ro x:1\n"),
        ("docker run -v ./conf:/etc/app:rw x:1\n", "docker run -v ./conf:/etc/app:ro x:1\n"),
        ("docker run -v ./conf:/etc/app:z x:1\n", "docker run -v ./conf:/etc/app:ro,z x:1\n"),
        ("docker run -v=./conf:/etc/app x:1\n", "docker run -v=./conf:/etc/app:ro x:1\n"),
        (
            "docker run --volume=./conf:/etc/app x:1\n",
            "docker run --volume=./conf:/etc/app:ro x:1\n",
        ),
        ('docker run -v "$PWD/conf:/etc/app" x:1\n', 'docker run -v "$PWD/conf:/etc/app:ro" x:1\n'),
        ("docker run -v $PWD/conf:/etc/app x:1\n", "docker run -v $PWD/conf:/etc/app:ro x:1\n"),
        (
            "docker run --mount type=bind,source=./conf,target=/etc/app x:1\n",
            "docker run --mount type=bind,source=./conf,target=/etc/app,readonly x:1\n",
        ),
        (
            "docker run --mount 'type=bind,src=./conf,dst=/etc/app' x:1\n",
            "docker run --mount 'type=bind,src=./conf,dst=/etc/app,readonly' x:1\n",
        ),
        (
            "docker run --mount type=bind,src=./c,dst=/etc/app,readonly=false x:1\n",
            "docker run --mount type=bind,src=./c,dst=/etc/app,readonly x:1\n",
        ),
    ],
)
def test_read_only(before: str, after: str) -> None:
    _check(before, _read_only, after)
    assert _launch(after).service.volumes[0].read_only


def test_no_read_only_fix_at_run_time() -> None:
    text = "docker run -v $(pwd):$(target) x:1\n"
    assert command_edits(_read_only(text)) is None


def test_bytes_outside_the_edit_stay() -> None:
    text = "#!/bin/sh\n# deploy\nset -e\ndocker run -p 8080:80 nginx:1.27 # keep\necho done\n"
    fixed = _fixed(text, _loopback(text))
    assert fixed.replace("127.0.0.1:", "", 1) == text
    assert not binding(_launch(fixed).service.ports[0]).wildcard
