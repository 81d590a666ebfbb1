"""The precision evaluation in bench/precision: its sampler, and the lists and verdicts
committed beside it."""

from __future__ import annotations

import csv
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

HERE = Path(__file__).resolve().parent.parent / "bench" / "precision"


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_precision", HERE / "precision.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_precision"] = module
    spec.loader.exec_module(module)
    return module


precision = _load()


def _rows(name: str) -> list[dict[str, str]]:
    with (HERE / name).open(newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def _findings() -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    for code, n, repos in (("CL102", 40, 4), ("CL301", 9, 3), ("CL203", 2, 1)):
        for i in range(n):
            out.append(
                {
                    "code": code,
                    "repo": f"o/r{i % repos}",
                    "path": f"p{i}.yml",
                    "line": i + 1,
                    "message": "m",
                }
            )
    return out


def test_sample_keeps_every_code_and_caps_each() -> None:
    picked = precision.stratified(_findings(), seed=7, cap=6, target=10)
    counts = {c: sum(1 for p in picked if p["code"] == c) for c in ("CL102", "CL301", "CL203")}
    assert counts == {"CL102": 6, "CL301": 6, "CL203": 2}


def test_sample_raises_the_cap_to_reach_the_target() -> None:
    picked = precision.stratified(_findings(), seed=7, cap=6, target=30)
    counts = {c: sum(1 for p in picked if p["code"] == c) for c in ("CL102", "CL301", "CL203")}
    assert counts == {"CL102": 19, "CL301": 9, "CL203": 2}


def test_sample_spreads_a_code_over_repositories() -> None:
    picked = precision.stratified(_findings(), seed=3, cap=4, target=4)
    assert {p["repo"] for p in picked if p["code"] == "CL102"} == {"o/r0", "o/r1", "o/r2", "o/r3"}


def test_same_seed_same_sample_other_seed_other_sample() -> None:
    first = precision.stratified(_findings(), seed=1, cap=6, target=10)
    again = precision.stratified(list(reversed(_findings())), seed=1, cap=6, target=10)
    other = precision.stratified(_findings(), seed=2, cap=6, target=10)
    assert first == again
    assert first != other


def test_files_list_has_300_files_and_holds_out_a_share_of_repositories() -> None:
    rows = _rows("files.tsv")
    assert len(rows) >= 300
    assert all(len(r["commit"]) == 40 for r in rows)
    repos = {r["repo"]: r["set"] for r in rows}
    held = sum(1 for s in repos.values() if s == "held-out")
    assert 0.25 <= held / len(repos) <= 0.4
    assert len({(r["repo"], r["path"]) for r in rows}) == len(rows)


@pytest.mark.parametrize(
    "seed", sorted(int(p.stem.split("-")[1]) for p in HERE.glob("verdicts-*.tsv"))
)
def test_every_sampled_finding_has_one_verdict_with_a_reason(seed: int) -> None:
    sample = _rows(f"sample-{seed}.tsv")
    verdicts = _rows(f"verdicts-{seed}.tsv")
    keys = [precision.key_of(r) for r in sample]
    assert [precision.key_of(v) for v in verdicts] == keys
    assert all(v["verdict"] in precision.VERDICTS and v["reason"].strip() for v in verdicts)


def test_score_prints_precision_and_the_debatable_share(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sample = tmp_path / "sample-5.tsv"
    sample.write_text(
        "repo\tcommit\tpath\tline\tcode\tseverity\tmessage\n"
        "o/r\tc\ta.yml\t1\tCL102\twarning\tm\n"
        "o/r\tc\ta.yml\t2\tCL102\twarning\tm\n"
        "o/r\tc\ta.yml\t3\tCL301\twarning\tm\n"
        "o/r\tc\ta.yml\t4\tCL107\tinformation\tm\n"
    )
    (tmp_path / "verdicts-5.tsv").write_text(
        "repo\tcommit\tpath\tline\tcode\tverdict\treason\n"
        "o/r\tc\ta.yml\t1\tCL102\tright\tr\n"
        "o/r\tc\ta.yml\t2\tCL102\twrong\tw\n"
        "o/r\tc\ta.yml\t3\tCL301\tdebatable\td\n"
        "o/r\tc\ta.yml\t4\tCL107\tright\tr\n"
    )
    precision.main(
        ["--work", str(tmp_path / "work"), "--out-dir", str(tmp_path), "score", "--seed", "5"]
    )
    out = capsys.readouterr().out
    assert "warning+error          precision  50.0% = 1/(1+1)   debatable 1/3 ( 33%)" in out
    assert "information            precision 100.0% = 1/(1+0)   debatable 0/1 (  0%)" in out
    assert "CL102 a.yml" not in out
    assert "  CL102 o/r:a.yml:2  w" in out


def test_sample_can_leave_out_findings_judged_in_earlier_verdicts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    work = tmp_path / "work"
    work.mkdir()
    lines = []
    for line in (1, 2, 3):
        for code in ("CL102", "CL301"):
            lines.append(
                f'{{"repo": "o/r", "commit": "c", "path": "a.yml", "line": {line}, '
                f'"code": "{code}", "severity": "warning", "message": "m"}}'
            )
    (work / "findings-all.jsonl").write_text("\n".join(lines) + "\n")
    header = "repo\tcommit\tpath\tline\tcode\tverdict\treason\n"
    # judged before (another commit of the same file still counts as judged) ...
    (tmp_path / "verdicts-1.tsv").write_text(
        header + "o/r\tc\ta.yml\t1\tCL102\tright\tr\no/r\told\ta.yml\t2\tCL301\twrong\tw\n"
    )
    # ... while the verdicts of the seed being drawn do not exclude anything
    (tmp_path / "verdicts-5.tsv").write_text(header + "o/r\tc\ta.yml\t3\tCL102\tright\tr\n")
    base = ["--work", str(work), "--out-dir", str(tmp_path), "--set", "all"]

    def sampled(*extra: str) -> set[tuple[str, str]]:
        precision.main([*base, "sample", "--seed", "5", "--target", "10", *extra])
        return {
            (r["line"], r["code"])
            for r in csv.DictReader((tmp_path / "sample-5.tsv").open(newline=""), delimiter="\t")
        }

    everything = {(str(n), c) for n in (1, 2, 3) for c in ("CL102", "CL301")}
    assert sampled() == everything
    assert sampled("--exclude-judged") == everything - {("1", "CL102"), ("2", "CL301")}
    assert "2 findings already judged in verdicts-*.tsv left out" in capsys.readouterr().out
