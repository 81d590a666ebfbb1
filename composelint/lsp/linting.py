"""Lint one buffer with the engine and turn its findings into LSP diagnostics.

The conversion is the JSON output's (``output.json_format.lsp_diagnostic``), so the
editor sees exactly what ``--output-format json`` prints for the same text.  The
configuration's ``kinds:`` apply as they do to ``composelint check``: a kind turned
off, or a file its ``exclude`` names, is not checked; its ``include`` adds files.  A
shell script, Python file, Makefile, Markdown file, workflow or GitLab CI file that
never names a container runtime is not checked either, and costs a text search (its
reader's screen): the engine is not even called.
"""

from __future__ import annotations

import os
from functools import cache
from typing import TYPE_CHECKING

from lsprotocol import types
from msgspec import Struct, field

from composelint.config import Config
from composelint.diagnostics import Diagnostic
from composelint.lsp.documents import OpenDocument, project_dependencies
from composelint.lsp.settings import Effective
from composelint.source import Source

# Kinds whose files start containers from commands or code: each is screened first.
SCREENED = ("shell", "python", "makefile", "markdown", "workflow", "gitlab")
CHECKED = ("compose", "yaml-candidate", "dockerfile", "daemon", *SCREENED)

if TYPE_CHECKING:
    from cattrs import Converter

    from composelint.diagnostics.rule_info import RuleInfo


class LintResult(Struct):
    """A document's last lint: the findings as the engine made them and as LSP sends them."""

    uri: str
    version: int | None
    text: str  # the buffer text that was linted
    kind: str | None
    source: Source | None = None
    findings: list[tuple[Diagnostic, types.Diagnostic]] = field(default_factory=list)
    sources: dict[str, Source] = field(default_factory=dict)  # every file the lint read
    dependencies: frozenset[str] = frozenset()

    @property
    def lsp_diagnostics(self) -> list[types.Diagnostic]:
        return [lsp for _diagnostic, lsp in self.findings]


def lint_document(
    document: OpenDocument, overlay: dict[str, str], effective: Effective
) -> LintResult:
    """Lint ``document`` with the other open buffers standing in for their files."""
    kind = configured_kind(document.kind, document.path, effective.config)
    if kind in SCREENED and not names_a_runtime(kind, document.text):
        kind = None  # a file that starts no container: not a checked file
    result = LintResult(document.uri, document.version, document.text, kind)
    if kind not in CHECKED:
        return result  # not a file composelint checks: no diagnostics, silently
    from composelint.fix.intents import python_fixes_on_request
    from composelint.output.json_format import lsp_diagnostic
    from composelint.run.engine import run_classified

    # A Python file's fixes are made on its libcst tree, a parse that costs more than the
    # lint itself: the code action makes them when an editor asks (actions.quick_fixes).
    with python_fixes_on_request():
        run = run_classified(
            [(document.path, kind)],
            selection=effective.selection,
            overlay=overlay,
            config=effective.config,
        )
    result.sources = {f.path: f.source for f in run.files if f.source is not None}
    mine = next((f for f in run.files if f.path == document.path), None)
    if kind in ("compose", "yaml-candidate"):
        result.dependencies = project_dependencies(run.projects, document.path)
    if mine is None:
        return result  # YAML that is not compose, a daemon.json that is not dockerd's
    result.source = mine.source
    docs_url = effective.config.docs_url or _docs_url()
    rules = _rule_infos(docs_url)
    converter = _converter()
    for diagnostic in mine.diagnostics:
        shaped = lsp_diagnostic(diagnostic, result.sources, docs_url, rules)
        result.findings.append((diagnostic, converter.structure(shaped, types.Diagnostic)))
    return result


def configured_kind(kind: str | None, path: str, config: Config) -> str | None:
    """``kind`` as the configuration's ``kinds:`` leave it: None for a kind turned off or a
    file excluded from it; for a file of no kind, the first kind whose ``include`` names it."""
    if kind is None:
        kind = next((k for k, s in config.kinds.items() if s.enabled and s.includes(path)), None)
        if kind == "compose":
            kind = "yaml-candidate"  # an included file is compose only if it parses as such
    settings = config.kinds.get("compose" if kind == "yaml-candidate" else kind or "")
    return kind if settings is None or settings.wants(path) else None


def names_a_runtime(kind: str, text: str) -> bool:
    """The screen ``composelint check`` puts a file of ``kind`` through: whether ``text``
    names a container runtime (and so is worth reading)."""
    if kind == "python":
        from composelint.python import screen
    elif kind == "makefile":
        from composelint.make import screen
    elif kind == "markdown":
        from composelint.markdown import screen
    elif kind == "workflow":
        from composelint.ci import screen
    elif kind == "gitlab":
        from composelint.ci import screen_gitlab as screen
    else:
        from composelint.shell import screen
    found: bool = screen(text)
    return found


@cache
def _converter() -> Converter:
    from lsprotocol.converters import get_converter

    return get_converter()


def _rule_infos(docs_url: str | None) -> dict[str, RuleInfo]:
    """The registered rules as the JSON output describes them (their documentation links)."""
    from composelint.rules.catalog import rule_infos
    from composelint.rules.registry import RegistryError

    try:
        return rule_infos(docs_url, specs=False)
    except RegistryError:
        return {}


@cache
def _docs_url() -> str | None:
    from composelint.rules.installed import docs_url_from_metadata

    return docs_url_from_metadata()


def source_of(path: str, lint: LintResult, overlay: dict[str, str]) -> Source | None:
    """The text of ``path`` as the lint saw it (buffer, else disk), for positions of edits."""
    found = lint.sources.get(path)
    if found is not None:
        return found
    if path in overlay:
        return Source.from_text(path, overlay[path])
    try:
        return Source.read(path) if os.path.isfile(path) else None
    except (OSError, ValueError):
        return None


def lsp_range(source: Source, start: int, end: int) -> types.Range:
    """The LSP range (UTF-16 characters) of code-point offsets ``[start, end)``."""
    span = source.span(start, end)
    return types.Range(
        types.Position(span.start.line, source.utf16_column(span.start)),
        types.Position(span.end.line, source.utf16_column(span.end)),
    )
