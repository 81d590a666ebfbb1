"""The "nothing lost" promise as assertions, shared by every round-trip test.

For the files of a run:

- loading with no fix gives the bytes back exactly, and every node's span holds its text;
- ``--fix --unsafe-fixes`` changes only the lines its edits touch (followed pass by pass),
  keeps every comment, leaves files that parse again, adds no CL000/CL001/CL002/CL005,
  and changes the loaded data only under the paths its fixes declared;
- a second fix run changes nothing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from unittest import mock

from composelint.compose.project import LoadedProject
from composelint.compose.tree import Tree
from composelint.dockerfile.parser import parse_dockerfile
from composelint.fix.verify import data_diff
from composelint.model.origin import Origin
from composelint.run.engine import RunResult, run
from composelint.run.fixing import FixOutcome, fix_run
from composelint.source import Source
from composelint.yaml.document import load_yaml
from composelint.yaml.nodes import AliasNode, ScalarNode, iter_nodes
from tests.fix.passes import chain_of, kept_original_lines, recording_passes

BREAKING = ("CL000", "CL001", "CL002", "CL005")


@dataclass(slots=True)
class FixReport:
    """What a checked fix run did, for tests that want to say more."""

    outcome: FixOutcome
    before: RunResult
    after: RunResult
    kept_lines: dict[str, int] = field(default_factory=dict)  # path -> untouched lines


def is_yaml(path: str) -> bool:
    return path.endswith((".yml", ".yaml"))


def comments_of(source: Source) -> list[str]:
    """Comment texts of a compose file or Dockerfile, in order."""
    if is_yaml(source.path):
        return [c.text for c in load_yaml(source).comments]
    return [c.text for c in parse_dockerfile(source).comments]


def assert_loads_byte_exact(path: str | Path) -> Source:
    """Reading, decoding and encoding gives the bytes back; spans hold their text."""
    data = Path(path).read_bytes()
    source = Source.read(path)
    assert source.encode(source.text) == data, f"{path}: bytes differ after a load round trip"
    if is_yaml(str(path)):
        doc = load_yaml(source)
        for node in iter_nodes(doc.documents):
            raw = source.text[node.start : node.end]
            if isinstance(node, ScalarNode) and node.style == "":
                assert raw == node.value, f"{path}: plain scalar span {raw!r} != {node.value!r}"
            elif isinstance(node, ScalarNode) and node.style in ("'", '"'):
                assert raw[:1] == raw[-1:] == node.style, f"{path}: quoted span {raw!r}"
            elif isinstance(node, AliasNode):
                assert raw == f"*{node.anchor}", f"{path}: alias span {raw!r}"
    else:
        dockerfile = parse_dockerfile(source)
        for instruction in dockerfile.instructions:
            raw = instruction.span.slice(source.text)
            assert raw.lstrip().upper().startswith(instruction.keyword), f"{path}: {raw!r}"
    return source


def _breaking(result: RunResult) -> dict[str, Counter[tuple[str, str]]]:
    return {
        f.path: Counter((d.code, d.message) for d in f.diagnostics if d.code in BREAKING)
        for f in result.files
    }


def _reparses(path: str, text: str) -> None:
    source = Source.read(path)
    assert source.text == text, f"{path}: the written bytes do not decode to the fixed text"
    if is_yaml(path):
        problems = load_yaml(source).problems
        assert not problems, f"{path}: the fixed file no longer parses: {problems}"


def fix_and_check(paths: Sequence[str | Path], *, cli: bool = False) -> FixReport:
    """Fix ``paths`` (through the CLI when ``cli``) and assert the whole promise."""
    targets = [str(p) for p in paths]
    before = run(targets, environ={}, parallel=False)
    disk = {f.path: Path(f.path).read_bytes() for f in before.files if f.source is not None}
    for path in disk:
        assert_loads_byte_exact(path)
    with recording_passes() as passes:
        outcome = _fix_with_cli(targets) if cli else fix_run(targets, unsafe=True, environ={})
    assert not outcome.failures, [d.message for d in outcome.failures]
    report = FixReport(outcome, before, before)
    for path, text in outcome.changed.items():
        original = outcome.originals[path]
        assert original.data == disk[path], f"{path}: the fix did not start from the file"
        chain = chain_of(passes, path, original.text, text)
        report.kept_lines[path] = kept_original_lines(original.text, chain)
        new = Source(path, original.encode(text), text, original.encoding, original.bom, "")
        kept, now = Counter(comments_of(original)), Counter(comments_of(new))
        # CL003's fix removes a suppression that silences nothing: the one comment a fix
        # may take away.  Nothing else is lost, and nothing is changed or added.
        unused = any(d.code == "CL003" and d.span.path == path for d in before.diagnostics)
        removed = kept - now
        assert not now - kept and (
            not removed or (unused and all("composelint: ignore" in c for c in removed))
        ), f"{path}: a comment was lost or changed"
        if cli:
            assert Path(path).read_bytes() == original.encode(text), f"{path}: CLI wrote otherwise"
        else:
            Path(path).write_bytes(original.encode(text))
        _reparses(path, text)
    for path in set(disk) - set(outcome.changed):
        assert Path(path).read_bytes() == disk[path], f"{path}: changed without a fix"
    report.after = after = run(targets, environ={}, parallel=False)
    old, new_breaking = _breaking(before), _breaking(after)
    for path, found in new_breaking.items():
        added = found - old.get(path, Counter())
        assert not added, f"{path}: the fix added {sorted(added)}"
    assert_data_kept(before, after, outcome)
    again = fix_run(targets, unsafe=True, environ={})
    assert again.changed == {}, f"a second fix run changed {sorted(again.changed)}"
    assert not again.failures, [d.message for d in again.failures]
    return report


def _fix_with_cli(targets: list[str]) -> FixOutcome:
    """``composelint check --fix --unsafe-fixes`` in this process, as a user runs it.

    Returns what the CLI's fix loops did (each share of the files it fixed, caught on its
    way out, put together).
    """
    from composelint.cli.main import main
    from composelint.run import fixing as loop

    real = loop.fix_loop
    seen: list[FixOutcome] = []

    def spy(*args: object, **kwargs: object) -> FixOutcome:
        seen.append(real(*args, **kwargs))  # type: ignore[arg-type]
        return seen[-1]

    with mock.patch.object(loop, "fix_loop", spy):
        try:
            main(["check", "--fix", "--unsafe-fixes", "--output-format", "json", *targets])
        except SystemExit as exit_:
            assert exit_.code in (0, 1), f"the CLI exited with {exit_.code}"
        else:
            raise AssertionError("the CLI returned without an exit code")
    assert seen, "the CLI did not run the fix loop"
    whole = FixOutcome(seen[-1].result)
    for outcome in seen:  # shares never change the same file
        changed = outcome.changed
        assert not set(changed) & set(whole.changed), "two shares fixed one file"
        whole.originals.update({p: outcome.originals[p] for p in changed})
        whole.texts.update(changed)
        whole.applied.update({p: outcome.applied[p] for p in changed})
        whole.failures.extend(outcome.failures)
    return whole


def assert_data_kept(before: RunResult, after: RunResult, outcome: FixOutcome) -> None:
    """Each project loads to the same data outside the paths its applied fixes declared.

    Editing a literal in place changes each of its uses.  Within a project the rules
    settle that (a fix at an anchor applies only when every user gets it, and declares
    them all); two uses are not theirs to declare, so they are allowed here: the inert
    ``x-`` template an anchor sits in, and a service in another file that extends or
    includes the edited one.
    """

    def declared_in(project: LoadedProject) -> list[tuple]:
        return [
            change
            for path in project.files
            for fix in outcome.applied.get(path, [])
            for change in fix.changes
        ]

    edited = {
        _literal(origin)
        for project in before.projects
        if project.tree is not None
        for where, origin in _under(project.tree, declared_in(project))
    }
    old = {p.files[0]: p for p in before.projects}
    for project in after.projects:
        previous = old.get(project.files[0])
        if previous is None or previous.tree is None:
            continue
        assert project.tree is not None, f"{project.files[0]}: no longer loads after the fix"
        declared = declared_in(project)
        allowed = declared + [
            where
            for where, origin in previous.tree.origins.items()
            if _literal(origin) in edited and _reused_elsewhere(where, origin)
        ]
        surprises = [
            where
            for where in data_diff(previous.tree.data, project.tree.data)
            if not any(where[: len(prefix)] == prefix for prefix in allowed)
        ]
        assert not surprises, (
            f"{project.files[0]}: data changed at {surprises} outside the declared {declared}"
        )


def _reused_elsewhere(where: tuple, origin: Origin) -> bool:
    template = bool(where) and str(where[0]).startswith("x-")
    return template or any(step.startswith(("extends", "include")) for step in origin.via)


def _literal(origin: Origin) -> tuple[str, int, int]:
    return origin.path, origin.node.start, origin.node.end


def _under(tree: Tree, prefixes: list[tuple]) -> list[tuple[tuple, Origin]]:
    return [
        (where, origin)
        for where, origin in tree.origins.items()
        if any(where[: len(prefix)] == prefix for prefix in prefixes)
    ]
