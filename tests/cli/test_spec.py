"""The table of the command line: consistent in itself, and what the README documents."""

from __future__ import annotations

import re
from pathlib import Path

from composelint.cli.check_command import CheckArgs
from composelint.cli.spec import BY_NAME, COMMANDS, VERSION_FLAG, values_type

README = Path(__file__).resolve().parents[2] / "README.md"


def test_names_are_unique_and_choices_hold_their_default() -> None:
    assert len(BY_NAME) == len(COMMANDS)
    for command in COMMANDS:
        entries = (*command.arguments, *command.options)
        assert len({entry.dest for entry in entries}) == len(entries), command.name
        assert len({option.flag for option in command.options}) == len(command.options)
        for option in command.options:
            assert option.flag.startswith("--"), option.flag
            if option.choices:
                assert option.default in (None, *option.choices), option.flag


def test_values_left_out_are_the_defaults() -> None:
    check = values_type(BY_NAME["check"])()
    assert (check.paths, check.fix, check.output_format, check.select, check.jobs) == (
        [],
        False,
        "text",
        [],
        None,
    )
    assert check.select is not values_type(BY_NAME["check"])().select  # a fresh list each


def test_the_typed_check_values_name_every_entry_of_the_table() -> None:
    assert set(CheckArgs.__annotations__) == {e.dest for e in BY_NAME["check"].parameters}


def test_the_readme_documents_every_command_and_option() -> None:
    text = README.read_text(encoding="utf-8")
    usage = text[text.index("## Usage") : text.index("## Rules")]
    for command in COMMANDS:
        assert re.search(rf"^composelint {command.name}\b", usage, re.MULTILINE), command.name
        for option in command.options:
            assert f"`{option.flag}" in usage, option.flag
    assert VERSION_FLAG in usage
