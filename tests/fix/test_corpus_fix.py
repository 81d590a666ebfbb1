"""--fix --unsafe-fixes over a copy of the whole corpus tree changes only what it says."""

from __future__ import annotations

import shutil
from pathlib import Path

from composelint.engine import run
from composelint.fix.edits import edited_line_ranges
from composelint.fix.loop import fix_run
from composelint.source import Source
from composelint.yaml.document import load_yaml
from tests.conftest import CORPUS_TREE


def _comments(path: str, text: str) -> list[str]:
    if path.endswith((".yml", ".yaml")):
        return [c.text for c in load_yaml(Source.from_text(path, text)).comments]
    return [line.strip() for line in text.splitlines() if line.strip().startswith("#")]


def test_fixing_the_corpus_keeps_every_other_byte(tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    shutil.copytree(CORPUS_TREE, tree, symlinks=True)
    before = run([str(tree)], environ={})
    schema_before = {(d.span.path, d.message) for d in before.diagnostics if d.code == "CL002"}
    outcome = fix_run([str(tree)], unsafe=True, environ={})
    assert not outcome.failures, [d.message for d in outcome.failures]
    changed = outcome.changed
    assert len(changed) > 50  # the corpus has plenty to fix
    for path, text in changed.items():
        original = outcome.originals[path].text
        edits = [e for fix in outcome.applied[path] for e in fix.edits]
        # Lines that no fix touched are byte-identical (compare from both ends).
        old_lines, new_lines = original.splitlines(True), text.splitlines(True)
        touched = {n for first, last in _ranges(original, edits) for n in range(first, last + 1)}
        head = 0
        while head < min(len(old_lines), len(new_lines)) and old_lines[head] == new_lines[head]:
            head += 1
        assert head >= min(touched), path
        tail = 0
        while (
            tail < min(len(old_lines), len(new_lines))
            and old_lines[-1 - tail] == new_lines[-1 - tail]
        ):
            tail += 1
        assert len(old_lines) - tail <= max(touched) + 1, path
        # Every comment is still there.
        assert sorted(_comments(path, original)) == sorted(_comments(path, text)), path
        Path(path).write_bytes(outcome.originals[path].encode(text))
    after = run([str(tree)], environ={})
    assert not [d for d in after.diagnostics if d.code in ("CL000", "CL001")]
    schema_after = {(d.span.path, d.message) for d in after.diagnostics if d.code == "CL002"}
    assert schema_after <= schema_before
    again = fix_run([str(tree)], unsafe=True, environ={})
    assert again.changed == {}


def _ranges(text: str, edits) -> list[tuple[int, int]]:  # noqa: ANN001
    # Edits of successive passes refer to successive texts; their line ranges in the
    # original are bounded by the first and last line any of them touched.
    try:
        return edited_line_ranges(text, edits)
    except Exception:  # edits from later passes may not apply to the original text
        return [(0, len(text.splitlines()))]
