"""Commands and variables of Dockerfile instructions, placed back in the file."""

from __future__ import annotations

from composelint.dockerfile import parse_dockerfile
from composelint.rules.dockerfile_text import image_stages, run_commands, settings
from composelint.source import Source


def _parse(text: str):  # type: ignore[no-untyped-def]
    return parse_dockerfile(Source.from_text("Dockerfile", text))


def test_run_words_sit_on_their_line_across_continuations() -> None:
    text = "FROM x\nRUN apt-get update \\\n    # a comment\n    && curl -k https://y\n"
    dockerfile = _parse(text)
    run = dockerfile.instructions[1]
    commands = run_commands(run, dockerfile.escape)
    curl = next(c for c in commands if c.command.name == "curl")
    span = curl.span(curl.command.words[1])
    assert text[span.start.offset : span.end.offset] == "-k" and span.start.line == 3


def test_exec_form_and_heredoc() -> None:
    text = 'FROM x\nRUN ["sh", "-c", "curl -k y"]\nRUN <<EOF\nset -e\ncurl -k z\nEOF\n'
    dockerfile = _parse(text)
    exec_form, heredoc = dockerfile.instructions[1:]
    [sh, curl] = run_commands(exec_form, "\\")
    assert (sh.command.name, curl.command.name) == ("sh", "curl")
    found = [c for c in run_commands(heredoc, "\\") if c.command.name == "curl"]
    span = found[0].span(found[0].command.words[1])
    assert text[span.start.offset : span.end.offset] == "-k"


def test_settings_of_arg_and_env() -> None:
    text = 'FROM x\nARG A B=2\nENV C="x y" D=$E\nENV F legacy value\n'
    dockerfile = _parse(text)
    found = [s for i in dockerfile.instructions for s in settings(i, "\\")]
    assert [(s.keyword, s.name) for s in found] == [
        ("ARG", "A"),
        ("ARG", "B"),
        ("ENV", "C"),
        ("ENV", "D"),
        ("ENV", "F"),
    ]
    assert found[0].value is None
    assert [s.value.text for s in found[1:] if s.value] == ["2", "x y", "$E", "legacy value"]
    assert [s.value.dynamic for s in found[1:] if s.value] == [False, False, True, False]


def test_image_stages_follow_from_not_copy() -> None:
    text = "FROM a AS tools\nFROM b AS base\nFROM base\nCOPY --from=tools /x /x\n"
    assert [s.index for s in image_stages(_parse(text))] == [1, 2]
