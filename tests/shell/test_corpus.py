"""Every shell script of the shared corpus reads without a traceback, and each launch's
values point at their own text."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from composelint.shell import read_script, screen
from composelint.source import Source
from tests.conftest import SHARED

ROOTS = (SHARED / "corpus" / "tree", SHARED / "corpus" / "beyond")
_SHEBANG = re.compile(rb"^#!\s*\S*(?:/|env\s+)(?:ba|z|da|k)?sh\b")


def _scripts() -> list[Path]:
    found: list[Path] = []
    for root in ROOTS:
        if not root.is_dir():
            continue
        for path in sorted(root.rglob("*")):
            if not path.is_file():
                continue
            if path.suffix in (".sh", ".bash", ".zsh"):
                found.append(path)
            elif not path.suffix and _SHEBANG.match(path.read_bytes()[:128]):
                found.append(path)
    return found


SCRIPTS = _scripts()


def test_every_corpus_script_reads() -> None:
    assert SCRIPTS, (
        "the shared corpus (../shared/corpus) holds no shell scripts: is it beside the repository?"
    )
    forms: Counter[str] = Counter()
    for path in SCRIPTS:
        source = Source.read(path)
        if not screen(source.text):
            continue
        script = read_script(source)
        for launch in script.launches:
            forms[launch.form] += 1
            for item in (*launch.service.ports, *launch.service.volumes):
                # Each value's node spans the text it was read from.
                assert item.origin is not None and item.target is not None
                assert item.target in item.origin.raw, (path.name, item)
    print(f"{len(SCRIPTS)} scripts, launches by form: {dict(forms)}")
    assert sum(forms.values()) >= 40
    assert forms["docker service create"] >= 10
