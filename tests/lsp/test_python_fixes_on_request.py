"""The language server makes a Python file's fixes when an editor asks for them: the
lint on every edit does not parse the file with libcst."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

CONFTEST = (
    "import docker\n\nclient = docker.from_env()\n"
    'client.containers.run("postgres:16", ports={"5432/tcp": 5432}, detach=True)\n'
)

SCRIPT = """
import sys
from pathlib import Path
from lsprotocol import types
from composelint.config import Config
from composelint.lsp.actions import quick_fixes
from composelint.lsp.documents import OpenDocument
from composelint.lsp.linting import lint_document
from composelint.lsp.settings import Effective
from composelint.rules.selection import Selection

path = Path(sys.argv[1])
text = path.read_text()
document = OpenDocument(path.as_uri(), str(path), text, 1, "python")
lint = lint_document(document, {str(path): text}, Effective(Config(), Selection()))
print([d.code for d, _ in lint.findings], "libcst" in sys.modules)
whole = types.Range(types.Position(0, 0), types.Position(99, 0))
actions = quick_fixes(lint, document, {str(path): text}, whole)
edits = [e for a in actions if a.edit and a.edit.changes for e in a.edit.changes[document.uri]]
print([e.new_text for e in edits], "libcst" in sys.modules)
"""


def test_the_lint_leaves_libcst_alone_and_the_code_action_makes_the_fix(
    tmp_path: Path,
) -> None:
    path = tmp_path / "conftest.py"
    path.write_text(CONFTEST, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(path)], capture_output=True, text=True, check=True
    )
    lint_line, action_line = done.stdout.splitlines()
    assert lint_line == "['CL102'] False"  # diagnostics without a libcst parse
    # The quick fix (and the suppression comment) are made when asked for.
    assert action_line.startswith("[") and action_line.endswith("True")
    assert '("127.0.0.1", 5432)' in action_line
