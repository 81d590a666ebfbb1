"""The Python editor's rows: what rewriting the libcst tree costs, per file and in the
language server.

Run with the Python of a venv where composelint is installed (it imports composelint
and libcst): ``python bench/python_libcst.py [--out DIR] [--runs N]``.  Prints one JSON
object and writes it to ``DIR/python-libcst.json``:

- ``per_file``: for each corpus Python file (``../shared/corpus/beyond``) that a check
  gives a Python fix, timed in this process (median of N runs, the first call of all
  untimed so imports are not counted): a bare ``libcst.parse_module`` of its text, the
  Python editor's share of a check (every ``python_edits`` call of the file, on a fresh
  tree: parse, locate, rewrite, diff, ``compile()``), a whole check, and a fix run;
- ``lsp``: ``composelint lsp``'s didChange -> publishDiagnostics latency (median of N
  changes, each a real edit) on a 2,000-line file of real corpus Python that starts
  containers and has fixes (whole files, cycled), next to a bare ``libcst.parse_module``
  of the same text (median of N); in this process, each lint of that file (what a
  didChange runs, ``lsp.linting.lint_document``) next to a bare parse of the same text,
  the median of the per-pair ratios (the machine's speed drifts); and the lint of the
  same text with every runtime word neutralised (``docker`` -> ``toolctl``), which the
  screen turns away (the server publishes nothing for such a file, so it is timed in
  this process).
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from beyond import without_python_runtime
from common import CORPUS, REPO
from installs import lsp_available
from lsp_latency import lsp_session

BEYOND = CORPUS / "beyond"
LSP_LINES = 2_000
# Real files for the language server's file, in this order, whole (none has a
# ``from __future__`` import, which must come first): the first has fixes.
LSP_PARTS = (
    "aio-libs__aiokafka__tests__conftest.py",
    "docker__docker-py__tests__integration__api_container_test.py",
    "jupyter__docker-stacks__tests__utils__tracked_container.py",
)


def median_time(call: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def per_file(runs: int, work: Path) -> list[dict[str, object]]:
    import libcst

    import composelint.fix.python_edits as editor
    from composelint.fix.python_cst import forget
    from composelint.run.engine import run
    from composelint.run.fixing import fix_run

    spent = [0.0]
    real = editor.python_edits

    def timed(intent: object) -> object:
        start = time.perf_counter()
        try:
            return real(intent)  # type: ignore[arg-type]
        finally:
            spent[0] += time.perf_counter() - start

    editor.python_edits = timed  # type: ignore[assignment]
    work.mkdir(parents=True, exist_ok=True)
    out = []
    first = True
    for path in sorted(BEYOND.glob("*.py")):
        copy = work / path.name
        shutil.copyfile(path, copy)
        text = copy.read_text(encoding="utf-8")
        if first:  # imports and first calls
            libcst.parse_module(text)
            fix_run([str(copy)], unsafe=True, environ={})
            first = False
        fixes = [
            d
            for f in run([str(copy)], environ={}).files
            for d in f.diagnostics
            if d.fix is not None and d.fix.edits
        ]
        if not fixes:
            continue
        parse = median_time(lambda text=text: libcst.parse_module(text), runs)
        editing = []
        checks = []
        for _ in range(runs):
            forget()
            spent[0] = 0.0
            start = time.perf_counter()
            run([str(copy)], environ={})
            checks.append(time.perf_counter() - start)
            editing.append(spent[0])
        forget()
        fixing = median_time(lambda c=copy: fix_run([str(c)], unsafe=True, environ={}), runs)
        out.append(
            {
                "file": path.name,
                "lines": text.count("\n"),
                "fixes": len(fixes),
                "libcst_parse_s": parse,
                "editor_s": statistics.median(editing),
                "check_s": statistics.median(checks),
                "fix_run_s": fixing,
            }
        )
    editor.python_edits = real
    return out


def lsp_file_text() -> str:
    texts = [(BEYOND / name).read_text(encoding="utf-8") for name in LSP_PARTS]
    out: list[str] = []
    lines = 0
    i = 0
    while lines < LSP_LINES:
        part = texts[i % len(texts)]
        out.append(part if part.endswith("\n") else part + "\n")
        lines += part.count("\n")
        i += 1
    return "".join(out)


def _lint(path: Path, text: str) -> object:
    from composelint.config import Config
    from composelint.lsp.documents import OpenDocument
    from composelint.lsp.linting import lint_document
    from composelint.lsp.settings import Effective
    from composelint.rules.selection import Selection

    document = OpenDocument(path.as_uri(), str(path), text, 1, "python")
    return lint_document(document, {str(path): text}, Effective(Config(), Selection()))


def lsp_rows(composelint: str, runs: int, work: Path) -> dict[str, object]:
    import libcst

    ok, help_text = lsp_available(composelint)
    if not ok:
        return {"error": help_text}
    text = lsp_file_text()
    compile(text, "lsp.py", "exec")
    libcst.parse_module(text)
    parse = median_time(lambda: libcst.parse_module(text), runs)
    rows: dict[str, object] = {"lines": text.count("\n"), "libcst_parse_s": parse}
    quiet = without_python_runtime(text)
    rows["quiet_lint_s"] = median_time(lambda: _lint(work / "quiet.py", quiet), runs)
    # The machine's speed drifts: each lint next to a bare parse, the ratio per pair.
    ratios, lints = [], []
    for i in range(runs):
        edited = text + f"\n# edit {i}\n"
        parse_time = median_time(lambda edited=edited: libcst.parse_module(edited), 1)
        lint_time = median_time(lambda edited=edited: _lint(work / "docker.py", edited), 1)
        ratios.append(lint_time / parse_time)
        lints.append(lint_time)
    rows["docker_lint_s"] = statistics.median(lints)
    rows["docker_lint_ratio_to_parse"] = statistics.median(ratios)
    for kind, body in (("docker", text),):
        source = work / f"lsp-{kind}.py"
        source.parent.mkdir(parents=True, exist_ok=True)
        source.write_text(body, encoding="utf-8")
        latencies, peak, error = lsp_session(
            composelint, help_text, source, work / f"lsp-{kind}", runs, "conftest.py", "python"
        )
        median = statistics.median(latencies) if latencies else None
        rows[kind] = {
            "median_s": median,
            "min_s": min(latencies) if latencies else None,
            "max_s": max(latencies) if latencies else None,
            "ratio_to_parse": (median / parse) if median is not None else None,
            "peak_rss": peak,
            "error": error,
        }
    return rows


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "out")
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args(argv)
    out: Path = args.out.resolve()
    composelint = str(Path(sys.executable).with_name("composelint"))
    result = {
        "per_file": per_file(max(1, args.runs // 4), out / "python-libcst-files"),
        "lsp": lsp_rows(composelint, args.runs, out / "python-libcst-lsp"),
    }
    text = json.dumps(result, indent=2)
    (out / "python-libcst.json").write_text(text + "\n", encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
