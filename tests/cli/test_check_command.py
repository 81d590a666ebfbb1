"""``check --fix`` and ``check --diff`` as a user sees them: what is printed, what is
written, the exit code."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from composelint.cli.check_command import parse_plain, run_check
from composelint.diagnostics import Applicability, Edit, Fix, FixLevel, make
from composelint.rules import registry
from composelint.rules.base import Rule

# A fix that rewrites a service's image "x": to "[unclosed" (breaks the file) for a
# service named "broken", to "y" for any other.
COMPOSE = "services:\n  {name}:\n    image: x\n    user: app\n"


def _rewrite_image(ctx):  # noqa: ANN001, ANN202
    for service in ctx.services.values():
        image = service.image
        if image is not None and image.origin is not None and image.value == "x":
            node = image.origin.node
            new_text = "[unclosed" if service.name == "broken" else "y"
            edit = Edit(image.origin.path, node.start, node.end, new_text)
            fix = Fix("Rewrite the image", "safe", (edit,), (("services", service.name, "image"),))
            yield make("TST001", "image x", image.origin.span, fix=fix)


@pytest.fixture(autouse=True)
def test_rule(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    rule = Rule(
        "TST001",
        "test-rule",
        "test",
        fixes=(FixLevel(Applicability.SAFE, "always"),),
        check_project=_rewrite_image,
    )
    monkeypatch.setattr(registry, "all_rules", lambda: {"TST001": rule})
    monkeypatch.chdir(tmp_path)  # no configuration file of the repository


def _project(root: Path, name: str) -> Path:
    path = root / name / "compose.yml"
    path.parent.mkdir(parents=True)
    path.write_text(COMPOSE.format(name=name))
    return path


def _check(*argv: str) -> int:
    args = parse_plain(["--select", "TST001", *argv])
    assert args is not None
    return run_check(args)


def test_diff_exits_2_and_names_the_file_whose_fix_was_rolled_back(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = _project(tmp_path, "broken")
    fine = _project(tmp_path, "fine")
    assert _check("--diff", str(tmp_path)) == 2
    out, err = capsys.readouterr()
    # The fix that works is shown; the one that would break its file is not.
    assert f"+++ b/{fine}" in out and "+    image: y" in out
    assert str(broken) not in out and "[unclosed" not in out
    [line] = err.splitlines()
    assert line.startswith(
        f"{broken}: error: rolled back: fixes (Rewrite the image) would have broken the file "
        "(CL001 "
    )
    assert line.endswith("; they were not applied, please report this")
    assert broken.read_text() == COMPOSE.format(name="broken")  # --diff writes nothing
    assert fine.read_text() == COMPOSE.format(name="fine")


def test_diff_with_only_a_rolled_back_fix_prints_no_diff_and_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = _project(tmp_path, "broken")
    assert _check("--diff", str(tmp_path)) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith(f"{broken}: error: rolled back: fixes (Rewrite the image) ")


def test_fix_and_diff_agree_on_a_rolled_back_fix(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = _project(tmp_path, "broken")
    assert _check("--fix", str(tmp_path)) == 2
    out, _err = capsys.readouterr()
    assert (
        f"{broken}:1:1: CL000 [error] fixes (Rewrite the image) would have broken the file" in out
    )
    assert broken.read_text() == COMPOSE.format(name="broken")


def test_diff_without_problems_exits_1_when_there_is_something_to_fix(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _project(tmp_path, "fine")
    assert _check("--diff", str(tmp_path)) == 1
    assert capsys.readouterr().err == ""
    assert _check("--fix", str(tmp_path)) == 0
    capsys.readouterr()
    assert _check("--diff", str(tmp_path)) == 0  # nothing left to fix
    assert capsys.readouterr() == ("", "")


def test_diff_of_a_path_that_does_not_exist_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _project(tmp_path, "fine")
    missing = tmp_path / "nope"
    assert _check("--diff", str(missing), str(tmp_path)) == 2
    out, err = capsys.readouterr()
    assert "+    image: y" in out  # the other files are still diffed
    assert err == f"{missing}: error: No such file or directory\n"


def _after_fixing(monkeypatch: pytest.MonkeyPatch, meanwhile) -> None:  # noqa: ANN001
    """Run ``meanwhile`` once the fixes are made, before the files are written."""
    from composelint.run import fixing

    write_fixed = fixing.write_fixed
    pending = [meanwhile]
    first = threading.Lock()  # files are written by several threads

    def then_write(source, text):  # noqa: ANN001, ANN202
        with first:
            while pending:
                pending.pop()()
        write_fixed(source, text)

    monkeypatch.setattr(fixing, "write_fixed", then_write)


def test_fix_counts_and_lists_only_the_files_it_wrote(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    written = _project(tmp_path, "a")
    raced = _project(tmp_path, "b")
    edited = "services:\n  b:\n    image: x\n    user: app\n    # edited meanwhile\n"
    # Another program saves b while the fixes are made.
    _after_fixing(monkeypatch, lambda: raced.write_text(edited))
    assert _check("--fix", "--show-fixes", str(tmp_path)) == 2
    _out, err = capsys.readouterr()
    assert err.splitlines() == [
        f"{raced}: error: changed on disk since it was read; not overwritten",
        f"{written}: fixed: Rewrite the image",
        "Fixed 1 problem in 1 file.",
    ]
    assert written.read_text() == COMPOSE.format(name="a").replace("image: x", "image: y")
    assert raced.read_text() == edited


def test_fix_that_wrote_nothing_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    raced = _project(tmp_path, "b")
    _after_fixing(monkeypatch, raced.unlink)
    assert _check("--fix", "--show-fixes", str(tmp_path)) == 2
    _out, err = capsys.readouterr()
    assert err.splitlines() == [
        f"{raced}: error: deleted since it was read; not recreated",
        "Fixed 0 problems in 0 files.",
    ]
    assert not raced.exists()


def test_stderr_lines_show_control_characters_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "x\x1b[2J"
    root.mkdir()
    _project(root, "broken")
    fine = _project(root, "fine")
    assert _check("--diff", str(root)) == 2
    err = capsys.readouterr().err
    assert "\x1b" not in err
    assert err.startswith(f"{tmp_path}/x\\x1b[2J/broken/compose.yml: error: rolled back: ")
    assert _check("--fix", "--show-fixes", str(root)) == 2
    err = capsys.readouterr().err
    assert "\x1b" not in err
    assert f"{tmp_path}/x\\x1b[2J/fine/compose.yml: fixed: Rewrite the image\n" in err
    assert "image: y" in fine.read_text()


def test_standard_input_is_read_with_a_file_s_limit(tmp_path: Path) -> None:
    import subprocess
    import sys

    from tests.hostile_support import limit_address_space

    with open("/dev/zero", "rb") as endless:
        proc = subprocess.run(
            [sys.executable, "-m", "composelint", "check", "--stdin-filename", "compose.yml"],
            stdin=endless,
            capture_output=True,
            text=True,
            cwd=tmp_path,
            timeout=60,
            preexec_fn=limit_address_space(1024**3),
        )
    assert proc.returncode == 2
    assert proc.stderr == (
        "composelint: error: standard input is over the 67108864 byte limit of a file\n"
    )
