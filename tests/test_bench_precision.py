"""The precision evaluation in bench/precision: its sampler, and the lists and verdicts
committed beside it."""

from __future__ import annotations

import collections
import csv
import importlib.util
import subprocess
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
    assert all(len(r["commit"]) == 40 and r["set"] in precision.SETS for r in rows)
    assert len({(r["repo"], r["path"]) for r in rows}) == len(rows)
    rows = [r for r in rows if r["set"] in ("dev", "held-out")]
    assert len(rows) >= 300
    repos = {r["repo"]: r["set"] for r in rows}
    held = sum(1 for s in repos.values() if s == "held-out")
    assert 0.25 <= held / len(repos) <= 0.4


def test_fresh_set_is_new_repositories_spread_over_at_least_eight() -> None:
    rows = _rows("files.tsv")
    fresh = [r for r in rows if r["set"] == "fresh"]
    per_repo = collections.Counter(r["repo"] for r in fresh)
    assert 250 <= len(fresh) <= 350
    assert len(per_repo) >= 8 and max(per_repo.values()) <= 70
    assert not set(per_repo) & {r["repo"] for r in rows if r["set"] != "fresh"}
    corpus = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
    manifests = sorted(corpus.glob("*/MANIFEST.tsv"))
    assert manifests
    for manifest in manifests:
        with manifest.open(newline="") as f:
            assert not set(per_repo) & {r["repo"] for r in csv.DictReader(f, delimiter="\t")}


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


def _mirror(tmp_path: Path) -> Path:
    """A mirror folder holding one bare repository, ``o/app``, with compose files, a
    Dockerfile and a test folder the list leaves out."""
    src = tmp_path / "src"
    for rel, text in (
        ("a/compose.yaml", "services: {a: {image: x}}\n"),
        ("b/docker-compose.yml", "services: {b: {build: .}}\n"),
        ("b/Dockerfile", "FROM scratch\n"),
        ("c/docker-compose.prod.yml", "services: {c: {image: y}}\n"),
        ("tests/compose.yaml", "services: {t: {image: z}}\n"),
    ):
        (src / rel).parent.mkdir(parents=True, exist_ok=True)
        (src / rel).write_text(text)
    env = {
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
        "HOME": str(tmp_path),
        "PATH": "/usr/bin:/bin",
    }
    for cmd in (["init", "-q"], ["add", "."], ["commit", "-q", "-m", "x"]):
        subprocess.run(["git", *cmd], cwd=src, check=True, env=env)
    mirror = tmp_path / "mirror"
    subprocess.run(
        ["git", "clone", "-q", "--bare", str(src), str(mirror / "o+app" / "repo")],
        check=True,
        env=env,
    )
    return mirror


def test_list_appends_a_set_and_leaves_the_rows_before_it_as_they_are(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mirror = _mirror(tmp_path)
    files = tmp_path / "files.tsv"
    before = (
        "repo\tcommit\tpath\tset\n"
        f"o/old\t{'1' * 40}\tx/compose.yaml\tdev\n"
        f"o/kept\t{'2' * 40}\ty/compose.yaml\theld-out\n"
    )
    files.write_text(before)
    base = ["--mirror", str(mirror), "--work", str(tmp_path / "work")]
    precision.main(
        [
            *base,
            "list",
            "o/app",
            "--as-set",
            "fresh",
            "--append",
            "--per-repo",
            "2",
            "--out",
            str(files),
        ]
    )
    text = files.read_text()
    assert text.startswith(before)
    added = list(csv.DictReader(text.splitlines(), delimiter="\t"))[2:]
    assert len(added) == 2 and {r["set"] for r in added} == {"fresh"}
    assert all(r["repo"] == "o/app" and len(r["commit"]) == 40 for r in added)
    assert not any(r["path"].startswith("tests/") for r in added)
    assert "2 files from 1 repositories (1 named): {'fresh': 2}, appended after 2 rows" in (
        capsys.readouterr().out
    )
    with pytest.raises(SystemExit, match="already in"):
        precision.main(
            [*base, "list", "o/app", "--as-set", "fresh", "--append", "--out", str(files)]
        )
    assert files.read_text() == text


def test_check_dry_run_writes_a_set_out_without_running_composelint(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    mirror = _mirror(tmp_path)
    files = tmp_path / "files.tsv"
    work = tmp_path / "work"
    base = ["--mirror", str(mirror), "--work", str(work), "--files", str(files)]
    precision.main([*base, "list", "o/app", "--as-set", "fresh", "--out", str(files)])
    monkeypatch.setattr(precision, "composelint_cmd", lambda: ["false"])
    with pytest.raises(SystemExit, match="no row in set 'dev'"):
        precision.main([*base, "check", "--dry-run"])
    precision.main([*base, "--set", "fresh", "check", "--dry-run"])
    out = capsys.readouterr().out
    assert "wrote 3 compose files and 1 Dockerfiles from 1 repositories" in out
    assert "composelint not run" in out
    tree = next((work / "tree").iterdir())
    assert (tree / "b" / "Dockerfile").read_text() == "FROM scratch\n"
    assert not (tree / "tests").exists()
    assert not list(work.glob("findings-*.jsonl"))
