"""Trees for the shell-script rows: the 1k compose tree plus 1,000 real scripts.

The filler scripts are the corpus's real shell scripts of its median size or larger,
cycled, ten to a directory.  For the row "scripts that never mention a container
runtime" every runtime word is replaced by a neutral one (``toolctl``), so the cheap
screen turns them away;
for the row "scripts that mention docker without starting a container" every launch
(``docker run``, ``docker container create``, ``docker service create``, ...) becomes a
command that starts nothing (``docker logs``), so each script is parsed and read, and
none has a container to judge.
"""

from __future__ import annotations

import os
import re
import shutil
import statistics
from collections.abc import Callable
from pathlib import Path

from common import CORPUS

SCRIPT_SUFFIXES = (".sh", ".bash", ".zsh")
PER_DIRECTORY = 10
RUNTIME = re.compile(r"\b(?:docker|podman|nerdctl)\b", re.IGNORECASE)
# A launch: the runtime, an optional object word, then run or create.
LAUNCH = re.compile(
    r"\b(docker|podman|nerdctl)(\s+(?:container\s+|service\s+|compose\s+)?)(run|create)\b"
)


def median_or_larger(accept: Callable[[str], bool], what: str) -> list[Path]:
    """The corpus files whose name ``accept`` takes, of their median size or larger,
    smallest first (the filler of a benchmark tree)."""
    beyond = CORPUS / "beyond"
    found = sorted(p for p in beyond.iterdir() if accept(p.name))
    if not found:
        raise SystemExit(f"no {what} under {beyond}")
    median = statistics.median(p.stat().st_size for p in found)
    return sorted((p for p in found if p.stat().st_size >= median), key=lambda p: p.stat().st_size)


def corpus_scripts() -> list[Path]:
    """The corpus's shell scripts of its median size or larger, smallest first."""
    return median_or_larger(lambda name: name.endswith(SCRIPT_SUFFIXES), "shell scripts")


def without_runtime(text: str) -> str:
    return RUNTIME.sub("toolctl", text)


def without_launches(text: str) -> str:
    return LAUNCH.sub(lambda m: f"{m.group(1)}{m.group(2)}logs", text)


def build_script_tree(dest: Path, compose_tree: Path, count: int, mode: str) -> int:
    """``compose_tree`` (hard-linked) plus ``count`` filler scripts under ``scripts/``;
    ``mode`` is "quiet" (no runtime named) or "mentions" (docker named, nothing started).
    Returns the number of scripts written."""
    if dest.exists():
        return count
    transform = without_runtime if mode == "quiet" else without_launches
    scripts = corpus_scripts()
    texts = [transform(p.read_text(encoding="utf-8", errors="replace")) for p in scripts]
    shutil.copytree(compose_tree, dest, symlinks=True, copy_function=os.link)
    for n in range(count):  # ten to a directory, as scripts sit in a repository's folders
        folder = dest / "scripts" / f"d{n // PER_DIRECTORY:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"s{n:04d}.sh").write_text(texts[n % len(texts)], encoding="utf-8")
    return count
