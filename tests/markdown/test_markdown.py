"""Markdown files: shell fences read as scripts, reported as examples, fixed in place."""

from __future__ import annotations

import gc
import time
from pathlib import Path

from markdown_it import MarkdownIt

from composelint.config import Config, KindSettings
from composelint.diagnostics import Applicability, Severity
from composelint.markdown import fences, read_markdown
from composelint.run.engine import run
from composelint.run.fixing import fix_run, write_changes
from composelint.source import Source
from tests.conftest import copy_beyond

README = """\
# Shop

Run the database and the app (`docker run -p 1:1 inline` is prose):

```sh
docker network create app
docker run -d --name db --network app -p 5432:5432 postgres:16
```

- then the app:

  ~~~bash
  docker run -d --name web --network app -p 8080:80 \\
    -e DATABASE_URL=postgres://db:5432/app shop:1.4
  ~~~

```console
$ docker run --rm -p 6379:6379 redis:7
1:C 01 Jan  docker run -p 9:9 is output here
# docker run -d -v ./conf:/etc/app app:1
```

```python
client.containers.run("x:1", ports={"1/tcp": 1})
```

```text
docker run -p 2:2 not-a-shell-fence
```
"""


def write(root: Path, name: str, text: str) -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def findings(path: Path, config: Config | None = None) -> list[tuple[str, int, Severity]]:
    result = run([str(path)], environ={}, config=config)
    return [(d.code, d.span.start.line + 1, d.severity) for d in result.diagnostics]


def test_fences_by_language_and_sessions_by_prompt() -> None:
    found = fences(README)
    assert [f.language for f in found] == ["sh", "bash", "console"]
    assert (
        found[2].text.text
        == "docker run --rm -p 6379:6379 redis:7\ndocker run -d -v ./conf:/etc/app app:1\n"
    )
    document = read_markdown(Source.from_text("README.md", README))
    assert [launch.service.name for launch in document.launches] == [
        "db",
        "web",
        "redis (line 18)",
        "app (line 20)",
    ]


def test_findings_are_information_examples_with_unsafe_fixes(tmp_path: Path) -> None:
    path = write(tmp_path, "README.md", README)
    result = run([str(path)], environ={})
    got = [(d.code, d.span.start.line + 1) for d in result.diagnostics]
    assert got == [("CL101", 7), ("CL102", 13), ("CL102", 18), ("CL301", 20)]
    for diagnostic in result.diagnostics:
        assert diagnostic.severity == Severity.INFORMATION
        assert "an example in documentation, which readers will copy" in diagnostic.message
        assert diagnostic.fix is None or diagnostic.fix.applicability != Applicability.SAFE
    assert fix_run([str(path)], unsafe=False, environ={}).changed == {}  # never by --fix alone


def test_the_severity_can_be_raised_per_kind(tmp_path: Path) -> None:
    path = write(tmp_path, "README.md", README)
    config = Config(kinds={"markdown": KindSettings(severity=Severity.WARNING)})
    assert {severity for _c, _l, severity in findings(path, config)} == {Severity.WARNING}


def test_fixes_edit_fence_bodies_only(tmp_path: Path) -> None:
    path = write(tmp_path, "README.md", README)
    outcome = fix_run([str(path)], unsafe=True, environ={})
    fixed = outcome.changed[str(path)]
    assert fixed == (
        README.replace("-p 5432:5432", "--expose 5432")
        .replace("-p 8080:80", "-p 127.0.0.1:8080:80")
        .replace("-p 6379:6379", "-p 127.0.0.1:6379:6379")
        .replace("./conf:/etc/app", "./conf:/etc/app:ro")
    )
    assert write_changes(outcome) == []
    before = [(f.start, f.language) for f in fences(README)]
    after = [(f.language) for f in fences(fixed)]
    assert len(after) == len(before) and [
        line for line in fixed.splitlines() if "```" in line or "~~~" in line
    ] == [line for line in README.splitlines() if "```" in line or "~~~" in line]
    assert read_markdown(Source.from_text("README.md", fixed)).note is None
    assert fix_run([str(path)], unsafe=True, environ={}).changed == {}  # idempotent


def test_suppression_problems_are_capped_at_the_kind_severity_too(tmp_path: Path) -> None:
    text = (
        "<!-- composelint: ignore CL102 -- nothing below publishes -->\n"
        "```sh\n"
        "docker run -d -p 127.0.0.1:5432:5432 postgres:16\n"
        "# composelint: ignore CL999\n"
        "docker run -d redis:7\n"
        "```\n"
    )
    path = write(tmp_path, "README.md", text)
    got = findings(path)
    assert sorted((c, line) for c, line, _s in got) == [("CL003", 1), ("CL004", 4)]
    assert {severity for _c, _l, severity in got} == {Severity.INFORMATION}
    assert run([str(path)], environ={}).exit_code() == 0  # a README never fails a hook
    raised = Config(kinds={"markdown": KindSettings(severity=Severity.WARNING)})
    assert {severity for _c, _l, severity in findings(path, raised)} == {Severity.WARNING}


def test_suppressions_above_a_fence_and_inside_it(tmp_path: Path) -> None:
    text = (
        "<!-- composelint: ignore CL102 -- a local demo -->\n"
        "```sh\n"
        "docker run -d -p 5432:5432 postgres:16\n"
        "docker run -d -p 6379:6379 redis:7\n"
        "```\n\n"
        "```sh\n"
        "# composelint: ignore CL102 -- also a demo\n"
        "docker run -d -p 5433:5432 postgres:16\n"
        "docker run -d -p 6380:6379 redis:7\n"
        "```\n"
    )
    path = write(tmp_path, "README.md", text)
    assert [(c, line) for c, line, _s in findings(path)] == [("CL102", 10)]


def test_the_screen_and_prose(tmp_path: Path) -> None:
    write(tmp_path, "docs/guide.md", "Use `docker run -p 80:80` with care.\n")  # prose only
    write(tmp_path, "CHANGELOG.md", "# Changes\n\n- faster\n")  # names no runtime
    write(tmp_path, "INSTALL.markdown", "```zsh\npodman run -p 5432:5432 postgres:16\n```\n")
    result = run([str(tmp_path)], environ={})
    listed = sorted(Path(f.path).name for f in result.files)
    assert listed == ["INSTALL.markdown", "guide.md"]
    assert [d.code for d in result.diagnostics] == ["CL102"]


def test_an_unreadable_fence_is_one_note_and_limits_hold(tmp_path: Path) -> None:
    text = '```sh\nif then docker run -p 80:80 nginx ((( "\n```\n' * 3
    path = write(tmp_path, "README.md", text)
    assert [c for c, _line, _s in findings(path)] == ["CL007"]
    # A help text in a sh fence that names the runtime in prose is output, not a launch.
    help_text = "```sh\n  -l FILE   optional  Log output in FILE, if run using docker\n"
    help_text += "  -u USERS  optional  Comma delimited list of (trusted) users\n```\n"
    quiet = write(tmp_path, "docs/options.md", "docker run -d bench\n\n" + help_text)
    assert findings(quiet) == []
    many = "```sh\ndocker run -p 5432:5432 postgres\n```\n" * 3000 + "```sh\n" + "$(" * 20000 + "\n"
    began = time.monotonic()
    document = read_markdown(Source.from_text("README.md", many))
    assert len(document.launches) == 3000
    assert time.monotonic() - began < 30


# -- the corpus ---------------------------------------------------------------------------


def _fences(text: str) -> list[tuple[int, int, str, str]]:
    """Each fence as markdown-it sees it: (first line, end line, info, marker)."""
    tokens = MarkdownIt("commonmark").parse(text)
    return [(*t.map, t.info, t.markup) for t in tokens if t.type == "fence" and t.map]


def test_fixing_the_corpus_markdown_changes_only_fence_bodies_and_then_nothing(
    tmp_path: Path,
) -> None:
    copies = copy_beyond("markdown", tmp_path / "tree")
    assert len(copies) == 11
    outcome = fix_run([str(tmp_path / "tree")], unsafe=True, environ={})
    # two start no container (``docker build``, a Python client): the launch screen
    # turns them away unparsed
    quiet = {c for c in copies if "pytest-docker-tools" in str(c) or c.name == "networking.md"}
    assert len(quiet) == 2
    assert {Path(f.path) for f in outcome.result.files} == set(copies) - quiet
    assert not [d for d in outcome.result.diagnostics if d.code in ("CL000", "CL001")]
    assert {d.severity for d in outcome.result.diagnostics} == {Severity.INFORMATION}
    assert len(outcome.changed) >= 3
    for path, text in outcome.changed.items():
        before = Path(path).read_text(encoding="utf-8")
        old, new = before.splitlines(), text.splitlines()
        assert len(old) == len(new)
        fences_before = _fences(before)
        assert _fences(text) == fences_before  # same fences, same places, same markers
        bodies = {
            line for start, end, _i, _m in fences_before for line in range(start + 1, end - 1)
        }
        for number, (a, b) in enumerate(zip(old, new, strict=True)):
            if a != b:
                assert number in bodies, (path, a, b)
                assert "docker" in a or "podman" in a or "-p" in a or "-v" in a, (path, a, b)
                assert a.split("#", 1)[1:] == b.split("#", 1)[1:]
    assert write_changes(outcome) == []
    assert fix_run([str(tmp_path / "tree")], unsafe=True, environ={}).changed == {}


def test_a_read_document_is_freed_without_the_cycle_collector() -> None:
    gc.collect()
    gc.disable()
    try:
        document = read_markdown(Source.from_text("README.md", README))
        assert document.script.launches
        del document
        assert gc.collect() == 0
    finally:
        gc.enable()
