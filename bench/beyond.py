"""Trees for the Python, Markdown and Makefile rows: the 1k compose tree plus real files.

The filler files are the corpus's real files of each kind (``../shared/corpus/beyond``,
the same files as in ``../shared/corpus/tree``) of that kind's median size or larger,
cycled, ten to a directory.  Every one of them starts containers as written, so:

- for the row "Python that never mentions containers" every runtime word the Python
  screen looks for (``docker``, ``testcontainers``, ``podman``, ``nerdctl``, in any case
  and inside other words: ``DockerContainer``) is replaced by a neutral one
  (``toolctl``), so the screen turns each file away unparsed;
- for the row "Markdown and Makefiles that start no container" every launch (``docker
  run``, ``docker container create``, ``$(CONTAINER_CLI) run``, ...) becomes a command
  that starts nothing (``docker logs``) and the runtime stays named, so each file passes
  the screen, is parsed and read, and has no container to judge;
- the row "Python that starts containers" takes the files as they are.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path

from scripts import PER_DIRECTORY, median_or_larger, without_launches

PYTHON_RUNTIME = re.compile(r"docker|testcontainers|podman|nerdctl", re.IGNORECASE)
# A Makefile's launch through a variable naming the runtime: ``$(CONTAINER_CLI) run``.
VARIABLE_LAUNCH = re.compile(r"(\$[({]\w+[)}]\s+(?:container\s+)?)(run|create)\b")
MAKEFILE_NAMES = ("Makefile", "makefile", "GNUmakefile")
MAKEFILE_SUFFIXES = (".mk", ".makefile")


def _is_python(name: str) -> bool:
    return name.endswith(".py")


def _is_markdown(name: str) -> bool:
    return name.endswith(".md")


def _is_makefile(name: str) -> bool:
    return name.endswith(MAKEFILE_NAMES) or name.endswith(MAKEFILE_SUFFIXES)


KINDS: dict[str, tuple[Callable[[str], bool], str]] = {
    # kind -> (which corpus files, the name a filler file gets: {n} is its number)
    "python": (_is_python, "m{n:04d}.py"),
    "markdown": (_is_markdown, "doc{n:04d}.md"),
    "makefile": (_is_makefile, "Makefile"),
}


def corpus_files(kind: str) -> list[Path]:
    """The corpus's files of ``kind`` of the kind's median size or larger, smallest first."""
    return median_or_larger(KINDS[kind][0], f"{kind} files")


def without_python_runtime(text: str) -> str:
    return PYTHON_RUNTIME.sub("toolctl", text)


def without_any_launch(text: str) -> str:
    """Every launch made one that starts nothing (``docker logs``), written with the
    runtime's name or through a make variable."""
    return VARIABLE_LAUNCH.sub(lambda m: f"{m.group(1)}logs", without_launches(text))


def write_fillers(root: Path, kind: str, count: int, transform: Callable[[str], str]) -> None:
    """``count`` filler files of ``kind`` under ``root/<kind>/dNNN/``, ten to a directory
    (a Makefile alone in its own directory, as in a repository)."""
    texts = [transform(p.read_text(encoding="utf-8", errors="replace")) for p in corpus_files(kind)]
    name = KINDS[kind][1]
    per_directory = 1 if kind == "makefile" else PER_DIRECTORY
    for n in range(count):
        folder = root / kind / f"d{n // per_directory:04d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / name.format(n=n)).write_text(texts[n % len(texts)], encoding="utf-8")


def _unchanged(text: str) -> str:
    return text


def build_beyond_tree(
    dest: Path, compose_tree: Path | None, fillers: dict[str, int], mode: str
) -> Path:
    """``compose_tree`` (hard-linked; None: no compose files) plus the ``fillers`` (kind ->
    count).  ``mode``: "quiet" (no runtime named), "no-launch" (named, nothing started)
    or "as-is".  An existing tree is reused."""
    if dest.exists():
        return dest
    transform = {
        "quiet": without_python_runtime,
        "no-launch": without_any_launch,
        "as-is": _unchanged,
    }[mode]
    work = dest.with_name(dest.name + ".partial")
    if work.exists():
        shutil.rmtree(work)
    if compose_tree is not None:
        shutil.copytree(compose_tree, work, symlinks=True, copy_function=os.link)
    else:
        work.mkdir(parents=True)
    for kind, count in fillers.items():
        write_fillers(work, kind, count, transform)
    work.rename(dest)
    return dest
