"""The rule specs in ``rules/CLnnn.md``: their metadata, their shape, and their examples.

Every spec's Example must trigger its code, its "Use instead" must not, and for a
rule with a fix, ``--fix --unsafe-fixes`` must turn the Example into its "Fixed"
block exactly, after which a second pass changes nothing.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from composelint.diagnostics import CODES, HARDENING, META_FIXES, Applicability
from composelint.rules.base import Rule
from composelint.rules.docs import (
    FIXED,
    SECTIONS,
    DocError,
    ExampleFile,
    RuleDoc,
    all_docs,
    first_sentence,
    load_doc,
    parse_doc,
    render_terminal,
    rule_table_markdown,
)
from composelint.rules.registry import all_rules
from composelint.rules.selection import Selection
from composelint.run.engine import run
from composelint.run.fixing import fix_run

RULES_DIR = Path(__file__).resolve().parents[2] / "rules"
META_CODES = (
    "CL000",
    "CL001",
    "CL002",
    "CL003",
    "CL004",
    "CL005",
    "CL006",
)  # reported by the loader/engine
NO_RUNNABLE_EXAMPLE = frozenset({"CL000"})  # a bug in composelint has no example file

SPEC_PATHS = sorted(RULES_DIR.glob("CL*.md"))
SPECS: dict[str, RuleDoc] = {
    p.stem: parse_doc(p.read_text(encoding="utf-8"), p.name) for p in SPEC_PATHS
}
RUNNABLE = sorted(code for code in SPECS if code not in NO_RUNNABLE_EXAMPLE)
WITH_FIX = sorted(code for code, doc in SPECS.items() if doc.fix != "none")


def _write(root: Path, files: list[ExampleFile]) -> None:
    for example in files:
        path = root / example.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(example.text, encoding="utf-8")


def _codes_by_file(root: Path, code: str | None = None) -> dict[str, set[str]]:
    """Codes reported per file; ``code`` is selected on top of the defaults (an opt-in
    rule's examples are run with it on)."""
    selection = Selection(extend_select=(code,)) if code else None
    result = run([str(root)], environ={}, selection=selection)
    return {
        Path(os.path.relpath(f.path, root)).as_posix(): {d.code for d in f.diagnostics}
        for f in result.files
    }


def _with(code: str) -> Selection:
    """The default rules and ``code`` (an opt-in rule's fix is run with it on)."""
    return Selection(extend_select=(code,))


def _main(doc: RuleDoc) -> ExampleFile:
    return doc.examples["Example"][0]


SHELL_LANGUAGES = frozenset({"sh", "bash", "shell"})


def _scripts(doc: RuleDoc, heading: str) -> list[ExampleFile]:
    """The command-line examples of a section: ``sh`` blocks, each run as a shell script."""
    return [f for f in doc.examples.get(heading, []) if f.language in SHELL_LANGUAGES]


def _pythons(doc: RuleDoc, heading: str) -> list[ExampleFile]:
    """The Python examples of a section: ``python`` blocks, each run as a Python file."""
    return [f for f in doc.examples.get(heading, []) if f.language == "python"]


def _embedded(doc: RuleDoc, heading: str) -> list[ExampleFile]:
    """The examples of a section in the kinds that write commands inside another text: a
    Makefile, a workflow, a GitLab CI file, Markdown; each run as that kind."""
    return [f for f in doc.examples.get(heading, []) if _embedding_kind(f.path) is not None]


def _embedding_kind(path: str) -> str | None:
    name = path.rsplit("/", 1)[-1]
    if name == "Makefile":
        return "makefile"
    if path.startswith(".github/workflows/"):
        return "workflow"
    if name == ".gitlab-ci.yml":
        return "gitlab"
    return "markdown" if name.endswith(".md") else None


# Rules whose specs show the mistake in a Makefile, a workflow, a GitLab CI file and
# Markdown, where it is written inside another text (a recipe, a script block, a fence).
WITH_EMBEDDED = ("CL101", "CL102", "CL106")
EMBEDDING_KINDS = ("makefile", "workflow", "gitlab", "markdown")

# Rules whose specs show the mistake in Python too, where it is written differently
# (the Docker SDK's keyword arguments).
WITH_PYTHON = ("CL102", "CL106", "CL107", "CL203", "CL301", "CL401", "CL403")

# Rules whose specs show the same mistake on a command line (``docker run``); CL201
# judges a Dockerfile, which no command line writes.
WITH_COMMAND_LINE = (
    "CL101",
    "CL102",
    "CL103",
    "CL105",
    "CL106",
    "CL107",
    *(f"CL{n}" for n in range(202, 210)),
    "CL301",
    "CL302",
    "CL303",
    "CL304",
    "CL305",
    "CL306",
    "CL401",
    "CL402",
    "CL403",
    "CL406",
    "CL407",
)


# -- coverage -----------------------------------------------------------------------


def test_specs_exist() -> None:
    assert SPECS, f"no specs found in {RULES_DIR}"


def test_every_registered_rule_has_a_spec() -> None:
    missing = sorted(set(all_rules()) - set(SPECS))
    assert not missing, f"rules without a spec in rules/: {missing}"


def test_every_meta_code_has_a_spec() -> None:
    assert not [code for code in META_CODES if code not in SPECS]


def test_every_spec_names_a_known_code() -> None:
    known = set(CODES) | set(all_rules())
    assert not sorted(set(SPECS) - known)


# -- front matter and sections --------------------------------------------------------


def _said_by_rule(rule: Rule) -> tuple:
    fixes = tuple((Applicability(f.applicability).value, f.condition) for f in rule.fixes)
    return rule.code, rule.name, rule.severity.label, fixes, rule.group


def _said_by_spec(doc: RuleDoc) -> tuple:
    return doc.code, doc.name, doc.severity, doc.fixes, doc.group


def test_code_table_registry_and_specs_agree() -> None:
    """Each rule is the source of its metadata: its spec's front matter says the same;
    a code no rule declares is in the code table, and its spec says what the table does;
    a rule taking a code of the table (a contract of design §3) keeps its name,
    severity and group."""
    rules = all_rules()
    for code, doc in SPECS.items():
        rule = rules.get(code)
        if rule is not None:
            assert _said_by_spec(doc) == _said_by_rule(rule), code
            assert rule.docs == f"{code}.md", f"{code}: a built-in rule links its spec"
        else:
            name, severity = CODES[code]
            fixes = tuple((f.applicability.value, f.condition) for f in META_FIXES.get(code, ()))
            assert _said_by_spec(doc) == (code, name, severity.label, fixes, None)
    for code, rule in rules.items():
        if code in CODES:
            assert (rule.name, rule.severity) == CODES[code], code
        if code in HARDENING:
            assert rule.group == "hardening", code
    assert set(HARDENING) <= set(CODES) | set(rules)


@pytest.mark.parametrize("code", sorted(SPECS))
def test_sections_are_present_and_in_order(code: str) -> None:
    doc = SPECS[code]
    expected = list(SECTIONS)
    if doc.fix != "none":
        expected.insert(expected.index("Fix safety"), FIXED)
    assert list(doc.sections) == expected
    for heading, body in doc.sections.items():
        assert body.strip(), f"{code}: section '{heading}' is empty"


@pytest.mark.parametrize("code", sorted(SPECS))
def test_example_titles_are_relative_paths(code: str) -> None:
    for files in SPECS[code].examples.values():
        for example in files:
            assert not example.path.startswith("/")
            assert ".." not in example.path.split("/")
            assert example.text.endswith("\n")


# -- examples -----------------------------------------------------------------------


@pytest.mark.parametrize("code", RUNNABLE)
def test_example_is_reported(code: str, tmp_path: Path) -> None:
    doc = SPECS[code]
    assert doc.examples.get("Example"), f"{code}: 'Example' has no file block"
    _write(tmp_path, doc.examples["Example"])
    found = _codes_by_file(tmp_path, code)
    main = _main(doc).path
    assert code in found.get(main, set()), f"{code} not reported in {main}: {found}"
    for script in _scripts(doc, "Example") + _pythons(doc, "Example") + _embedded(doc, "Example"):
        assert code in found.get(script.path, set()), f"{code} not reported in {script.path}"


@pytest.mark.parametrize("code", WITH_EMBEDDED)
def test_spec_shows_each_embedding_kind(code: str) -> None:
    """The spec shows the command in a Makefile, a workflow, a GitLab CI file and Markdown
    in its Example and its Use instead (and its Fixed, for a rule with a fix)."""
    doc = SPECS[code]
    headings = ["Example", "Use instead"] + ([FIXED] if doc.fix != "none" else [])
    for heading in headings:
        kinds = [_embedding_kind(f.path) for f in _embedded(doc, heading)]
        assert kinds == list(EMBEDDING_KINDS), (code, heading, kinds)
        assert all("docker " in f.text for f in _embedded(doc, heading))


@pytest.mark.parametrize("code", WITH_COMMAND_LINE)
def test_spec_shows_a_command_line(code: str) -> None:
    """The spec of a rule that command lines trigger shows one: a ``docker run`` line in
    its Example and its Use instead (and its Fixed, for a rule with a fix)."""
    doc = SPECS[code]
    headings = ["Example", "Use instead"] + ([FIXED] if doc.fix != "none" else [])
    for heading in headings:
        scripts = _scripts(doc, heading)
        assert scripts, f"{code}: '{heading}' has no sh block"
        assert all(s.path.endswith(".sh") for s in scripts)
        assert any("docker " in s.text for s in scripts)


@pytest.mark.parametrize("code", WITH_PYTHON)
def test_spec_shows_python(code: str) -> None:
    """The spec of a rule whose mistake Python writes differently shows it: a Python file
    that starts a container in its Example and its Use instead (and its Fixed, for a rule
    with a fix); each compiles."""
    doc = SPECS[code]
    headings = ["Example", "Use instead"] + ([FIXED] if doc.fix != "none" else [])
    for heading in headings:
        pythons = _pythons(doc, heading)
        assert pythons, f"{code}: '{heading}' has no python block"
        for python in pythons:
            assert python.path.endswith(".py") and "containers.run(" in python.text
            compile(python.text, python.path, "exec")


@pytest.mark.parametrize("code", RUNNABLE)
def test_use_instead_is_not_reported(code: str, tmp_path: Path) -> None:
    doc = SPECS[code]
    assert doc.examples.get("Use instead"), f"{code}: 'Use instead' has no file block"
    _write(tmp_path, doc.examples["Use instead"])
    found = _codes_by_file(tmp_path, code)
    reported = {path: codes for path, codes in found.items() if code in codes}
    assert not reported, f"{code} still reported for 'Use instead': {reported}"


@pytest.mark.parametrize("code", WITH_FIX)
def test_fix_turns_example_into_fixed(code: str, tmp_path: Path) -> None:
    doc = SPECS[code]
    assert doc.examples.get(FIXED), f"{code}: 'Fixed' has no file block"
    _write(tmp_path, doc.examples["Example"])
    outcome = fix_run([str(tmp_path)], unsafe=True, selection=_with(code), environ={})
    assert not outcome.failures, [d.message for d in outcome.failures]
    changed = {Path(os.path.relpath(p, tmp_path)).as_posix(): t for p, t in outcome.changed.items()}
    main = _main(doc).path
    assert main in changed, f"{code}: the fix changed nothing in {main}"
    for expected in doc.examples[FIXED]:
        original = (tmp_path / expected.path).read_text(encoding="utf-8")
        assert changed.get(expected.path, original) == expected.text


@pytest.mark.parametrize("code", WITH_FIX)
def test_fixed_text_is_a_fixed_point(code: str, tmp_path: Path) -> None:
    doc = SPECS[code]
    _write(tmp_path, doc.examples["Example"])
    _write(tmp_path, doc.examples[FIXED])
    outcome = fix_run([str(tmp_path)], unsafe=True, selection=_with(code), environ={})
    assert outcome.changed == {}
    assert not outcome.failures
    assert code not in _codes_by_file(tmp_path, code).get(_main(doc).path, set())


# -- the docs module ------------------------------------------------------------------


def test_load_doc_and_all_docs_cover_every_rule() -> None:
    docs = all_docs()
    assert set(all_rules()) <= set(docs)
    assert list(docs) == sorted(docs)
    doc = load_doc("cl102")
    assert doc is not None and doc.code == "CL102"
    assert load_doc("CL999") is None
    assert load_doc("../README") is None


def test_render_terminal_has_no_markdown_fences() -> None:
    for doc in all_docs().values():
        text = render_terminal(doc)
        assert text.startswith(f"{doc.code} {doc.name}\n")
        assert "```" not in text
        assert "## " not in text
        for heading in doc.sections:
            assert f"\n{heading}\n" in text


def test_rule_table_lists_every_doc_in_code_order() -> None:
    table = rule_table_markdown().splitlines()
    assert table[0] == "| code | name | severity | fix | checks |"
    rows = table[2:]
    docs = all_docs()
    assert len(rows) == len(docs)
    for row, (code, doc) in zip(rows, docs.items(), strict=True):
        cells = [c.strip() for c in row.strip("|").split(" | ")]
        assert code in cells[0]
        assert cells[1] == f"`{doc.name}`"
        assert cells[2:4] == [doc.severity, doc.fix]
        assert cells[4] == doc.summary and cells[4].endswith(".")


def test_first_sentence_ignores_dots_in_code_and_abbreviations() -> None:
    text = "Binds `127.0.0.1` to ports, e.g. `8080`, in compose.yaml files.\nMore text."
    assert first_sentence(text) == "Binds `127.0.0.1` to ports, e.g. `8080`, in compose.yaml files."


def test_parse_doc_reads_front_matter_sections_and_examples() -> None:
    text = (
        "---\ncode: XX001\nname: demo\nseverity: warning\n---\n\n"
        "## What it does\n\nDemo. More.\n\n"
        "## Example\n\n"
        '```yaml title="compose.yaml"\nservices: {}\n## not a heading\n```\n\n'
        "```text\noutput, not a file\n```\n"
    )
    doc = parse_doc(text)
    assert (doc.code, doc.name, doc.severity, doc.fix) == ("XX001", "demo", "warning", "none")
    assert list(doc.sections) == ["What it does", "Example"]
    assert doc.summary == "Demo."
    assert doc.examples == {
        "Example": [ExampleFile("compose.yaml", "yaml", "services: {}\n## not a heading\n")]
    }


def test_front_matter_states_each_fix_level_with_its_condition() -> None:
    text = (
        "---\ncode: XX001\nname: demo\nseverity: warning\n"
        "fix-unsafe: for a directory\nfix-safe: for a single file\ngroup: hardening\n---\n\n"
        "## What it does\n\nDemo.\n"
    )
    doc = parse_doc(text)
    assert doc.fixes == (("safe", "for a single file"), ("unsafe", "for a directory"))
    assert doc.fix == "safe, unsafe" and doc.group == "hardening"
    rendered = render_terminal(doc)
    assert "Fix: safe for a single file.\nFix: unsafe for a directory.\n" in rendered


def test_front_matter_with_an_unknown_key_is_refused() -> None:
    with pytest.raises(DocError, match="unknown keys \\['fix'\\]"):
        parse_doc("---\ncode: XX001\nname: demo\nseverity: warning\nfix: safe\n---\n")
