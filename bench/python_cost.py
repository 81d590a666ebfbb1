"""Per-file cost of Python that starts containers, timed inside one process.

Run with the Python of the composelint venv the benchmark installed (it imports
composelint): ``python python_cost.py DIR``.  For every ``*.py`` file under DIR (sorted)
it times, in this order: a bare ``ast.parse`` of the text (the reference: the Python
reader parses with the standard library's ``ast``), a check of the file alone
(``composelint.run.engine.run``: read, screen, parse, judge) and a fix run of the file
alone (``composelint.run.fixing.fix_run`` with unsafe fixes: check, fix, check again;
nothing is written).  The first file is done once untimed, so imports are not counted.
Prints one JSON object: the three lists of seconds, in file order, and the number of
files a fix changed.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Costs:
    """Seconds per file, in file order (empty and ``error`` set when the session failed)."""

    parse: list[float] = field(default_factory=list)
    check: list[float] = field(default_factory=list)
    fix: list[float] = field(default_factory=list)
    changed: int = 0
    error: str = ""


def per_file_costs(composelint: str, tree: Path) -> Costs:
    """Run this script with the Python beside ``composelint`` on ``tree``'s files."""
    python = str(Path(composelint).with_name("python"))
    done = subprocess.run(
        [python, str(Path(__file__).resolve()), str(tree)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        tail = (done.stderr.strip().splitlines() or [f"exit {done.returncode}"])[-1]
        return Costs(error=tail)
    return Costs(**json.loads(done.stdout))


def main(argv: list[str]) -> int:
    import ast

    from composelint.run.engine import run
    from composelint.run.fixing import fix_run

    files = sorted(Path(argv[0]).rglob("*.py"))
    if not files:
        print(f"no Python files under {argv[0]}", file=sys.stderr)
        return 2
    texts = [p.read_text(encoding="utf-8") for p in files]
    ast.parse(texts[0])  # warm-up: imports and first-call costs
    fix_run([str(files[0])], unsafe=True, environ={})
    parse: list[float] = []
    check: list[float] = []
    fix: list[float] = []
    changed = 0
    for path, text in zip(files, texts, strict=True):
        start = time.perf_counter()
        ast.parse(text)
        parse.append(time.perf_counter() - start)
        start = time.perf_counter()
        run([str(path)], environ={})
        check.append(time.perf_counter() - start)
        start = time.perf_counter()
        outcome = fix_run([str(path)], unsafe=True, environ={})
        fix.append(time.perf_counter() - start)
        changed += bool(outcome.changed)
    print(json.dumps({"parse": parse, "check": check, "fix": fix, "changed": changed}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
