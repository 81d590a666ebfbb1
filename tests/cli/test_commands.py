"""What the commands other than ``check`` print, run as a user runs them."""

from __future__ import annotations

import pytest

from composelint import __version__
from composelint.cli.main import main


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exited:
        main(list(argv))
    out, err = capsys.readouterr()
    return exited.value.code, out, err  # type: ignore[return-value]


def test_rule_prints_the_spec_of_a_code_in_any_case(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, "rule", "cl102")
    assert (code, err) == (0, "")
    assert out.startswith("CL102 port-published-on-all-interfaces\n")


def test_rule_of_an_unknown_code_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(capsys, "rule", "CL999") == (
        2,
        "",
        "composelint: error: no rule 'CL999' (see 'composelint rules')\n",
    )


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(capsys, "version") == (0, f"composelint {__version__}\n", "")
