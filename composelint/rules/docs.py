"""Rule specs: the Markdown files ``rules/CLnnn.md``, parsed.

A spec starts with front matter between ``---`` lines (``code``, ``name``, ``severity``,
then for a rule with a fix one ``fix-<level>: <condition>`` line per level it can give,
and ``group: hardening`` for an opt-in rule), then ``## `` sections in a fixed order.
Fenced blocks whose info string names a file (```` ```yaml title="compose.yaml" ````)
are *example files*: the test suite writes them to disk and runs the linter over them.

    doc = load_doc("CL102")
    doc.sections["Why is this bad?"]        # raw Markdown
    doc.examples["Example"][0].path          # "compose.yaml"

The folder is the packaged copy (``composelint/rule_docs``, a symbolic link to the
repository's ``rules/`` that setuptools copies into the wheel) when it exists, else
the repository's top-level ``rules/``.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from msgspec import Struct, field

from composelint.source import lazy_pattern

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

SECTIONS = (
    "What it does",
    "Why is this bad?",
    "Example",
    "Use instead",
    "Fix safety",
    "Options",
    "References",
)
FIXED = "Fixed"  # only in specs of rules with a fix, between "Use instead" and "Fix safety"

_FENCE = lazy_pattern(r"^(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
_TITLE = lazy_pattern(r"""\btitle=(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>\S+))""")
_CODE = lazy_pattern(r"[A-Z]{2,4}[0-9]{3}")
_LINK = lazy_pattern(r"\[([^\]]+)\]\(([^)\s]+)\)")
_ABBREVIATIONS = ("e.g.", "i.e.", "etc.", "vs.")
FIX_LEVELS = ("safe", "unsafe", "display-only")  # Applicability's values, in order


class DocError(ValueError):
    """A spec file that does not have the expected shape."""


class ExampleFile(Struct, frozen=True):
    path: str  # relative, with "/" separators: "compose.yaml", "nginx/nginx.conf"
    language: str  # the info string's first word: "yaml", "dockerfile", "nginx"
    text: str  # the block's lines, each ending with "\n"


class RuleDoc(Struct, frozen=True):
    code: str
    name: str
    severity: str  # "error" | "warning"
    fixes: tuple[tuple[str, str], ...] = ()  # (level, condition), in FIX_LEVELS order
    group: str | None = None  # "hardening" for an opt-in rule
    sections: dict[str, str] = field(default_factory=dict)  # heading -> raw Markdown
    examples: dict[str, list[ExampleFile]] = field(default_factory=dict)  # heading -> files

    @property
    def summary(self) -> str:
        """The first sentence of "What it does", on one line."""
        return first_sentence(self.sections.get("What it does", ""))

    @property
    def fix(self) -> str:
        """The levels its fixes can have ("safe, unsafe, display-only"), or "none"."""
        return ", ".join(level for level, _condition in self.fixes) or "none"


def docs_folder() -> Traversable:
    """The packaged copy of the specs if there is one, else the repository's ``rules/``."""
    from importlib.resources import files

    try:
        packaged = files("composelint") / "rule_docs"
        if packaged.is_dir():
            return packaged
    except (ModuleNotFoundError, OSError):  # pragma: no cover - a broken install
        pass
    return Path(__file__).resolve().parents[2] / "rules"


def load_doc(code: str) -> RuleDoc | None:
    """The spec of ``code`` (any case), or None when there is none."""
    code = code.strip().upper()
    if not _CODE.fullmatch(code):
        return None
    entry = docs_folder() / f"{code}.md"
    if not entry.is_file():
        return None
    return parse_doc(entry.read_text(encoding="utf-8"), f"{code}.md")


def all_docs() -> dict[str, RuleDoc]:
    """Every spec in the folder, by code, in code order."""
    folder = docs_folder()
    if not folder.is_dir():
        return {}
    docs: dict[str, RuleDoc] = {}
    for entry in folder.iterdir():
        stem = entry.name.removesuffix(".md")
        if entry.name.endswith(".md") and _CODE.fullmatch(stem) and entry.is_file():
            docs[stem] = parse_doc(entry.read_text(encoding="utf-8"), entry.name)
    return dict(sorted(docs.items()))


def parse_doc(text: str, where: str = "<spec>") -> RuleDoc:
    """Parse one spec's text; raises :class:`DocError` when its shape is wrong."""
    lines = text.replace("\r\n", "\n").split("\n")
    meta, body_start = _front_matter(lines, where)
    for key in ("code", "name", "severity"):
        if not meta.get(key):
            raise DocError(f"{where}: front matter has no '{key}'")
    unknown = set(meta) - {"code", "name", "severity", "group"} - {f"fix-{f}" for f in FIX_LEVELS}
    if unknown:
        raise DocError(f"{where}: front matter has unknown keys {sorted(unknown)}")
    sections: dict[str, str] = {}
    examples: dict[str, list[ExampleFile]] = {}
    heading: str | None = None
    buffer: list[str] = []
    fence: str | None = None

    def close() -> None:
        if heading is None:
            return
        if heading in sections:
            raise DocError(f"{where}: section '{heading}' appears twice")
        raw = "\n".join(buffer).strip("\n")
        sections[heading] = raw
        examples[heading] = _examples(raw, where)

    for line in lines[body_start:]:
        match = _FENCE.match(line)
        if fence is None and match:
            fence = match.group("fence")
        elif fence is not None and line.strip() == fence:
            fence = None
        elif fence is None and line.startswith("## "):
            close()
            heading, buffer = line[3:].strip(), []
            continue
        if heading is not None:
            buffer.append(line)
    if fence is not None:
        raise DocError(f"{where}: a code block is not closed")
    close()
    return RuleDoc(
        code=meta["code"],
        name=meta["name"],
        severity=meta["severity"],
        fixes=tuple((f, meta[f"fix-{f}"]) for f in FIX_LEVELS if meta.get(f"fix-{f}")),
        group=meta.get("group"),
        sections=sections,
        examples={k: v for k, v in examples.items() if v},
    )


def _front_matter(lines: list[str], where: str) -> tuple[dict[str, str], int]:
    if not lines or lines[0].strip() != "---":
        raise DocError(f"{where}: no front matter (the file must start with '---')")
    meta: dict[str, str] = {}
    for index, line in enumerate(lines[1:], start=1):
        if line.strip() == "---":
            return meta, index + 1
        if not line.strip():
            continue
        key, sep, value = line.partition(":")
        if not sep:
            raise DocError(f"{where}:{index + 1}: front matter lines are 'key: value'")
        meta[key.strip()] = value.strip().strip("\"'")
    raise DocError(f"{where}: front matter is not closed with '---'")


def _examples(raw: str, where: str) -> list[ExampleFile]:
    """The fenced blocks of a section that name a file."""
    found: list[ExampleFile] = []
    fence: str | None = None
    info = ""
    body: list[str] = []
    for line in raw.split("\n"):
        if fence is None:
            match = _FENCE.match(line)
            if match:
                fence, info, body = match.group("fence"), match.group("info").strip(), []
            continue
        if line.strip() != fence:
            body.append(line)
            continue
        fence = None
        title = _TITLE.search(info)
        if title is None:
            continue  # an illustration (terminal output), not a file
        path = title.group("dq") or title.group("sq") or title.group("bare") or ""
        if not path or path.startswith("/") or ".." in path.split("/"):
            raise DocError(f"{where}: example title {path!r} must be a relative path")
        language = info.split()[0] if info and not info.startswith("title=") else ""
        found.append(ExampleFile(path, language, "".join(f"{b}\n" for b in body)))
    return found


def first_sentence(markdown: str) -> str:
    """The first sentence of a paragraph, on one line (dots inside `code` do not count)."""
    text = " ".join(markdown.strip().split("\n\n", 1)[0].split())
    in_code = False
    for index, char in enumerate(text):
        if char == "`":
            in_code = not in_code
        elif char in ".!?" and not in_code:
            after = text[index + 1 : index + 2]
            if after not in ("", " "):
                continue
            head = text[: index + 1]
            if head.lower().endswith(_ABBREVIATIONS):
                continue
            return head
    return text


def render_terminal(doc: RuleDoc) -> str:
    """The spec as plain text for a terminal: headings underlined, code indented."""
    title = f"{doc.code} {doc.name}"
    out = [title, "=" * len(title), "", f"Severity: {doc.severity}.", *fix_lines(doc), ""]
    for heading, raw in doc.sections.items():
        out.extend([heading, "-" * len(heading), ""])
        out.extend(_plain(raw))
        out.append("")
    while out and not out[-1]:
        out.pop()
    return "\n".join(out) + "\n"


def fix_lines(doc: RuleDoc) -> list[str]:
    """ "Fix: none." or one line per level with its condition ("Fix: safe for a single
    file."), and the opt-in group when there is one."""
    lines = [f"Fix: {level} {condition}." for level, condition in doc.fixes] or ["Fix: none."]
    if doc.group:
        lines.append(f"Group: {doc.group} (off unless selected).")
    return lines


def _plain(raw: str) -> list[str]:
    out: list[str] = []
    fence: str | None = None
    for line in raw.split("\n"):
        match = _FENCE.match(line)
        if fence is None and match:
            fence = match.group("fence")
            title = _TITLE.search(match.group("info"))
            if title:
                out.append(f"{title.group('dq') or title.group('sq') or title.group('bare')}:")
            continue
        if fence is not None:
            if line.strip() == fence:
                fence = None
            else:
                out.append(f"    {line}" if line else "")
            continue
        line = _LINK.sub(lambda m: f"{m.group(1)} ({m.group(2)})", line)
        out.append(line.replace("**", ""))
    return out


def rule_table_markdown() -> str:
    """A Markdown table of every spec, in code order (the README's rule table)."""
    rows = ["| code | name | severity | fix | checks |", "|---|---|---|---|---|"]
    for code, doc in all_docs().items():
        checks = doc.summary.replace("|", "\\|")
        rows.append(
            f"| [{code}](rules/{code}.md) | `{doc.name}` | {doc.severity} | {doc.fix} | {checks} |"
        )
    return "\n".join(rows) + "\n"


README_START = "<!-- rules:start -->"
README_END = "<!-- rules:end -->"


def update_readme(text: str) -> str:
    """``text`` with the rule table between the README's markers regenerated."""
    start = text.index(README_START) + len(README_START)
    end = text.index(README_END)
    return text[:start] + "\n" + rule_table_markdown() + "\n" + text[end:]


if __name__ == "__main__":  # python -m composelint.rules.docs README.md
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "README.md")
    target.write_text(update_readme(target.read_text(encoding="utf-8")), encoding="utf-8")
