"""The Python editor: each fix's exact text, idempotence, and Python that compiles."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from msgspec.structs import replace

from composelint.diagnostics import Edit
from composelint.fix.command_edits import command_edits
from composelint.fix.python_edits import python_edits
from composelint.model.container import binding
from composelint.model.intents import BindLoopback, MakeReadOnly, MoveToExpose
from composelint.model.origin import Origin
from composelint.python import read_python
from composelint.source import Source

SDK = "import docker\nclient = docker.from_env()\n"
TC = "from testcontainers.core.container import DockerContainer\n"


def _read(text: str):  # noqa: ANN202
    found = read_python(Source.from_text("conftest.py", text))
    assert found.note is None
    return found


def _apply(text: str, edits: tuple[Edit, ...]) -> str:
    for edit in sorted(edits, key=lambda e: e.start, reverse=True):
        text = text[: edit.start] + edit.new_text + text[edit.end :]
    return text


def _loopback(text: str) -> str:
    """``text`` with every publish on all interfaces bound to loopback."""
    edits: list[Edit] = []
    for service in _read(text).containers:
        for mapping in service.ports:
            if binding(mapping).wildcard:
                resolved = python_edits(BindLoopback(mapping, "127.0.0.1", "::1"))
                if resolved is not None:
                    edits.extend(resolved[0])
                    assert resolved[1] == (mapping.path,)
    return _apply(text, tuple(edits))


def _read_only(text: str) -> str:
    """``text`` with every writable bind mount made read-only."""
    edits: list[Edit] = []
    for service in _read(text).containers:
        for mount in service.volumes:
            if not mount.read_only:
                resolved = python_edits(MakeReadOnly(mount))
                if resolved is not None:
                    edits.extend(resolved[0])
    return _apply(text, tuple(edits))


def _check(fix, before: str, after: str) -> None:  # noqa: ANN001
    assert fix(before) == after
    compile(after, "conftest.py", "exec")
    assert fix(after) == after  # idempotent: nothing left to fix


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ('ports={"8080/tcp": 8080}', 'ports={"8080/tcp": ("127.0.0.1", 8080)}'),
        ("ports={'8080/tcp': 8080}", "ports={'8080/tcp': ('127.0.0.1', 8080)}"),
        ("ports={80: None}", 'ports={80: ("127.0.0.1", None)}'),
        ('ports={"80": "8080"}', 'ports={"80": ("127.0.0.1", "8080")}'),
        ("ports={80: [8080, 8081]}", 'ports={80: [("127.0.0.1", 8080), ("127.0.0.1", 8081)]}'),
        (
            "ports={80: [('0.0.0.0', 8080), ('127.0.0.1', 8081)]}",
            "ports={80: [('127.0.0.1', 8080), ('127.0.0.1', 8081)]}",
        ),
        ("ports={80: ('::', 8080)}", "ports={80: ('::1', 8080)}"),
        ("ports={80: ('', port)}", "ports={80: ('127.0.0.1', port)}"),
        ("ports={80: (8080,)}", 'ports={80: ("127.0.0.1", 8080)}'),
        ("ports={80: ('127.0.0.1', 8080)}", "ports={80: ('127.0.0.1', 8080)}"),
        ("ports={80: port}", "ports={80: port}"),  # computed: no fix
    ],
)
def test_loopback(before: str, after: str) -> None:
    _check(
        _loopback,
        SDK + f'client.containers.run("a:1", {before})\n',
        SDK + f'client.containers.run("a:1", {after})\n',
    )


def test_loopback_keeps_comments_and_layout() -> None:
    before = SDK + (
        "container = client.containers.run(\n"
        "    'postgres:16',  # the database\n"
        "    ports={\n"
        "        # the client port\n"
        "        '5432/tcp': 5432,   # keep\n"
        "\n"
        "        '9187/tcp': None,\n"
        "    },\n"
        ")\n"
    )
    after = before.replace("5432,   #", "('127.0.0.1', 5432),   #").replace(
        "None,", "('127.0.0.1', None),"
    )
    _check(_loopback, before, after)


def test_low_level_port_bindings() -> None:
    before = SDK + (
        "api = docker.APIClient()\n"
        "api.create_container('a:1', host_config=api.create_host_config("
        "port_bindings={1111: 4567, 2222: None}))\n"
    )
    after = before.replace("4567", '("127.0.0.1", 4567)').replace(
        "2222: None", '2222: ("127.0.0.1", None)'
    )
    _check(_loopback, before, after)


def test_testcontainers_ports_get_no_fix() -> None:
    text = TC + "DockerContainer('a:1').with_bind_ports(5432, 5432).with_exposed_ports(80)\n"
    (service,) = _read(text).containers
    assert len(service.ports) == 2
    assert all(python_edits(BindLoopback(p, "127.0.0.1", "::1")) is None for p in service.ports)


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (
            'volumes={"./conf": {"bind": "/etc/app", "mode": "rw"}}',
            'volumes={"./conf": {"bind": "/etc/app", "mode": "ro"}}',
        ),
        (
            'volumes={"./conf": {"bind": "/etc/app", "mode": "rw,z"}}',
            'volumes={"./conf": {"bind": "/etc/app", "mode": "ro,z"}}',
        ),
        (
            'volumes={"./conf": {"bind": "/etc/app", "mode": "z"}}',
            'volumes={"./conf": {"bind": "/etc/app", "mode": "ro,z"}}',
        ),
        (
            'volumes={"./conf": {"bind": "/etc/app"}}',
            'volumes={"./conf": {"bind": "/etc/app", "mode": "ro"}}',
        ),
        ('volumes=["./conf:/etc/app"]', 'volumes=["./conf:/etc/app:ro"]'),
        ("volumes=['./conf:/etc/app:rw']", "volumes=['./conf:/etc/app:ro']"),
        ("volumes=['./conf:/etc/app:Z']", "volumes=['./conf:/etc/app:ro,Z']"),
        ('volumes=["./c\\x41:/etc/app"]', 'volumes=["./c\\x41:/etc/app"]'),  # escapes: no fix
        (
            'mounts=[Mount("/etc/app", "./conf", type="bind", read_only=False)]',
            'mounts=[Mount("/etc/app", "./conf", type="bind", read_only=True)]',
        ),
        (
            'mounts=[Mount("/etc/app", "./conf", type="bind")]',
            'mounts=[Mount("/etc/app", "./conf", type="bind", read_only=True)]',
        ),
        (
            'mounts=[Mount("/etc/app", "./conf", "bind", False)]',
            'mounts=[Mount("/etc/app", "./conf", "bind", True)]',
        ),
    ],
)
def test_read_only(before: str, after: str) -> None:
    head = SDK + "from docker.types import Mount\n"
    _check(
        _read_only,
        head + f'client.containers.run("a:1", {before})\n',
        head + f'client.containers.run("a:1", {after})\n',
    )


def test_read_only_on_entries_a_line_each() -> None:
    before = SDK + (
        "from docker.types import Mount\n"
        "client.containers.run(\n"
        "    'a:1',\n"
        "    volumes={\n"
        "        './conf': {\n"
        "            'bind': '/etc/app',  # the config\n"
        "        },\n"
        "        './certs': {\n"
        "            'bind': '/etc/certs'\n"
        "        },\n"
        "    },\n"
        "    mounts=[\n"
        "        Mount(\n"
        "            target='/etc/x',\n"
        "            source='./x',\n"
        "            type='bind',\n"
        "        ),\n"
        "    ],\n"
        ")\n"
    )
    after = (
        before.replace(
            "'/etc/app',  # the config\n",
            '\'/etc/app\',  # the config\n            "mode": "ro",\n',
        )
        .replace("'/etc/certs'\n", '\'/etc/certs\',\n            "mode": "ro",\n')
        .replace("type='bind',\n", "type='bind',\n            read_only=True,\n")
    )
    _check(_read_only, before, after)


def test_read_only_in_testcontainers() -> None:
    before = TC + (
        "DockerContainer('a:1').with_volume_mapping('./conf', '/etc/app', 'rw')\n"
        "DockerContainer('b:1', volumes=[('./x', '/etc/x', 'rw')])\n"
        "DockerContainer('c:1').with_volume_mapping('./y', '/etc/y', mode='rw')\n"
    )
    after = before.replace("'rw'", "'ro'")
    _check(_read_only, before, after)


def test_move_to_expose_has_no_python_form() -> None:
    (service,) = _read(SDK + "client.containers.run('a:1', ports={80: 80})\n").containers
    assert python_edits(MoveToExpose(service, service.ports[0])) is None


def test_a_fix_that_would_not_compile_is_dropped() -> None:
    text = SDK + "client.containers.run('a:1', volumes=['./conf:/etc/app'])\n"
    (service,) = _read(text).containers
    mount = service.volumes[0]
    assert python_edits(MakeReadOnly(mount)) is not None
    # The same value in a text that no longer compiles: the fix is dropped, not applied.
    assert mount.origin is not None
    broken = Source.from_text("conftest.py", text + "def f(:\n")
    moved = replace(mount, origin=Origin(broken, mount.origin.node))
    assert python_edits(MakeReadOnly(moved)) is None


def test_command_lists_are_fixed_by_the_command_line_editor() -> None:
    text = (
        "import subprocess\n"
        "subprocess.run(['docker', 'run', '-p', '8080:8080', '-v', './conf:/etc/app',"
        " 'nginx:1.27'])\n"
    )
    (launch,) = _read(text).launches
    mapping, mount = launch.service.ports[0], launch.service.volumes[0]
    port_fix = command_edits(BindLoopback(mapping, "127.0.0.1", "::1"))
    mount_fix = command_edits(MakeReadOnly(mount))
    assert port_fix is not None and mount_fix is not None
    fixed = _apply(text, port_fix[0] + mount_fix[0])
    assert fixed == text.replace("'8080:8080'", "'127.0.0.1:8080:8080'").replace(
        "'./conf:/etc/app'", "'./conf:/etc/app:ro'"
    )
    compile(fixed, "x.py", "exec")


def test_the_rules_fixes_carried_out() -> None:
    from composelint.rules.builtin import RULES
    from composelint.rules.context import ProjectContext

    text = SDK + (
        "client.containers.run('postgres:16', ports={'5432/tcp': 5432},\n"
        "    volumes={'./initdb': {'bind': '/docker-entrypoint-initdb.d'}})\n"
    )

    def fixes(text: str) -> list[tuple[Edit, ...]]:
        ctx = ProjectContext(_read(text).project(), {}, ())
        found = [d for r in RULES if r.check_project for d in r.check_project(ctx)]
        intents = [d.fix.intent for d in found if d.fix is not None and d.fix.intent]
        resolved = [python_edits(intent) for intent in intents]  # type: ignore[arg-type]
        return [r[0] for r in resolved if r is not None]

    edits = fixes(text)
    assert len(edits) == 2
    fixed = _apply(text, tuple(e for group in edits for e in group))
    assert fixed == text.replace("5432}", "('127.0.0.1', 5432)}").replace(
        "initdb.d'}", 'initdb.d\', "mode": "ro"}'
    )
    compile(fixed, "conftest.py", "exec")
    assert fixes(fixed) == []


def test_corpus_fixes_compile_and_are_idempotent() -> None:
    from tests.python.test_corpus import FILES

    fixed_files = 0
    for path in FILES:
        source = Source.read(path)
        found = read_python(source)
        edits: list[Edit] = []
        for service in found.containers:
            for mapping in service.ports:
                if binding(mapping).wildcard:
                    resolved = python_edits(BindLoopback(mapping, "127.0.0.1", "::1"))
                    edits.extend(resolved[0] if resolved else ())
            for mount in service.volumes:
                if mount.type == "bind" and not mount.read_only:
                    resolved = python_edits(MakeReadOnly(mount))
                    edits.extend(resolved[0] if resolved else ())
        if not edits:
            continue
        fixed_files += 1
        after = _apply(source.text, tuple(edits))
        compile(after, str(path), "exec")
        assert _loopback(_read_only(after)) == after
    assert fixed_files > 0 or not FILES


# -- the libcst editor: layouts, places and composition --------------------------------


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("{'bind': '/etc/app',}", "{'bind': '/etc/app', \"mode\": \"ro\",}"),
        ('{"bind": "/etc/app" }', '{"bind": "/etc/app", "mode": "ro" }'),
        (
            "{\n        'bind': '/etc/app'  # the config\n    }",
            "{\n        'bind': '/etc/app',  # the config\n        \"mode\": \"ro\",\n    }",
        ),
        (
            "{\n        'bind': '/etc/app',\n\n    }",
            "{\n        'bind': '/etc/app',\n        \"mode\": \"ro\",\n\n    }",
        ),
        (
            "{'bind': '/etc/app',\n     }",  # under the first entry, on the brace's line
            "{'bind': '/etc/app',\n" + " " * 49 + '"mode": "ro",\n     }',
        ),
    ],
)
def test_a_mode_is_added_in_the_layout_of_the_dict(before: str, after: str) -> None:
    head = SDK + "client.containers.run('a:1', volumes={'./conf': "
    _check(_read_only, head + before + "})\n", head + after + "})\n")


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("Mount('/x', './x', type='bind' )", "Mount('/x', './x', type='bind', read_only=True )"),
        ("Mount('/x', './x', type='bind',)", "Mount('/x', './x', type='bind', read_only=True,)"),
        (
            "Mount(\n        '/x',\n        './x',\n        type='bind'  # bound\n    )",
            "Mount(\n        '/x',\n        './x',\n        type='bind',  # bound\n"
            "        read_only=True,\n    )",
        ),
        ("Mount('/x', './x', type='bind', read_only=(False))", None),
    ],
)
def test_read_only_is_added_in_the_layout_of_the_call(before: str, after: str | None) -> None:
    head = SDK + "from docker.types import Mount\nclient.containers.run('a:1', mounts=["
    if after is None:  # (False) in parentheses: the reader's literal, rewritten inside them
        after = before.replace("(False)", "(True)")
    _check(_read_only, head + before + "])\n", head + after + "])\n")


def test_statements_anywhere_in_the_file() -> None:
    before = (
        '"""Fixtures.  Ünïcödé before the statement moves no offset."""\n'
        "import docker\n\n\n"
        "class TestDb:\n"
        "    @staticmethod\n"
        "    def start(client: docker.DockerClient) -> None:\n"
        "        if True:\n"
        "            client.containers.run(\n"
        "                'pöstgres:16',  # ☃\n"
        "                ports={'5432/tcp': (5432)},\n"
        "                volumes=['./ïnit:/docker-entrypoint-initdb.d'],\n"
        "            )\n"
        "\n"
        "# the end, without a newline"
    )
    after = before.replace("(5432)", "('127.0.0.1', (5432))").replace("initdb.d'", "initdb.d:ro'")
    _check(lambda t: _read_only(_loopback(t)), before, after)


def test_windows_newlines_stay() -> None:
    before = SDK.replace("\n", "\r\n") + (
        "client.containers.run(\r\n"
        "    'a:1',\r\n"
        "    volumes={'./conf': {\r\n"
        "        'bind': '/etc/app',\r\n"
        "    }},\r\n"
        ")\r\n"
    )
    after = before.replace("'/etc/app',\r\n", '\'/etc/app\',\r\n        "mode": "ro",\r\n')
    _check(_read_only, before, after)


def test_several_fixes_in_one_call_compose() -> None:
    before = SDK + (
        "from docker.types import Mount\n"
        "client.containers.run(\n"
        "    'a:1',\n"
        "    ports={80: [8080, ('0.0.0.0', 8081)], 443: None},  # web\n"
        "    volumes=['./a:/a', './b:/b:rw'],\n"
        "    mounts=[Mount('/c', './c', type='bind', read_only=False)],\n"
        ")\n"
    )
    after = SDK + (
        "from docker.types import Mount\n"
        "client.containers.run(\n"
        "    'a:1',\n"
        '    ports={80: [("127.0.0.1", 8080), (\'127.0.0.1\', 8081)], 443: ("127.0.0.1", None)},'
        "  # web\n"
        "    volumes=['./a:/a:ro', './b:/b:ro'],\n"
        "    mounts=[Mount('/c', './c', type='bind', read_only=True)],\n"
        ")\n"
    )
    _check(lambda t: _read_only(_loopback(t)), before, after)


def test_edits_cover_only_the_words_that_change() -> None:
    text = SDK + (
        "from docker.types import Mount\n"
        "client.containers.run('a:1', volumes={'./c': {'bind': '/c', 'mode': 'rw'}},\n"
        "    mounts=[Mount('/d', './d', type='bind', read_only=False)])\n"
    )
    (service,) = _read(text).containers
    shown = []
    for mount in service.volumes:
        resolved = python_edits(MakeReadOnly(mount))
        assert resolved is not None
        (edit,) = resolved[0]
        shown.append((text[edit.start : edit.end], edit.new_text))
    assert shown == [("rw", "ro"), ("False", "True")]


def _comments(text: str) -> list[str]:
    import io
    import tokenize

    tokens = tokenize.generate_tokens(io.StringIO(text).readline)
    return [t.string for t in tokens if t.type == tokenize.COMMENT]


def test_a_fix_run_over_the_corpus_python_changes_only_edit_spans(tmp_path: Path) -> None:
    from difflib import SequenceMatcher

    from composelint.run.engine import run
    from composelint.run.fixing import fix_run
    from tests.python.test_corpus import FILES

    for path in FILES:
        if path.parent.name == "beyond":  # one copy of each (tree/ holds the same files)
            shutil.copyfile(path, tmp_path / path.name)
    before = run([str(tmp_path)])
    spans: dict[str, list[tuple[int, int]]] = {}
    for result in before.files:
        for diagnostic in result.diagnostics:
            for edit in diagnostic.fix.edits if diagnostic.fix else ():
                spans.setdefault(edit.path, []).append((edit.start, edit.end))
    outcome = fix_run([str(tmp_path)], unsafe=True)
    changed = outcome.changed
    assert changed, "the corpus has Python to fix"
    for path, after in changed.items():
        original = outcome.originals[path].text
        compile(after, path, "exec")
        assert _comments(after) == _comments(original)
        matcher = SequenceMatcher(None, original, after, autojunk=False)
        for tag, i1, i2, _j1, _j2 in matcher.get_opcodes():
            if tag != "equal":
                assert any(s <= i1 and i2 <= e for s, e in spans[path]), (path, i1, i2)
    again = fix_run([str(tmp_path)], unsafe=True, overlay=changed)
    assert again.changed == {}  # nothing left to fix


def _launch_fixes(text: str) -> str:
    """``text`` with every publish of its command lists bound to loopback and every bind
    mount made read-only, by the Python editor."""
    edits: list[Edit] = []
    for launch in _read(text).launches:
        for mapping in launch.service.ports:
            if binding(mapping).wildcard:
                resolved = python_edits(BindLoopback(mapping, "127.0.0.1", "::1"))
                edits.extend(resolved[0] if resolved else ())
        for mount in launch.service.volumes:
            if mount.type == "bind" and not mount.read_only:
                resolved = python_edits(MakeReadOnly(mount))
                edits.extend(resolved[0] if resolved else ())
    return _apply(text, tuple(edits))


def test_command_lists_are_fixed_in_their_string_literals() -> None:
    before = (
        "import subprocess\n"
        "\n"
        "def start() -> None:\n"
        "    subprocess.run(\n"
        "        [\n"
        '            "docker", "run",  # the web server\n'
        '            "-p", "8080:8080",\n'
        "            '-p', r'0.0.0.0:9090:9090',\n"
        '            "--volume=./conf:/etc/app",\n'
        '            "-v", "./data:/data:rw",\n'
        '            "nginx:1.27",\n'
        "        ],\n"
        "        check=True,\n"
        "    )\n"
    )
    after = (
        before.replace('"8080:8080"', '"127.0.0.1:8080:8080"')
        .replace("r'0.0.0.0:9090:9090'", "r'127.0.0.1:9090:9090'")
        .replace('"--volume=./conf:/etc/app"', '"--volume=./conf:/etc/app:ro"')
        .replace('"./data:/data:rw"', '"./data:/data:ro"')
    )
    _check(_launch_fixes, before, after)


def test_a_command_list_value_with_escapes_gets_no_fix() -> None:
    text = 'import subprocess\nsubprocess.run(["docker", "run", "-p", "80\\x38:80", "a:1"])\n'
    (launch,) = _read(text).launches
    assert python_edits(BindLoopback(launch.service.ports[0], "127.0.0.1", "::1")) is None


def test_the_fix_pipeline_sends_python_command_lists_to_the_python_editor(
    tmp_path: Path,
) -> None:
    from composelint.run.fixing import fix_run

    path = tmp_path / "launch.py"
    path.write_text(
        "import subprocess\n"
        "subprocess.run(['docker', 'run', '-p', '8080:8080', 'nginx:1.27'])  # web\n",
        encoding="utf-8",
    )
    outcome = fix_run([str(path)], unsafe=True)
    assert outcome.changed == {
        str(path): "import subprocess\n"
        "subprocess.run(['docker', 'run', '-p', '127.0.0.1:8080:8080', 'nginx:1.27'])  # web\n"
    }


def test_statement_starts_from_lines_are_where_the_code_puts_them() -> None:
    import libcst

    from composelint.fix.python_cst import CstFile
    from tests.python.test_corpus import FILES

    texts = [Source.read(p).text for p in FILES] + [
        "# head\n\n@deco\n\n@deco2\ndef f(): pass\n\nx = 1; y = 2  # c\nif x:\n    pass\n# end",
        "\r\n\r\nimport docker\r\nclass A:\r\n    pass\r\n",
    ]
    for text in texts:
        tree = CstFile(Source.from_text("x.py", text), libcst.parse_module(text))
        assert tree._starts_from_lines() == tree._starts_from_code()
