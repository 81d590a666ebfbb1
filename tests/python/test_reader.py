"""The screen, what is not a launch, command lines, comments, the note and the limits."""

from __future__ import annotations

import pytest

from composelint.diagnostics import Severity
from composelint.python import NOTE_CODE, read_python, screen
from composelint.python.reader import MAX_CHARS
from composelint.source import Source
from tests.python.support import containers, read


def test_the_screen() -> None:
    assert screen("import Docker") and screen("from testcontainers import x")
    assert screen("# podman") and screen("nerdctl")
    assert not screen("import os\nprint('hello')\n")


def test_strings_docstrings_and_comments_are_not_launches() -> None:
    text = (
        '"""client.containers.run("db:1", ports={5432: 5432})"""\n'
        "import docker\n"
        "# client.containers.run('db:1', ports={5432: 5432})\n"
        "def f():\n"
        '    """subprocess.run(["docker", "run", "-p", "80:80", "nginx"])"""\n'
        "    x = 'os.system(\"docker run -p 80:80 nginx\")'\n"
        "    log.info(\"client.containers.run('db:1')\")\n"
    )
    found = read(text)
    assert found.containers == () and found.launches == () and found.commands == ()


def test_list_command_lines_go_to_the_command_line_reader() -> None:
    text = (
        "import subprocess\n"
        "from subprocess import check_call as cc\n"
        "subprocess.run(['docker', 'run', '-d', '-p', '8080:80', '--name', 'web', 'nginx:1.27'])\n"
        "cc(('docker', 'run', '-v', f'{here}:/src', 'alpine:3'), cwd=x)\n"
        "subprocess.run(['docker', 'ps'])\n"
        "subprocess.run(cmd)\n"
    )
    found = read(text)
    assert [c.call for c in found.commands] == [
        "subprocess.run",
        "subprocess.check_call",
        "subprocess.run",
    ]
    assert [launch.service.name for launch in found.launches] == ["web", "alpine (line 4)"]
    web = found.launches[0].service
    mapping = web.ports[0]
    assert (mapping.published, mapping.target) == ("8080", "80")
    assert mapping.origin is not None and mapping.origin.raw == "8080:80"  # inside the quotes
    mount = found.launches[1].service.volumes[0]
    assert (mount.source, mount.target) == ("$(here)", "/src")  # built when the program runs
    assert list(found.project().services) == ["web", "alpine (line 4)"]


def test_string_command_lines_are_kept_whole() -> None:
    text = (
        "import os, shlex, subprocess\n"
        "os.system('docker run -p 80:80 nginx')\n"
        "subprocess.run('docker run -p 81:81 nginx', shell=True)\n"
        "subprocess.run(shlex.split('docker run -p 82:82 nginx'))\n"
        "subprocess.run('docker run -p 83:83 nginx')\n"  # no shell: not a command line
    )
    found = read(text)
    assert [(c.call, c.string.value if c.string else None) for c in found.commands] == [
        ("os.system", "docker run -p 80:80 nginx"),
        ("subprocess.run", "docker run -p 81:81 nginx"),
        ("subprocess.run", "docker run -p 82:82 nginx"),
    ]
    # Each string a shell runs is read by the shell reader in place (tests/python/
    # test_shell_strings.py): three launches, the string without a shell none.
    assert [launch.service.ports[0].published for launch in found.launches] == ["80", "81", "82"]


def test_suppression_comments_and_targets() -> None:
    text = (
        "import docker\n"
        "s = '# composelint: ignore CL102'\n"
        "client.containers.run('a:1',\n"
        "    ports={80: 80})  # composelint: ignore CL102 -- a test server\n"
        "# composelint: ignore CL203\n"
        "client.containers.run('b:1', privileged=True)\n"
    )
    found = read(text)
    assert [(c.text, c.own_line) for c in found.comments] == [
        ("# composelint: ignore CL102 -- a test server", False),
        ("# composelint: ignore CL203", True),
    ]
    starts = [text.index("client.containers.run('a"), text.index("client.containers.run('b")]
    assert [start for start, _end in found.targets] == starts


def test_suppressions_cover_a_call() -> None:
    from composelint import suppress
    from composelint.rules.builtin import RULES
    from composelint.rules.context import ProjectContext

    text = (
        "import docker\n"
        "client.containers.run('a:1',\n"
        "    ports={80: 80})  # composelint: ignore CL102 -- a test server\n"
        "# composelint: ignore CL203\n"
        "client.containers.run('b:1', privileged=True, ports={81: 81})\n"
    )
    found = read(text)
    ctx = ProjectContext(found.project(), {}, ())
    rules = [r for r in RULES if r.check_project and not r.opt_in]
    diagnostics = [d for r in rules if r.check_project for d in r.check_project(ctx)]
    comments, ranges = suppress.shell_targets(found)
    suppressions, problems = suppress.parse(comments, ranges, {"CL102", "CL203"}, found.source)
    kept = suppress.apply(diagnostics, suppressions, found.source)
    assert problems == []
    assert sorted((d.code, d.span.start.line) for d in kept) == [("CL102", 4)]


@pytest.mark.parametrize(
    "text",
    ["import docker\nprint 'hello'\n", "import docker\ndef f(:\n", "docker = (\n"],
)
def test_a_file_that_does_not_parse_gets_one_note(text: str) -> None:
    found = read(text)
    assert found.containers == ()
    note = found.note
    assert note is not None and note.code == NOTE_CODE
    assert note.severity == Severity.INFORMATION
    assert "may still run under its own Python" in note.message


def test_a_file_that_parses_has_no_note() -> None:
    assert read("import docker\n").note is None


def test_positions_are_code_points() -> None:
    text = "import docker\nx = 'ü€𝄞'; client.containers.run('é:1', ports={'80': 8080})\n"
    (service,) = containers(text)
    origin = service.ports[0].origin
    assert origin is not None and origin.raw == "8080"
    assert service.image is not None and service.image.origin.raw == "'é:1'"


def test_carriage_returns_end_lines() -> None:
    text = "import docker\r\nclient.containers.run('a:1',\r\n    ports={80: 8080})\r\n"
    (service,) = containers(text)
    assert service.ports[0].origin.raw == "8080"


# -- hostile input -------------------------------------------------------------------


def test_a_file_over_the_size_limit_is_not_parsed() -> None:
    text = "import docker\n" + "x = 1\n" * (MAX_CHARS // 6 + 1)
    found = read_python(Source.from_text("big.py", text))
    assert found.note is not None and "limit" in found.note.message


@pytest.mark.parametrize(
    "text",
    [
        "import docker\nx = " + "[" * 5000 + "]" * 5000 + "\n",
        "import docker\nx = " + "-" * 100_000 + "1\n",
        "import docker\nx = 1" + " + 1" * 200_000 + "\n",
        "import docker\nclient.containers.run('a:1', ports=" + "[" * 150 + "]" * 150 + ")\n",
        "import docker\nclient.containers.run('a:1', volumes="
        + "{'a': " * 150
        + "1"
        + "}" * 150
        + ")\n",
    ],
)
def test_deep_nesting_is_a_note_or_is_read_without_a_traceback(text: str) -> None:
    found = read(text)
    assert found.note is not None or found.problem is None


def test_a_long_chain_is_read_in_linear_time() -> None:
    text = (
        "from testcontainers.core.container import DockerContainer\n"
        "c = DockerContainer('a:1')" + ".with_env('A', '1')" * 2000 + "\n"
    )
    found = read(text)
    assert found.note is not None or len(found.containers) == 1
