"""The results table, its notes and the machine facts."""

from __future__ import annotations

import datetime as dt
import os
import platform
import re
import statistics
import sys
from dataclasses import dataclass, field
from pathlib import Path

from common import MB
from measure import Run, tail


@dataclass
class Row:
    key: str
    label: str
    tool: str
    runs: list[Run] = field(default_factory=list)
    note: str = ""
    unavailable: str = ""  # the row is printed with this text instead of numbers
    # Latency samples (seconds) for rows that are not whole-process runs (LSP).
    samples: list[float] = field(default_factory=list)

    @property
    def good(self) -> list[Run]:
        return [r for r in self.runs if r.ok]

    @property
    def failed(self) -> list[Run]:
        return [r for r in self.runs if not r.ok]

    def times(self) -> list[float]:
        return self.samples or [r.wall for r in self.good]

    def median(self) -> float | None:
        t = self.times()
        return statistics.median(t) if t else None

    def peak_mb(self) -> float | None:
        peaks = [r.peak_rss for r in self.runs if r.peak_rss]
        return max(peaks) / MB if peaks else None


def fmt_s(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:.3f}" if value < 10 else f"{value:.1f}"


def ratio(a: float | None, b: float | None) -> float | None:
    if a is None or b is None or b <= 0:
        return None
    return a / b


def fmt_ratio(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}x"


def verdict(ok: bool | None) -> str:
    return "" if ok is None else (" — **met**" if ok else " — **missed**")


def table(rows: dict[str, Row]) -> str:
    lines = [
        "| row | tool | median wall (s) | min–max (s) | peak RSS (MB) | runs "
        "| ratio composelint/peer | target |",
        "|---|---|---:|---|---:|---:|---|---|",
    ]
    own_1k = rows["1k-own"].median()
    peer_1k = rows["1k-peer"].median()
    own_10k = rows["10k-own"].median()
    peer_10k = rows["10k-peer"].median()
    one_own = rows["one-own"].median()
    one_peer = rows["one-peer"].median()
    own_10k_mb = rows["10k-own"].peak_mb()
    r_fix = ratio(rows["fix-own"].median(), own_1k)
    fix_mb = rows["fix-own"].peak_mb()
    r_fix_10k = ratio(rows["fix-10k"].median(), own_10k) if "fix-10k" in rows else None
    fix_10k_mb = rows["fix-10k"].peak_mb() if "fix-10k" in rows else None
    r_quiet = ratio(rows["sh-quiet"].median(), own_1k) if "sh-quiet" in rows else None
    r_mentions = ratio(rows["sh-mentions"].median(), own_1k) if "sh-mentions" in rows else None
    r_py_quiet = ratio(rows["py-quiet"].median(), own_1k) if "py-quiet" in rows else None
    r_md_mk = ratio(rows["md-mk"].median(), own_1k) if "md-mk" in rows else None
    parse = rows["py-file-parse"].median() if "py-file-parse" in rows else None
    r_py_check = ratio(rows["py-file-check"].median(), parse) if "py-file-check" in rows else None
    r_py_fix = ratio(rows["py-file-fix"].median(), parse) if "py-file-fix" in rows else None

    r_map = (
        ratio(rows["corpus-map"].median(), rows["corpus-check"].median())
        if "corpus-map" in rows and "corpus-check" in rows
        else None
    )
    r1 = ratio(own_1k, peer_1k)
    r1_compose = ratio(rows["1k-compose"].median(), peer_1k) if "1k-compose" in rows else None
    r10_self = ratio(own_10k, own_1k)
    r10_peer = ratio(own_10k, peer_10k)
    r_one = ratio(one_own, one_peer)
    cells: dict[str, tuple[str, str]] = {
        "1k-own": (fmt_ratio(r1), "every kind of file checked: see 1k compose row"),
        "1k-compose": (
            fmt_ratio(r1_compose),
            "≤ 0.2x" + verdict(None if r1_compose is None else r1_compose <= 0.2),
        ),
        "1k-peer": ("", ""),
        "10k-own": (
            f"{fmt_ratio(r10_self)} of own 1k"
            + ("" if r10_peer is None else f"; {fmt_ratio(r10_peer)} of compose-lint"),
            "≤ 11x own 1k"
            + verdict(None if r10_self is None else r10_self <= 11)
            + "; < 150 MB"
            + verdict(None if own_10k_mb is None else own_10k_mb < 150),
        ),
        "10k-peer": ("", ""),
        "one-own": (fmt_ratio(r_one), "≤ 1.0x" + verdict(None if r_one is None else r_one <= 1.0)),
        "one-peer": ("", ""),
        "fix-own": (
            f"{fmt_ratio(r_fix)} of own check",
            "≤ 1.5x"
            + verdict(None if r_fix is None else r_fix <= 1.5)
            + "; < 150 MB"
            + verdict(None if fix_mb is None else fix_mb < 150),
        ),
        "fix-10k": (
            f"{fmt_ratio(r_fix_10k)} of own 10k check",
            "< 150 MB" + verdict(None if fix_10k_mb is None else fix_10k_mb < 150),
        ),
        "sh-quiet": (
            f"{fmt_ratio(r_quiet)} of own 1k",
            "≤ 1.1x" + verdict(None if r_quiet is None else r_quiet <= 1.1),
        ),
        "sh-mentions": (
            f"{fmt_ratio(r_mentions)} of own 1k",
            "≤ 1.3x" + verdict(None if r_mentions is None else r_mentions <= 1.3),
        ),
        "py-quiet": (
            f"{fmt_ratio(r_py_quiet)} of own 1k",
            "≤ 1.1x" + verdict(None if r_py_quiet is None else r_py_quiet <= 1.1),
        ),
        "md-mk": (
            f"{fmt_ratio(r_md_mk)} of own 1k",
            "≤ 1.2x" + verdict(None if r_md_mk is None else r_md_mk <= 1.2),
        ),
        "py-launch": ("", "— (reported)"),
        "py-file-parse": ("", "— (reference)"),
        "py-file-check": (f"{fmt_ratio(r_py_check)} of ast.parse", "— (median reported)"),
        "py-file-fix": (f"{fmt_ratio(r_py_fix)} of ast.parse", "— (median reported)"),
        "hadolint": ("", ""),
        "lsp": ("", ""),
        "corpus-check": ("", ""),
        "corpus-map": (
            f"{fmt_ratio(r_map)} of own check",
            "≤ 1.5x" + verdict(None if r_map is None else r_map <= 1.5),
        ),
    }
    for key, row in rows.items():
        ratio_cell, target_cell = cells.get(key, ("", ""))
        if row.unavailable:
            lines.append(f"| {row.label} | {row.tool} | {row.unavailable} | | | | | |")
            continue
        t = row.times()
        span = f"{fmt_s(min(t))}–{fmt_s(max(t))}" if t else "—"
        peak = row.peak_mb()
        runs = f"{len(t)}" + (f" (+{len(row.failed)} failed)" if row.failed else "")
        median = fmt_s(row.median())
        if row.failed:
            first = row.failed[0]
            why = (
                "timed out"
                if first.timed_out
                else ("error" if first.returncode == -1 else f"exit {first.returncode}")
            )
            median = f"FAILED ({why})" + ("" if not t else f"; ok runs: {median}")
        tool = row.tool + (f" ({row.note})" if row.note else "")
        lines.append(
            f"| {row.label} | {tool} | {median} | {span} | "
            f"{'—' if peak is None else f'{peak:.1f}'} | {runs} | {ratio_cell} | {target_cell} |"
        )
    return "\n".join(lines)


def summary_files(stdout_path: Path) -> int | None:
    """The ``summary.files`` count at the end of a composelint JSON report, if any."""
    found = re.search(r'"summary":\s*\{\s*"files":\s*(\d+)', tail(stdout_path, 400))
    return int(found.group(1)) if found else None


def run_notes(rows: dict[str, Row], logs: Path, compose_1k: int, batched: bool) -> list[str]:
    notes = [
        "- Every run is a fresh process; wall time covers process start to exit (all batches "
        "of a batched command together); stdout/stderr go to files under `logs/`.",
        "- composelint gets the tree directory; compose-lint gets the tree's compose files by "
        "name (it refuses directories), both with JSON output.",
    ]
    examined = summary_files(logs / "1k-own" / "stdout")
    if examined is not None:
        notes.append(
            f"- On the 1k tree composelint examined {examined} files (compose files, "
            "Dockerfiles and YAML files that look like compose); compose-lint only the "
            f"{compose_1k} compose files."
        )
    if any("exit 2" in r.note for r in rows.values()):
        notes.append(
            "- compose-lint exits 2 when some inputs cannot be linted (here: Compose v1 files, "
            "`include:` targets missing from the corpus). It still lints the rest and prints "
            "its whole report, so exit 2 counts as a completed run when the JSON report on "
            "stdout is complete."
        )
    paired = [
        f"{fix.wall / check.wall:.2f}x"
        for fix, check in zip(rows["fix-own"].runs, rows["1k-own"].runs, strict=False)
        if fix.ok and check.ok and check.wall > 0
    ]
    if paired:
        notes.append(
            "- `fix 1k` runs right after the `1k tree` check of its round; the fix over the "
            f"check, round by round: {', '.join(paired)}."
        )
    if batched:
        notes.append(
            "- compose-lint's file list exceeded the argument-length limit and was split into "
            "batches; the batches run one after another and are timed as one run."
        )
    return notes


def machine_facts() -> list[str]:
    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return [
        f"- date: {dt.datetime.now().astimezone().isoformat(timespec='seconds')}",
        f"- nproc: {os.cpu_count()} (usable: {len(os.sched_getaffinity(0))})",
        f"- CPU: {model}",
        f"- Python: {platform.python_version()} ({sys.executable})",
        f"- kernel: {platform.release()}",
    ]
