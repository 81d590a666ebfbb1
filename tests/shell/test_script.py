"""The shell reader: the screen, words after quote removal, comments, notes and limits."""

from __future__ import annotations

import gc
import time

import pytest

from composelint.diagnostics import Severity
from composelint.shell import MAX_DEPTH, NOTE_CODE, read_script, screen
from composelint.shell.parse import ParseLimit, parse
from composelint.source import Source


def _script(text: str):  # noqa: ANN202
    return read_script(Source.from_text("deploy.sh", text))


@pytest.mark.parametrize(
    ("text", "passes"),
    [
        ("docker run x", True),
        ("sudo podman ps", True),
        ("nerdctl run x", True),
        ("DOCKER=/usr/bin/docker", True),
        ("echo dockerfile", False),
        ("make build && ./run-tests", False),
        ("mydocker_helper run", False),
    ],
)
def test_screen(text: str, passes: bool) -> None:
    assert screen(text) == passes


def _words(text: str) -> list[tuple[str, str | None]]:
    (command,) = _script(text).commands
    return [(w.text, w.value) for w in command.words]


def test_quote_removal() -> None:
    assert _words("""docker run -e 'A=x y' -e "B=$HOME/z" -e C=a\\ b "pre"'fix' $'t\\tab'""") == [
        ("docker", "docker"),
        ("run", "run"),
        ("-e", "-e"),
        ("A=x y", "A=x y"),
        ("-e", "-e"),
        ("B=$HOME/z", None),
        ("-e", "-e"),
        ("C=a b", "C=a b"),
        ("prefix", "prefix"),
        ("t\tab", "t\tab"),
    ]


def test_runtime_words() -> None:
    command = _script('docker run -v "$(pwd)":/src x').commands[0]
    word = command.words[3]
    assert word.runtime and word.value is None and word.text == "$(pwd):/src"


def test_positions_count_code_points() -> None:
    text = "# ünïcödé 😀\ndocker run -p 8080:80 nginx:1.27\n"
    (launch,) = _script(text).launches
    origin = launch.service.ports[0].origin
    assert origin is not None and origin.raw == "8080:80"
    assert text[origin.node.start : origin.node.end] == "8080:80"


def test_comments() -> None:
    text = (
        "# composelint: ignore CL102 -- local only\n"
        "docker run -p 80:80 nginx:1.27  # composelint: ignore CL102\n"
        'echo "# not a comment"\n'
    )
    comments = _script(text).comments
    assert [(c.text, c.own_line) for c in comments] == [
        ("# composelint: ignore CL102 -- local only", True),
        ("# composelint: ignore CL102", False),
    ]
    assert text[comments[1].start : comments[1].end] == "# composelint: ignore CL102"


def test_commands_cover_their_lines() -> None:
    text = "docker run \\\n  -p 80:80 \\\n  nginx:1.27\necho hi\n"
    commands = _script(text).commands
    assert [text[c.start : c.end] for c in commands] == [
        "docker run \\\n  -p 80:80 \\\n  nginx:1.27",
        "echo hi",
    ]


def test_a_script_that_parses_has_no_note() -> None:
    assert _script("docker run -p 80:80 nginx:1.27\n").note is None


def test_an_error_that_hides_a_launch_is_one_information_note() -> None:
    script = _script('ok=1\nif then docker run -p 80:80 nginx ((( "\nfi fi\n')
    note = script.note
    assert note is not None
    assert note.code == NOTE_CODE == "CL007"
    assert note.severity == Severity.INFORMATION
    assert "cannot read" in note.message


def test_an_error_away_from_any_launch_gets_no_note() -> None:
    script = _script("docker run -p 80:80 nginx:1.27\necho ${x\n")
    assert script.note is None
    assert len(script.launches) == 1


# -- hostile input ---------------------------------------------------------------------


def test_size_limit() -> None:
    with pytest.raises(ParseLimit):
        parse(b"#" * (4 * 1024 * 1024 + 1))
    script = _script("docker run x\n" + "#" * (4 * 1024 * 1024))
    assert script.note is not None and "byte limit" in script.note.message
    assert script.launches == ()


def test_time_limit() -> None:
    data = b"docker run -p 80:80 nginx\n" * 100_000
    with pytest.raises(ParseLimit):
        parse(data, seconds=0.001)


def test_deep_nesting_is_cut_with_a_note() -> None:
    depth = 400
    text = "x=" + "$(" * depth + "docker run -p 80:80 n" + ")" * depth + "\n"
    started = time.monotonic()
    script = _script(text)
    assert time.monotonic() - started < 10
    assert script.note is not None and str(MAX_DEPTH) in script.note.message


@pytest.mark.parametrize(
    "text",
    [
        "docker run " + "-p 1:1 " * 20_000 + "nginx\n",
        "docker run -e " + "'" + "x" * 200_000 + "' nginx\n",
        "docker run \\\n" * 5_000 + "nginx\n",
        "docker " * 50_000,
        "docker run $'\\x00\\xff\\u1234' -p \"${X:-${Y:-${Z}}}:80\" n\n",
        "docker run -p\x01 80:80 n\n",
        "\ufeffdocker run -p 80:80 n\r\n",
        "docker run -p 80:80 n <<<" + "'x'" * 1000 + "\n",
    ],
)
def test_hostile_scripts_read_without_error(text: str) -> None:
    _script(text)


def test_expansions_inside_double_quotes_keep_the_blanks_before_them() -> None:
    (command,) = _script('echo "a $(x) `y` $((1+2)) $Z ${W} b"\n').commands[:1]
    word = command.words[1]
    assert word.text == "a $(x) `y` $((1+2)) $Z ${W} b"
    assert [p.text for p in word.pieces if p.kind != "literal"] == [
        "$(x)",
        "`y`",
        "$((1+2))",
        "$Z",
        "${W}",
    ]


def test_a_held_command_line_split_at_blanks() -> None:
    (launch,) = _script('C="docker run -d -p 9090 $DepArgs $REPO/app"\n$C\n').launches
    assert launch.image is not None and launch.image.text == "$REPO/app"
    assert launch.opaque


def test_a_missing_token_that_swallows_a_launch_is_noted() -> None:
    script = _script('echo "unterminated\ndocker run -p 1:1 x\n')
    assert script.launches == ()
    assert script.note is not None and "line 1" in script.note.message


def test_quoted_heredocs_are_not_expanded() -> None:
    assert _script("cat <<'EOF'\n$(docker run -p 80:80 n)\nEOF\n").launches == ()


# -- the launch screen of Makefiles and Markdown ------------------------------------


def test_the_launch_screen_turns_away_only_files_that_start_nothing() -> None:
    """Every corpus Makefile and Markdown file the launch screen turns away starts no
    container and has no note when its reader reads it anyway (the screen changes what
    is parsed, never what is found)."""
    import os

    from composelint.discover.walk import classify_name
    from composelint.make import read_makefile
    from composelint.make import screen as make_screen
    from composelint.markdown import read_markdown
    from composelint.markdown import screen as markdown_screen
    from tests.conftest import CORPUS_TREE

    turned_away = 0
    for root, _dirs, files in os.walk(CORPUS_TREE):
        for name in files:
            kind = classify_name(name)
            if kind not in ("makefile", "markdown"):
                continue
            path = os.path.join(root, name)
            with open(path, encoding="utf-8", errors="replace") as handle:
                text = handle.read()
            launch_screen, reader = (
                (make_screen, read_makefile)
                if kind == "makefile"
                else (markdown_screen, read_markdown)
            )
            if not screen(text) or launch_screen(text):
                continue
            turned_away += 1
            document = reader(Source.from_text(path, text))
            assert document.launches == () and document.note is None, path
    assert turned_away == 2  # docker build only; a Python client in prose


@pytest.mark.parametrize(
    ("text", "starts"),
    [
        ("docker run -p 1:1 x\n", True),
        ("sudo docker -H tcp://h:2375 --tls container run x\n", True),
        ("docker compose -f a.yml --profile x run web\n", True),
        ("docker-compose run web\n", True),
        ("docker service create --name x y\n", True),
        ("docker \\\n  run x\n", True),
        ('CMD="podman create x"\n', True),
        ("${CONTAINER_ENGINE:-docker} run x\n", True),
        ("docker $FLAGS run x\n", True),
        ("docker ps\ndocker logs -f run\ndocker network create run\n", False),
        ("podman pod create x\n", False),
        ("Run `docker` to create images.\n", False),
        ("nerdctl --snapshotter=a|b run x\n", False),  # a pipe: `b run` is another command
    ],
)
def test_the_launch_screen(text: str, starts: bool) -> None:
    from composelint.shell import screen_launches

    assert screen_launches(text) is starts


def test_the_launch_screen_stays_fast_on_hostile_text() -> None:
    from composelint.shell import screen_launches, screen_make_launches

    for text in (
        "$(DOCKER) " * 100_000,
        "docker " + "-x y " * 100_000,
        "docker \\\n" * 100_000,
        "docker -" + "a" * 1_000_000,
        "$(A) docker " * 100_000,
    ):
        began = time.monotonic()
        assert not screen_launches(text) and not screen_make_launches(text)
        assert time.monotonic() - began < 5


def test_a_read_script_is_freed_without_the_cycle_collector() -> None:
    # A script's lazily made words once kept the walk, its text and its syntax tree in
    # a cycle: over a big tree they piled up between two runs of the cycle collector.
    text = "set -e\necho start\ndocker run -d -p 80:80 nginx:1\nmake build\n"
    gc.collect()
    gc.disable()
    try:
        script = read_script(Source.from_text("deploy.sh", text))
        assert [c.words[0].text for c in script.commands] == ["set", "echo", "docker", "make"]
        lazy = read_script(Source.from_text("deploy.sh", text))  # words never asked for
        del script, lazy
        assert gc.collect() == 0
    finally:
        gc.enable()
