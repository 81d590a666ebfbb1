"""Hostile input for the Python editor: a file it will not rewrite gets no fix and one
note saying why, never a crash (libcst's native parser recurses without a limit) nor a
RecursionError."""

from __future__ import annotations

import ast
from pathlib import Path

from composelint.fix.python_edits import python_edits
from composelint.model.intents import BindLoopback
from composelint.python import NOTE_CODE, PythonFile
from composelint.python.limits import MAX_EDIT_CHARS, MAX_NESTING, nesting
from composelint.run.engine import run
from tests.python.support import read

HEAD = 'import docker\nclient = docker.from_env()\nclient.containers.run("a:1", ports={80: 8080})\n'


def _loopback(found: PythonFile) -> object:
    (service,) = found.containers
    return python_edits(BindLoopback(service.ports[0], "127.0.0.1", "::1"))


def test_nesting_counts_what_libcst_nests() -> None:
    assert nesting(ast.parse("x = 1\n")) < 5
    flat = nesting(ast.parse("x = [1, 2, 3, 4, 5, 6, 7, 8]\n"))
    assert flat == nesting(ast.parse("x = [1]\n"))  # items side by side are not deeper
    # ast keeps an and-chain and a dotted name flat; libcst nests one level per operand.
    assert nesting(ast.parse("x = " + " and ".join(["a"] * 500) + "\n")) > MAX_NESTING
    assert nesting(ast.parse("import " + ".".join(["a"] * 500) + "\n")) > MAX_NESTING
    assert nesting(ast.parse("x = " + "f(" * 150 + ")" * 150 + "\n")) > MAX_NESTING


def test_a_deep_file_gets_its_findings_and_a_note_but_no_fix() -> None:
    # 10,000 operands: enough to crash libcst's parser if it were ever given the file.
    found = read(HEAD + "ok = " + " and ".join(["a"] * 10_000) + "\n")
    assert found.note is None  # read, judged
    assert found.refused is not None and f"{MAX_NESTING} levels" in found.refused
    assert _loopback(found) is None


def test_a_huge_file_gets_a_note_and_no_fix() -> None:
    filler = "# a comment line that only takes room in the file\n"
    found = read(HEAD + filler * (MAX_EDIT_CHARS // len(filler) + 1))
    assert found.refused is not None and "character limit" in found.refused
    assert _loopback(found) is None


def test_an_ordinary_file_is_rewritten_and_has_no_note() -> None:
    found = read(HEAD)
    assert found.refused is None
    assert _loopback(found) is not None


def test_a_statement_libcst_cannot_write_back_gets_no_fix_and_no_error() -> None:
    # 600 strings side by side: flat for ast, 600 levels deep for libcst.
    strings = " ".join(['"a"'] * 600)
    text = (
        "import docker\nclient = docker.from_env()\n"
        f'client.containers.run("a:1", ports={{80: 8080}}, command={strings})\n'
    )
    assert _loopback(read(text)) is None


def test_the_note_comes_with_the_findings_of_a_check(tmp_path: Path) -> None:
    deep = tmp_path / "deep.py"
    deep.write_text(HEAD + "ok = " + " and ".join(["a"] * 10_000) + "\n", encoding="utf-8")
    quiet = tmp_path / "quiet.py"  # deep too, but starts nothing: nothing to say
    quiet.write_text("import docker\nok = " + " and ".join(["a"] * 500) + "\n", encoding="utf-8")
    result = run([str(tmp_path)])
    found = {f.path: f.diagnostics for f in result.files}
    codes = sorted(d.code for d in found[str(deep)])
    assert codes == ["CL007", "CL102"]
    (note,) = [d for d in found[str(deep)] if d.code == NOTE_CODE]
    assert "get no fix" in note.message and note.severity.name == "INFORMATION"
    (port,) = [d for d in found[str(deep)] if d.code == "CL102"]
    assert port.fix is None
    assert [d.code for d in found.get(str(quiet), [])] == []
