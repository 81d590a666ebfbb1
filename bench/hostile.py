"""Hostile input, measured: each case through the CLI in a fresh process.

Run ``python bench/hostile.py`` from anywhere (see bench/README.md). It writes each
case's files under ``<out>/<case>/`` (default ``bench/out/hostile``), runs
``composelint check --output-format json`` on it with a good insecure compose file
beside it, and prints a Markdown table: exit code, wall time, peak RSS and what
composelint said about the hostile file. The files are made by the generators the
hostile-input tests use (``tests/hostile_support.py``).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path[:0] = [str(HERE), str(REPO)]

from installs import composelint_venv  # noqa: E402  (bench/installs.py)
from measure import measure  # noqa: E402  (bench/measure.py)

from tests import hostile_support as make  # noqa: E402

RUN_TIMEOUT = 1800.0


def _many_files(root: Path, count: int = 5_000) -> None:
    for index in range(count):
        make.write(
            root / f"d{index // 100:03d}" / f"app{index}.compose.yml",
            f"services:\n  app{index}:\n    image: redis:7\n    ports: ['{20000 + index}:6379']\n",
        )


def _big_dotenv(root: Path, lines: int = 1_000_000) -> None:
    make.write(root / "compose.yml", "services:\n  app:\n    image: redis:7\n    user: '1'\n")
    body = "".join(
        f"BAD KEY {i}=1\n" if i % 100_000 == 0 else f"SETTING_{i}=value-{i}\n" for i in range(lines)
    )
    make.write(root / ".env", body)


def _long_values(root: Path, length: int = 1_000_000) -> None:
    word = "x" * length
    make.write(
        root / "compose.yml",
        "services:\n  app:\n    image: redis:7\n    ports: ['6379:6379']\n"
        f"    environment:\n      NOTE: '{word}'\n      URL: 'postgres://{word}'\n"
        f"    mem_limit: '{'1' * length}'\n    healthcheck:\n      test: [CMD, 'true']\n"
        f"      interval: '{'1s' * (length // 2)}'\n",
    )


CASES: dict[str, tuple[str, Callable[[Path], None]]] = {
    "50 MB, one service with 740,000 environment entries": (
        "compose.yml",
        make.big_environment,
    ),
    "50 MB, 400,000 small services": ("compose.yml", make.many_services),
    "50 MB, one block scalar": ("compose.yml", make.long_block_scalar),
    "50 MB, one line": ("compose.yml", make.one_long_line),
    "50 MB Dockerfile, 1.6 million instructions": ("Dockerfile", make.big_dockerfile),
    "alias bomb (10^9 nodes expanded)": ("compose.yml", make.alias_bomb),
    "10,000-deep nesting": ("compose.yml", make.deep_nesting),
    "binary (ELF header, 1 MB)": ("compose.yml", make.binary),
    "10,000 services": ("compose.yml", make.services_count),
    "1 MB values (URL, digits, durations)": ("", _long_values),
    ".env of 1,000,000 lines": ("", _big_dotenv),
    "5,000 compose files": ("", _many_files),
    "one flow list of 300,000 ports": ("compose.yml", make.flow_ports),
    "2 GB sparse compose.yml": ("compose.yml", make.sparse_compose),
    ".env is a FIFO no one writes": ("", make.fifo_dotenv),
    ".env links to /dev/zero": ("", make.endless_dotenv),
}


def _said(stdout: Path) -> str:
    """What the run said about the hostile files (not about the good one)."""
    try:
        document = json.loads(stdout.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return f"no JSON report ({type(exc).__name__})"
    found: dict[str, int] = {}
    first = ""
    for file in document["files"]:
        if file["path"].startswith("good/"):
            continue
        for diagnostic in file["diagnostics"]:
            found[diagnostic["code"]] = found.get(diagnostic["code"], 0) + 1
            first = first or diagnostic["message"][:70]
    counts = ", ".join(f"{n} {code}" for code, n in sorted(found.items())) or "nothing"
    good = next((f for f in document["files"] if f["path"].startswith("good/")), None)
    checked = "good file checked" if good and good["diagnostics"] else "GOOD FILE MISSING"
    return f"{counts}; {checked}" + (f"; first: {first}" if first else "")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE / "out" / "hostile")
    parser.add_argument("--only", help="run the cases whose name contains this text")
    args = parser.parse_args(argv)
    composelint = composelint_venv(HERE / "out")
    rows = ["| case | exit | wall (s) | peak RSS (MB) | said |", "|---|---:|---:|---:|---|"]
    slowest: tuple[float, str] = (0.0, "")
    biggest: tuple[float, str] = (0.0, "")
    for name, (file_name, generate) in CASES.items():
        if args.only and args.only not in name:
            continue
        case_dir = args.out / f"case{list(CASES).index(name):02d}"
        shutil.rmtree(case_dir, ignore_errors=True)
        case_dir.mkdir(parents=True)
        generate(case_dir / "bad" / file_name if file_name else case_dir / "bad")
        make.write_good(case_dir)
        print(f"running: {name}", file=sys.stderr, flush=True)
        run = measure(
            [[composelint, "check", "--output-format", "json", "."]],
            case_dir,
            case_dir / "logs",
            timeout=RUN_TIMEOUT,
            accept=lambda code, _stdout: f"exit {code}",
        )
        said = "timed out" if run.timed_out else _said(case_dir / "logs" / "stdout")
        stderr = (case_dir / "logs" / "stderr").read_text(encoding="utf-8", errors="replace")
        if "Traceback" in stderr:
            said += "; TRACEBACK on stderr"
        peak = run.peak_rss / 1024**2
        rows.append(f"| {name} | {run.returncode} | {run.wall:.2f} | {peak:.0f} | {said} |")
        slowest = max(slowest, (run.wall, name))
        biggest = max(biggest, (peak, name))
        shutil.rmtree(case_dir / "bad", ignore_errors=True)  # the big files, not the logs
    print("\n".join(rows))
    print(f"\nSlowest: {slowest[1]} ({slowest[0]:.1f} s).")
    print(f"Largest peak RSS: {biggest[1]} ({biggest[0]:.0f} MB).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
