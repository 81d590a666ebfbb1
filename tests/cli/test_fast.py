"""The fast parser and the typer application read the same table: whatever the fast
parser accepts, typer reads to the same values; what it leaves alone, typer answers."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from msgspec.structs import replace

from composelint.cli.app import build, run_app
from composelint.cli.fast import parse
from composelint.cli.spec import COMMANDS, Command, Option

SEEN: list[Any] = []


def _seeing(command: Command) -> Command:
    """``command`` with a run that records its values instead of running."""

    def run(values: Any) -> int:
        SEEN.append(values)
        return 0

    return replace(command, run=run)


SEEING = tuple(_seeing(command) for command in COMMANDS)
APP = build(SEEING)


def _typer_values(command: Command, argv: list[str]) -> tuple[int, Any]:
    SEEN.clear()
    code = run_app([command.name, *argv], APP)
    return code, (SEEN[0] if SEEN else None)


def _sample(option: Option) -> str:
    if option.choices:
        return option.choices[-1]
    if option.kind is int:
        return str((option.minimum or 0) + 3)
    return "some,value"


def _every_option(command: Command) -> list[str]:
    argv: list[str] = []
    for option in command.options:
        argv.append(option.flag)
        if option.kind is not bool:
            argv.append(_sample(option))
    return argv + [argument.metavar.lower() for argument in command.arguments]


@pytest.mark.parametrize("command", SEEING, ids=lambda c: c.name)
def test_every_option_of_the_table_is_read_alike_by_both(command: Command) -> None:
    argv = _every_option(command)
    fast = parse(command, argv)
    assert fast is not None, argv
    assert _typer_values(command, argv) == (0, fast)
    for option in command.options:
        assert getattr(fast, option.dest) not in (None, False, [])


@pytest.mark.parametrize("command", SEEING, ids=lambda c: c.name)
def test_the_defaults_are_alike(command: Command) -> None:
    argv = [a.metavar.lower() for a in command.arguments if not a.many]
    fast = parse(command, argv)
    assert fast is not None
    assert _typer_values(command, argv) == (0, fast)


def test_repeated_options_and_the_equals_form() -> None:
    check = next(c for c in SEEING if c.name == "check")
    argv = ["--select=CL1", "a.yml", "--select", "CL2", "--jobs=2", "--jobs", "4", "--", "-x"]
    fast = parse(check, argv)
    assert fast is not None
    assert (fast.select, fast.jobs, fast.paths) == (["CL1", "CL2"], 4, ["a.yml", "-x"])
    assert _typer_values(check, argv) == (0, fast)


def _tokens(command: Command) -> st.SearchStrategy[str]:
    words = ["-", "--", "-h", "--help", "-x", "--nope", "a.yml", "CL102", "", "+3", "0", "-1"]
    for option in command.options:
        values = [*option.choices, "xml", "12", "10001", " 3", "3_0", "x"]
        words.append(option.flag)
        if option.short:
            words.extend([option.short, f"{option.short}=x", f"{option.short}x"])
        words.extend(f"{option.flag}={value}" for value in values[:4])
        words.extend(values)
    return st.sampled_from(words)


@pytest.mark.parametrize("command", SEEING, ids=lambda c: c.name)
def test_whatever_the_fast_parser_accepts_typer_reads_the_same(
    command: Command, capsys: pytest.CaptureFixture[str]
) -> None:
    @given(st.lists(_tokens(command), max_size=6))
    def agree(argv: list[str]) -> None:
        fast = parse(command, argv)
        code, values = _typer_values(command, argv)
        if fast is not None:  # else typer answers: a usage error, help, or values it reads
            assert (code, values) == (0, fast), argv

    agree()
    capsys.readouterr()  # typer's help and error lines
