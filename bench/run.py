"""Benchmark composelint against compose-lint (and hadolint for Dockerfiles).

Run ``python bench/run.py`` from anywhere; see bench/README.md for what each row means.
Standard library only (Python 3.11+); the peers are installed into their own venv.
"""

from __future__ import annotations

import argparse
import math
import shutil
import statistics
import sys
from pathlib import Path

from beyond import build_beyond_tree
from common import (
    CORPUS,
    CORPUS_TREE,
    LSP_CHANGES_PER_ROUND,
    LSP_FILE,
    MAKEFILE_FILLERS,
    MARKDOWN_FILLERS,
    MB,
    ONE_FILE,
    ONE_FILE_MIN_RUNS,
    PEER_10K_LIMIT,
    PYTHON_FILLERS,
    PYTHON_LAUNCHING,
    REPO,
    RUN_TIMEOUT,
    SCRIPT_FILLERS,
    TREE_SIZES,
    log,
)
from installs import composelint_venv, lsp_available, peers_venv, source_fingerprint, tool_version
from lsp_latency import lsp_session
from measure import Run, arg_batches, clear_cache, compose_lint_accept, measure
from python_cost import per_file_costs
from report import Row, fmt_s, machine_facts, run_notes, table
from scripts import build_script_tree
from trees import build_tree, corpus_repos, is_compose_name, is_dockerfile_name, tree_files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="timed runs per row (default 5)")
    parser.add_argument(
        "--quick", action="store_true", help="2 rounds, 1,000-file tree only (for debugging)"
    )
    parser.add_argument(
        "--out", type=Path, default=REPO / "bench" / "out", help="work and result directory"
    )
    args = parser.parse_args(argv)
    rounds = max(1, min(args.rounds, 2) if args.quick else args.rounds)
    out: Path = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    logs = out / "logs"

    fingerprint = source_fingerprint()
    composelint = composelint_venv(out)
    venv = peers_venv(out)
    compose_lint = str(venv / "bin" / "compose-lint")
    hadolint = str(venv / "bin" / "hadolint")

    repos = corpus_repos()
    sizes = {"1k": TREE_SIZES["1k"]} if args.quick else dict(TREE_SIZES)
    trees = {name: out / f"tree-{name}" for name in sizes}
    counts = {name: build_tree(trees[name], repos, n) for name, n in sizes.items()}
    compose_1k = tree_files(trees["1k"], is_compose_name)
    docker_1k = tree_files(trees["1k"], is_dockerfile_name)
    compose_10k = tree_files(trees["10k"], is_compose_name) if "10k" in trees else []
    # The 1k tree plus 1,000 real scripts: naming no runtime, or naming docker but
    # starting nothing (see bench/scripts.py).
    script_trees = {mode: out / f"tree-1k-scripts-{mode}" for mode in ("quiet", "mentions")}
    for mode, path in script_trees.items():
        build_script_tree(path, trees["1k"], SCRIPT_FILLERS, mode)
    # The work compose-lint does too: compose files (and Dockerfiles, which it skips).
    compose_only = out / "compose-only.yaml"
    compose_only.write_text(
        "kinds:\n"
        + "".join(
            f"  {kind}:\n    enabled: false\n"
            for kind in ("shell", "python", "makefile", "markdown", "workflow", "gitlab", "daemon")
        ),
        encoding="utf-8",
    )
    # The 1k tree plus real files of other kinds that start nothing, and a tree of real
    # Python files that start containers (see bench/beyond.py).
    beyond_trees = {
        "py-quiet": build_beyond_tree(
            out / "tree-1k-python-quiet", trees["1k"], {"python": PYTHON_FILLERS}, "quiet"
        ),
        "md-mk": build_beyond_tree(
            out / "tree-1k-markdown-makefiles",
            trees["1k"],
            {"markdown": MARKDOWN_FILLERS, "makefile": MAKEFILE_FILLERS},
            "no-launch",
        ),
        "py-launch": build_beyond_tree(
            out / "tree-python-launching", None, {"python": PYTHON_LAUNCHING}, "as-is"
        ),
    }

    one_file = ONE_FILE
    if not one_file.is_file():
        real = CORPUS / "real"
        candidates = [real / p for p in tree_files(real, is_compose_name)] if real.is_dir() else []
        candidates += [CORPUS_TREE / p for p in tree_files(CORPUS_TREE, is_compose_name)]
        one_file = candidates[0]

    peer_1k_cmd = arg_batches([compose_lint, "check", "--format", "json"], compose_1k)
    peer_10k_cmd = (
        arg_batches([compose_lint, "check", "--format", "json"], compose_10k) if compose_10k else []
    )
    hadolint_cmd = arg_batches([hadolint, "--format", "json"], docker_1k)

    def batch_note(batches: list[list[str]]) -> str:
        return "" if len(batches) <= 1 else f"{len(batches)} batches timed as one run"

    label_10k = f"10k tree ({counts['10k']} compose)" if "10k" in counts else "10k tree"
    rows: dict[str, Row] = {
        "1k-own": Row("1k-own", f"1k tree ({counts['1k']} compose)", "composelint"),
        "1k-compose": Row(
            "1k-compose",
            f"1k tree ({counts['1k']} compose), compose files and Dockerfiles only",
            "composelint (kinds: the others off)",
        ),
        "1k-peer": Row(
            "1k-peer",
            f"1k tree ({counts['1k']} compose)",
            "compose-lint",
            note=batch_note(peer_1k_cmd),
        ),
        "10k-own": Row("10k-own", label_10k, "composelint"),
        "10k-peer": Row(
            "10k-peer",
            label_10k,
            "compose-lint",
            note=batch_note(peer_10k_cmd),
        ),
        "one-own": Row("one-own", "one file, cold", "composelint"),
        "one-peer": Row("one-peer", "one file, cold", "compose-lint"),
        "fix-own": Row("fix-own", "fix 1k", "composelint --fix --unsafe-fixes"),
        "fix-10k": Row("fix-10k", "fix 10k", "composelint --fix --unsafe-fixes"),
        "sh-quiet": Row(
            "sh-quiet", f"1k tree + {SCRIPT_FILLERS} scripts naming no runtime", "composelint"
        ),
        "sh-mentions": Row(
            "sh-mentions",
            f"1k tree + {SCRIPT_FILLERS} scripts naming docker, starting nothing",
            "composelint",
        ),
        "py-quiet": Row(
            "py-quiet",
            f"1k tree + {PYTHON_FILLERS} Python files naming no runtime",
            "composelint",
        ),
        "md-mk": Row(
            "md-mk",
            f"1k tree + {MARKDOWN_FILLERS} Markdown files + {MAKEFILE_FILLERS} Makefiles "
            "starting no container",
            "composelint",
        ),
        "py-launch": Row(
            "py-launch", f"{PYTHON_LAUNCHING} Python files starting containers", "composelint"
        ),
        "py-file-parse": Row(
            "py-file-parse", "one Python file starting containers, per file", "ast.parse"
        ),
        "py-file-check": Row(
            "py-file-check", "one Python file starting containers, per file", "check (in process)"
        ),
        "py-file-fix": Row(
            "py-file-fix",
            "one Python file starting containers, per file",
            "fix --unsafe-fixes (in process)",
        ),
        "hadolint": Row(
            "hadolint",
            f"hadolint 1k Dockerfiles ({len(docker_1k)} files)",
            "hadolint",
            note=batch_note(hadolint_cmd),
        ),
        "lsp": Row("lsp", "lsp didChange→publishDiagnostics", "composelint lsp"),
        "corpus-check": Row("corpus-check", "../shared/corpus/tree", "composelint check"),
        "corpus-map": Row("corpus-map", "../shared/corpus/tree", "composelint map"),
    }
    if args.quick:
        for key in ("10k-own", "10k-peer", "fix-10k"):
            rows[key].unavailable = "skipped (--quick)"

    lsp_ok, lsp_help = lsp_available(composelint)
    if not lsp_ok:
        rows["lsp"].unavailable = "not available (no language server yet)"
        log(f"lsp: {lsp_help}")

    one_runs = ONE_FILE_MIN_RUNS if not args.quick else 4
    one_per_round = math.ceil(one_runs / rounds)
    fix_work = out / "fix-work"
    one_cwd = one_file.parent
    peer_10k_allowed = True

    def prepare_own(*dirs: Path) -> None:
        """Before a composelint run: drop its cache."""
        clear_cache(*dirs)

    def record(key: str, run: Run) -> None:
        row = rows[key]
        row.runs.append(run)
        if run.note and run.note not in row.note:
            row.note = f"{row.note}; {run.note}" if row.note else run.note
        state = (
            "ok" if run.ok else ("TIMEOUT" if run.timed_out else f"FAILED exit {run.returncode}")
        )
        log(f"  {key:9s} {run.wall:9.3f} s  {run.peak_rss / MB:7.1f} MB  {state}")
        if not run.ok and run.stderr_tail:
            log("    stderr tail:\n    " + run.stderr_tail.strip().replace("\n", "\n    "))

    def record_fix(key: str, tree: Path) -> None:
        """A fix of a fresh copy of ``tree`` (the copying is not timed)."""
        if fix_work.exists():
            shutil.rmtree(fix_work)
        shutil.copytree(tree, fix_work, symlinks=True)
        prepare_own(fix_work)
        command = [composelint, "check", "--fix", "--unsafe-fixes", "--output-format", "json", "."]
        record(key, measure([command], fix_work, logs / key))

    for rnd in range(1, rounds + 1):
        log(f"round {rnd}/{rounds}")
        tree = trees["1k"]
        prepare_own(tree)
        record(
            "1k-own",
            measure(
                [[composelint, "check", "--output-format", "json", "."]], tree, logs / "1k-own"
            ),
        )
        # The fix of the same tree right after its check: the ratio between them is a
        # target, and the machine's speed drifts over the minutes a round takes.
        record_fix("fix-own", tree)

        record(
            "1k-compose",
            measure(
                [
                    [composelint, "check", "--config", str(compose_only)]
                    + ["--output-format", "json", "."]
                ],
                tree,
                logs / "1k-compose",
            ),
        )
        record("1k-peer", measure(peer_1k_cmd, tree, logs / "1k-peer", accept=compose_lint_accept))
        corpus_tree = CORPUS_TREE
        for key, command in (("corpus-check", "check"), ("corpus-map", "map")):
            record(
                key,
                measure(
                    [[composelint, command, "--output-format", "json", "."]],
                    corpus_tree,
                    logs / key,
                ),
            )
        for mode, script_tree in script_trees.items():
            prepare_own(script_tree)
            record(
                f"sh-{mode}",
                measure(
                    [[composelint, "check", "--output-format", "json", "."]],
                    script_tree,
                    logs / f"sh-{mode}",
                ),
            )
        for key, beyond_tree in beyond_trees.items():
            prepare_own(beyond_tree)
            record(
                key,
                measure(
                    [[composelint, "check", "--output-format", "json", "."]],
                    beyond_tree,
                    logs / key,
                ),
            )
        if rnd == 1:  # 200 samples each: one session is enough
            costs = per_file_costs(composelint, beyond_trees["py-launch"])
            for kind in ("parse", "check", "fix"):
                row = rows[f"py-file-{kind}"]
                if costs.error:
                    row.unavailable = f"failed: {costs.error}"
                    continue
                row.samples.extend(getattr(costs, kind))
                row.note = (
                    f"{len(row.samples)} files, median {1000 * (row.median() or 0):.1f} ms"
                    + (f"; {costs.changed} changed by the fix" if kind == "fix" else "")
                )
                log(f"  py-file-{kind} median {fmt_s(row.median())} s")
        record("hadolint", measure(hadolint_cmd, tree, logs / "hadolint"))

        if "10k" in trees:
            tree = trees["10k"]
            prepare_own(tree)
            record(
                "10k-own",
                measure(
                    [[composelint, "check", "--output-format", "json", "."]], tree, logs / "10k-own"
                ),
            )
            # The memory target holds on the 10k tree too: a fix run there.
            record_fix("fix-10k", tree)
            shutil.rmtree(fix_work)
            if peer_10k_allowed:
                run = measure(peer_10k_cmd, tree, logs / "10k-peer", accept=compose_lint_accept)
                record("10k-peer", run)
                if run.timed_out:
                    peer_10k_allowed = False
                    rows["10k-peer"].unavailable = f"> {RUN_TIMEOUT:.0f} s: killed, not repeated"
                elif run.wall > PEER_10K_LIMIT:
                    peer_10k_allowed = False
                    note = f"one run only: it took > {PEER_10K_LIMIT / 60:.0f} min"
                    row = rows["10k-peer"]
                    row.note = f"{row.note}; {note}" if row.note else note

        for _ in range(one_per_round):
            prepare_own(one_cwd)
            record(
                "one-own",
                measure(
                    [[composelint, "check", "--output-format", "json", one_file.name]],
                    one_cwd,
                    logs / "one-own",
                ),
            )
            record(
                "one-peer",
                measure(
                    [[compose_lint, "check", "--format", "json", one_file.name]],
                    one_cwd,
                    logs / "one-peer",
                    accept=compose_lint_accept,
                ),
            )

        if lsp_ok:
            lsp_file = LSP_FILE if LSP_FILE.is_file() else one_file
            latencies, peak, error = lsp_session(
                composelint, lsp_help, lsp_file, out / "lsp-work", LSP_CHANGES_PER_ROUND
            )
            row = rows["lsp"]
            row.samples.extend(latencies)
            row.runs.append(Run(sum(latencies), peak, -1 if error else 0, False, error, not error))
            log(
                f"  lsp       {len(latencies)} changes, median "
                f"{fmt_s(statistics.median(latencies) if latencies else None)} s"
                + (f"  FAILED: {error}" if error else "")
            )
    if fix_work.exists():
        shutil.rmtree(fix_work)

    facts = machine_facts()
    versions = [
        f"- composelint: {tool_version([composelint, 'version'])} (source {fingerprint}, "
        "installed with `pip install .` into its own venv)",
        f"- compose-lint: {tool_version([compose_lint, '--version'])}",
        f"- hadolint: {tool_version([hadolint, '--version'])}",
    ]
    body = table(rows)
    notes = run_notes(rows, logs, len(compose_1k), len(peer_1k_cmd) > 1 or len(peer_10k_cmd) > 1)
    failures = [
        f"### {row.label} / {row.tool}: "
        f"{'timed out' if r.timed_out else f'exit {r.returncode}'}\n\n"
        f"```\n{r.stderr_tail.strip()}\n```"
        for row in rows.values()
        for r in row.failed[:1]
        if r.stderr_tail
    ]
    doc = "\n".join(
        [
            "# composelint benchmark",
            "",
            *facts,
            *versions,
            f"- rounds: {rounds}{' (--quick)' if args.quick else ''}; one-file runs per tool: "
            f"{one_per_round * rounds}; wall = median over runs; peak RSS = largest over runs, "
            "summed over the process tree (polled every 10 ms)",
            f"- one file: {one_file}",
            f"- lsp: {LSP_CHANGES_PER_ROUND} full-text didChange per round on "
            f"{LSP_FILE if LSP_FILE.is_file() else one_file} (debounceMs 0)",
            "",
            body,
            "",
            "Notes:",
            "",
            *notes,
            "",
            *failures,
        ]
    )
    print(doc)
    (out / "results.md").write_text(doc + "\n", encoding="utf-8")
    log(f"wrote {out / 'results.md'}")
    return 1 if any(row.failed for row in rows.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
