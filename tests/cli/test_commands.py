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


def test_rule_knows_every_code_the_tool_prints(capsys: pytest.CaptureFixture[str]) -> None:
    for code in ("CL000", "CL003", "CL004", "CL007"):
        status, out, _err = _run(capsys, "rule", code)
        assert status == 0 and out.startswith(f"{code} "), code


def test_rule_accepts_a_name_and_several_codes(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _err = _run(capsys, "rule", "unused-suppression", "CL203")
    assert status == 0
    assert out.startswith("CL003 unused-suppression\n") and "\nCL203 privileged" in out


def test_rule_all_describes_every_rule_listed(capsys: pytest.CaptureFixture[str]) -> None:
    import json

    status, listed, _err = _run(capsys, "rules", "--output-format", "json")
    assert status == 0
    entries = json.loads(listed)
    status, out, _err = _run(capsys, "rule", "--all")
    assert status == 0
    headings = [
        line.split()[0]
        for line in out.splitlines()
        if line.startswith("CL") and line.split()[0][2:].isdigit()
    ]
    assert [e["code"] for e in entries] == sorted(set(headings))
    cl102 = next(e for e in entries if e["code"] == "CL102")
    assert (cl102["name"], cl102["severity"], cl102["group"]) == (
        "port-published-on-all-interfaces",
        "warning",
        None,
    )
    assert [f["applicability"] for f in cl102["fixes"]] == ["safe", "unsafe", "display-only"]
    cl003 = next(e for e in entries if e["code"] == "CL003")
    assert [f["applicability"] for f in cl003["fixes"]] == ["safe"]


def test_rule_without_a_code_or_all_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = _run(capsys, "rule")
    assert (status, out) == (2, "")
    assert err.startswith("composelint: error: missing CODE")
