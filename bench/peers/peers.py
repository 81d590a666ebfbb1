"""Score composelint on the peers' own tests (compose-lint, dclint, hadolint).

The inputs are read at run time from local git mirrors of the peers' repositories
(never downloaded, never copied into this repository), written into a work directory,
checked with one composelint run, and scored against what each peer's test asserts,
mapped to composelint codes by ``mapping.py``.

    python bench/peers/peers.py --mirror /work/.mirror [--work DIR] [--out results.md]
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import json
import re
import subprocess
import sys
import tempfile
import textwrap
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from mapping import PEERS  # noqa: E402

REPOS = {
    "compose-lint": "tmatens/compose-lint",
    "dclint": "zavoloklom/docker-compose-linter",
    "hadolint": "hadolint/hadolint",
}
HADOLINT_RULES = ("DL3002", "DL3004", "DL3006", "DL3007")


@dataclass
class Case:
    peer: str
    rule: str
    test: str  # file::test name
    kind: str  # "compose" or "dockerfile"
    text: str
    expect: str  # "flagged" or "clean"
    services: tuple[str, ...] = ()  # where the finding is expected / must be absent; () = file
    # filled in by the run
    found: list[str] = field(default_factory=list)
    input_dir: Path | None = None


# --------------------------------------------------------------------------------------
# compose-lint: a small interpreter over the test functions' AST
# --------------------------------------------------------------------------------------


class Unknown:
    pass


UNKNOWN = Unknown()


@dataclass
class Fixture:
    name: str


@dataclass
class Loaded:
    text: str


@dataclass
class Data:
    text: str


@dataclass
class RuleObj:
    rule: str


@dataclass
class RuleClass:
    rule: str


@dataclass
class Probe:
    rule: str
    text: str
    service: str


@dataclass
class LenOf:
    probe: Probe


class SelfObj:
    def __init__(self) -> None:
        self.attrs: dict[str, Any] = {}


class _Return(Exception):
    def __init__(self, value: Any) -> None:
        self.value = value


_RULE_MODULE = re.compile(r"compose_lint\.rules\.(CL\d{4})_")


class PyTestInterpreter:
    """Evaluate just enough of a compose-lint test file to learn, for each assertion on
    a rule's findings, the YAML checked, the service, the rule and the expectation."""

    def __init__(self, source: str, fixtures: dict[str, str], file_rule: str, filename: str):
        self.tree = ast.parse(source)
        self.fixtures = fixtures
        self.file_rule = file_rule
        self.filename = filename
        self.classes: dict[str, str] = {}  # rule class name -> CL-00nn
        self.functions: dict[str, ast.FunctionDef] = {}
        self.cases: list[Case] = []
        self._test = ""
        for node in ast.walk(self.tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                m = _RULE_MODULE.match(node.module + "_")
                if m:
                    rid = "CL-" + m.group(1)[2:]
                    for alias in node.names:
                        self.classes[alias.asname or alias.name] = rid
        for node in self.tree.body:
            if isinstance(node, ast.FunctionDef):
                self.functions[node.name] = node

    def run(self) -> list[Case]:
        for node in self.tree.body:
            if isinstance(node, ast.FunctionDef) and node.name.startswith("test"):
                self._run_test(node, None, {})
            elif isinstance(node, ast.ClassDef) and node.name.startswith("Test"):
                methods = {n.name: n for n in node.body if isinstance(n, ast.FunctionDef)}
                for name, fn in methods.items():
                    if name.startswith("test"):
                        self_obj = SelfObj()
                        if "setup_method" in methods:
                            self._call(methods["setup_method"], [self_obj], {}, methods)
                        self._run_test(fn, self_obj, methods, node.name)
        return self.cases

    def _run_test(
        self,
        fn: ast.FunctionDef,
        self_obj: SelfObj | None,
        methods: dict[str, ast.FunctionDef],
        cls: str = "",
    ) -> None:
        self._test = f"{self.filename}::{cls + '::' if cls else ''}{fn.name}"
        for env in self._parametrize(fn):
            if self_obj is not None:
                env = {"self": self_obj, **env}
            try:
                self._exec(fn.body, env, methods)
            except _Return:
                pass
            except RecursionError:
                pass

    def _parametrize(self, fn: ast.FunctionDef) -> list[dict[str, Any]]:
        envs: list[dict[str, Any]] = [{}]
        for dec in fn.decorator_list:
            if (
                isinstance(dec, ast.Call)
                and isinstance(dec.func, ast.Attribute)
                and dec.func.attr == "parametrize"
                and len(dec.args) >= 2
            ):
                try:
                    names = ast.literal_eval(dec.args[0])
                    values = ast.literal_eval(dec.args[1])
                except ValueError:
                    return []
                if isinstance(names, str):
                    names = [n.strip() for n in names.split(",")]
                new: list[dict[str, Any]] = []
                for env in envs:
                    for value in values:
                        vals = value if len(names) > 1 else (value,)
                        new.append({**env, **dict(zip(names, vals, strict=False))})
                envs = new
        return envs

    # statements ----------------------------------------------------------------------

    def _exec(
        self, body: list[ast.stmt], env: dict[str, Any], methods: dict[str, ast.FunctionDef]
    ) -> None:
        for stmt in body:
            if isinstance(stmt, ast.Assign):
                value = self._eval(stmt.value, env, methods)
                for target in stmt.targets:
                    self._bind(target, value, env)
            elif isinstance(stmt, ast.AnnAssign) and stmt.value is not None:
                self._bind(stmt.target, self._eval(stmt.value, env, methods), env)
            elif isinstance(stmt, ast.Expr):
                self._eval(stmt.value, env, methods)
            elif isinstance(stmt, ast.For):
                seq = self._eval(stmt.iter, env, methods)
                if isinstance(seq, (list, tuple)):
                    for item in seq:
                        self._bind(stmt.target, item, env)
                        self._exec(stmt.body, env, methods)
            elif isinstance(stmt, ast.Assert):
                self._assert(stmt.test, env, methods)
            elif isinstance(stmt, ast.Return):
                raise _Return(self._eval(stmt.value, env, methods) if stmt.value else None)
            elif isinstance(stmt, ast.With):
                self._exec(stmt.body, env, methods)

    def _bind(self, target: ast.expr, value: Any, env: dict[str, Any]) -> None:
        if isinstance(target, ast.Name):
            env[target.id] = value
        elif isinstance(target, ast.Tuple):
            if isinstance(value, Loaded):
                values: Any = [Data(value.text)] + [UNKNOWN] * (len(target.elts) - 1)
            elif isinstance(value, (list, tuple)) and len(value) == len(target.elts):
                values = value
            else:
                values = [UNKNOWN] * len(target.elts)
            for t, v in zip(target.elts, values, strict=True):
                self._bind(t, v, env)
        elif (
            isinstance(target, ast.Attribute)
            and isinstance(target.value, ast.Name)
            and isinstance(env.get(target.value.id), SelfObj)
        ):
            env[target.value.id].attrs[target.attr] = value

    def _assert(
        self, test: ast.expr, env: dict[str, Any], methods: dict[str, ast.FunctionDef]
    ) -> None:
        expect: str | None = None
        probe: Probe | None = None
        if isinstance(test, ast.Compare) and len(test.ops) == 1:
            left = self._eval(test.left, env, methods)
            right = self._eval(test.comparators[0], env, methods)
            op = test.ops[0]
            if isinstance(left, LenOf) and isinstance(right, int):
                probe = left.probe
                if isinstance(op, ast.Eq):
                    expect = "flagged" if right > 0 else "clean"
                elif (
                    isinstance(op, ast.GtE) and right >= 1 or isinstance(op, ast.Gt) and right >= 0
                ):
                    expect = "flagged"
            elif isinstance(left, Probe) and right == [] and isinstance(op, (ast.Eq, ast.Is)):
                probe, expect = left, "clean"
        elif isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
            value = self._eval(test.operand, env, methods)
            if isinstance(value, Probe):
                probe, expect = value, "clean"
        else:
            value = self._eval(test, env, methods)
            if isinstance(value, Probe):
                probe, expect = value, "flagged"
        if probe is not None and expect is not None:
            self.cases.append(
                Case(
                    "compose-lint",
                    probe.rule,
                    self._test,
                    "compose",
                    probe.text,
                    expect,
                    (probe.service,),
                )
            )

    # expressions ---------------------------------------------------------------------

    def _eval(
        self, node: ast.expr | None, env: dict[str, Any], methods: dict[str, ast.FunctionDef]
    ) -> Any:
        if node is None:
            return None
        if isinstance(node, ast.Constant):
            return node.value
        if isinstance(node, ast.Name):
            if node.id == "FIXTURES":
                return Fixture("")
            if node.id in env:
                return env[node.id]
            if node.id in self.classes:
                return RuleClass(self.classes[node.id])
            return UNKNOWN
        if isinstance(node, (ast.Tuple, ast.List)):
            items = [self._eval(e, env, methods) for e in node.elts]
            return items if isinstance(node, ast.List) else tuple(items)
        if isinstance(node, ast.Dict):
            try:
                return ast.literal_eval(node)
            except ValueError:
                return UNKNOWN
        if isinstance(node, ast.JoinedStr):
            parts = []
            for v in node.values:
                if isinstance(v, ast.Constant):
                    parts.append(str(v.value))
                elif isinstance(v, ast.FormattedValue):
                    inner = self._eval(v.value, env, methods)
                    if not isinstance(inner, (str, int)):
                        return UNKNOWN
                    parts.append(str(inner))
            return "".join(parts)
        if isinstance(node, ast.BinOp):
            left = self._eval(node.left, env, methods)
            right = self._eval(node.right, env, methods)
            if (
                isinstance(node.op, ast.Div)
                and isinstance(left, Fixture)
                and isinstance(right, str)
            ):
                return Fixture(right)
            if isinstance(node.op, ast.Add) and isinstance(left, str) and isinstance(right, str):
                return left + right
            return UNKNOWN
        if isinstance(node, ast.Subscript):
            base = self._eval(node.value, env, methods)
            if isinstance(base, Data):
                return base
            return UNKNOWN
        if isinstance(node, ast.Attribute):
            base = self._eval(node.value, env, methods)
            if isinstance(base, SelfObj):
                return base.attrs.get(node.attr, UNKNOWN)
            return UNKNOWN
        if isinstance(node, ast.Call):
            return self._eval_call(node, env, methods)
        return UNKNOWN

    def _eval_call(
        self, node: ast.Call, env: dict[str, Any], methods: dict[str, ast.FunctionDef]
    ) -> Any:
        func = node.func
        name = (
            func.id
            if isinstance(func, ast.Name)
            else func.attr
            if isinstance(func, ast.Attribute)
            else ""
        )
        args = [self._eval(a, env, methods) for a in node.args]
        kwargs = {k.arg: self._eval(k.value, env, methods) for k in node.keywords if k.arg}
        if name == "load_compose" and args:
            src = args[0]
            fname = (
                src.name
                if isinstance(src, Fixture)
                else Path(src).name
                if isinstance(src, str)
                else ""
            )
            return Loaded(self.fixtures[fname]) if fname in self.fixtures else UNKNOWN
        if name == "loads" and args and isinstance(args[0], str):
            return Loaded(args[0])
        if name == "dedent" and args and isinstance(args[0], str):
            return textwrap.dedent(args[0])
        if name in ("list", "tuple") and args and isinstance(args[0], Probe):
            return args[0]
        if name == "len" and args and isinstance(args[0], Probe):
            return LenOf(args[0])
        if name == "check" and isinstance(func, ast.Attribute) and len(args) >= 2:
            target = self._eval(func.value, env, methods)
            rule = target.rule if isinstance(target, RuleObj) else None
            if rule is None:
                return UNKNOWN
            service, svc, data = args[0], args[1], args[2] if len(args) > 2 else None
            if not isinstance(service, str):
                return UNKNOWN
            if isinstance(data, Data):
                return Probe(rule, data.text, service)
            if isinstance(svc, dict):
                doc = {"services": {service: svc}}
                return Probe(rule, json.dumps(doc, indent=2) + "\n", service)
            return UNKNOWN
        if isinstance(func, ast.Name) and func.id in self.classes and func.id[:1].isupper():
            return RuleObj(self.classes[func.id])
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
            owner = env.get(func.value.id)
            if isinstance(owner, SelfObj) and func.attr in methods:
                return self._call(methods[func.attr], [owner, *args], kwargs, methods)
        if isinstance(func, ast.Name) and func.id in self.functions:
            return self._call(self.functions[func.id], args, kwargs, methods)
        return UNKNOWN

    def _call(
        self,
        fn: ast.FunctionDef,
        args: list[Any],
        kwargs: dict[str, Any],
        methods: dict[str, ast.FunctionDef],
    ) -> Any:
        params = [a.arg for a in fn.args.args]
        defaults = fn.args.defaults
        env: dict[str, Any] = {}
        for i, p in enumerate(params):
            if i < len(args):
                env[p] = args[i]
            elif p in kwargs:
                env[p] = kwargs[p]
            else:
                j = i - (len(params) - len(defaults))
                env[p] = self._eval(defaults[j], {}, methods) if j >= 0 else UNKNOWN
        self_obj = env.get("self")
        if isinstance(self_obj, SelfObj) and "rule" not in self_obj.attrs:
            self_obj.attrs["rule"] = RuleObj(self.file_rule)
        try:
            self._exec(fn.body, env, methods)
        except _Return as r:
            return r.value
        return None


def compose_lint_cases(
    read: Callable[[str], str], files: list[str], stats: dict[str, int] | None = None
) -> list[Case]:
    fixtures = {Path(f).name: read(f) for f in files if f.startswith("tests/compose_files/")}
    cases: list[Case] = []
    for f in files:
        m = re.fullmatch(r"tests/test_(CL)(\d{4})\.py", f)
        if not m:
            continue
        rule = f"CL-{m.group(2)}"
        source = read(f)
        cases += python_test_cases(source, fixtures, rule, Path(f).name)
        if stats is not None:
            stats["test functions"] = stats.get("test functions", 0) + sum(
                1
                for n in ast.walk(ast.parse(source))
                if isinstance(n, ast.FunctionDef) and n.name.startswith("test")
            )
    if stats is not None:
        stats["with a followed assertion"] = len({c.test for c in cases})
    return cases


def python_test_cases(
    source: str, fixtures: dict[str, str], rule: str, filename: str
) -> list[Case]:
    """The inputs and expectations of one compose-lint test file."""
    return PyTestInterpreter(source, fixtures, rule, filename).run()


# --------------------------------------------------------------------------------------
# dclint: template literals and expectedMessages in tests/rules/*.spec.ts
# --------------------------------------------------------------------------------------

_TEMPLATE = re.compile(r"const\s+(\w+)(?:\s*:\s*string)?\s*=\s*`(.*?)`;", re.S)
_TEST = re.compile(r"^test\(\s*'((?:[^'\\]|\\.)*)'", re.M)


def dclint_cases(source: str, rule: str, filename: str) -> list[Case]:
    templates = dict(_TEMPLATE.findall(source))
    starts = [m.start() for m in _TEST.finditer(source)] + [len(source)]
    cases: list[Case] = []
    for start, end in zip(starts, starts[1:], strict=False):
        block = source[start:end]
        name_m = _TEST.match(block)
        doc = re.search(r"parseDocument\((\w+)\)", block)
        new = re.search(r"new\s+\w+Rule\((.*?)\);", block, re.S)
        exp = re.search(r"expectedMessages(?:\s*:[^=]*)?\s*=\s*\[(.*?)\];", block, re.S)
        if not (name_m and doc and exp) or doc.group(1) not in templates:
            continue
        if new and new.group(1).strip():
            continue  # a rule option of the peer's; composelint has none to match
        text = textwrap.dedent(templates[doc.group(1)]).lstrip("\n")
        if "${" in text:
            continue  # a JavaScript interpolation, not the file's text
        test = f"{filename}::{name_m.group(1)}"
        messages = re.findall(r"getMessage\(\s*\{(.*?)\}\s*\)", exp.group(1), re.S)
        if not messages:
            cases.append(Case("dclint", rule, test, "compose", text, "clean"))
        for msg in messages:
            services = tuple(re.findall(r"(?:serviceName|anotherService)\s*:\s*'([^']*)'", msg))
            cases.append(Case("dclint", rule, test, "compose", text, "flagged", services))
    return cases


# --------------------------------------------------------------------------------------
# hadolint: ruleCatches / ruleCatchesNot in test/Hadolint/Rule/DLnnnnSpec.hs
# --------------------------------------------------------------------------------------

_HS_STRING = r'"((?:[^"\\]|\\.|\\\s*\n\s*\\)*)"'
_HS_CHECK = re.compile(
    r"(onBuildRuleCatches(?:Not)?|ruleCatches(?:Not)?)\s+\"(DL\d{4})\"\s+"
    r"(?:\$\s*Text\.unlines\s+(\w+)|" + _HS_STRING + ")"
)


def _hs_unescape(s: str) -> str:
    s = re.sub(r"\\\s*\n\s*\\", "", s)  # string gap
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), s)


def hadolint_cases(source: str, rule: str, filename: str) -> list[Case]:
    cases: list[Case] = []
    its = [
        (m.start(), m.group(1)) for m in re.finditer(r'^\s*it\s+"((?:[^"\\]|\\.)*)"', source, re.M)
    ]
    its.append((len(source), ""))
    for (start, name), (end, _) in zip(its, its[1:], strict=False):
        block = source[start:end]
        lists = {
            m.group(1): [_hs_unescape(s) for s in re.findall(_HS_STRING, m.group(2))]
            for m in re.finditer(r"let\s+(\w+)\s*=\s*\[(.*?)\]\s*\n", block, re.S)
        }
        for m in _HS_CHECK.finditer(block):
            helper, code, var, literal = m.groups()
            if code != rule:
                continue
            if var is not None:
                if var not in lists:
                    continue
                text = "\n".join(lists[var]) + "\n"
            else:
                text = _hs_unescape(literal) + "\n"
            if helper.startswith("onBuild"):
                text = "".join(
                    "ONBUILD " + ln if ln.startswith("RUN ") else ln
                    for ln in text.splitlines(keepends=True)
                )
            if not re.match(r"\s*(#.*\n\s*)*FROM\b", text, re.I):
                text = "FROM debian:12.5\n" + text  # composelint needs a stage to check
            expect = "clean" if helper.endswith("Not") else "flagged"
            cases.append(Case("hadolint", rule, f"{filename}::{name}", "dockerfile", text, expect))
    return cases


# --------------------------------------------------------------------------------------
# reading the mirrors, running composelint, scoring
# --------------------------------------------------------------------------------------


def git_dir(mirror: Path, repo: str) -> Path:
    base = mirror / repo.replace("/", "+")
    for candidate in (base / "repo", base, base / ".git"):
        if (candidate / "HEAD").is_file():
            return candidate
    raise SystemExit(f"no git mirror of {repo} under {mirror} (looked for {base}/repo)")


def git(gd: Path, *args: str) -> str:
    return subprocess.run(
        ["git", f"--git-dir={gd}", *args], check=True, capture_output=True, text=True
    ).stdout


STATS: dict[str, int] = {}


def collect(mirror: Path) -> tuple[list[Case], dict[str, str]]:
    cases: list[Case] = []
    commits: dict[str, str] = {}
    for peer, repo in REPOS.items():
        gd = git_dir(mirror, repo)
        commit = git(gd, "rev-parse", "HEAD").strip()
        commits[peer] = commit
        files = git(gd, "ls-tree", "-r", "--name-only", commit).splitlines()

        def read(path: str, gd: Path = gd, commit: str = commit) -> str:
            return git(gd, "show", f"{commit}:{path}")

        if peer == "compose-lint":
            cases += compose_lint_cases(read, files, STATS)
        elif peer == "dclint":
            for f in files:
                m = re.fullmatch(r"tests/rules/(.+)-rule\.spec\.ts", f)
                if m:
                    cases += dclint_cases(read(f), m.group(1), Path(f).name)
        else:
            for f in files:
                m = re.fullmatch(r"test/Hadolint/Rule/(DL\d{4})Spec\.hs", f)
                if m and m.group(1) in HADOLINT_RULES:
                    cases += hadolint_cases(read(f), m.group(1), Path(f).name)
    return cases, commits


def service_spans(text: str) -> dict[str, tuple[int, int]]:
    """0-based line spans of the services under a top-level ``services:`` key (block
    style YAML, or the indented JSON this script writes)."""
    lines = text.splitlines()
    spans: dict[str, tuple[int, int]] = {}
    in_services = False
    indent: int | None = None
    current: str | None = None
    start = 0
    for i, line in enumerate(lines):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        col = len(line) - len(line.lstrip())
        if col == 0 or (text.lstrip().startswith("{") and col == 2):
            if current is not None:
                spans[current] = (start, i - 1)
                current = None
            in_services = bool(re.match(r'"?services"?\s*:', stripped))
            indent = None
            continue
        if not in_services:
            continue
        if indent is None:
            indent = col
        if col == indent:
            m = re.match(r"""["']?([^"':]+)["']?\s*:""", stripped)
            if m:
                if current is not None:
                    spans[current] = (start, i - 1)
                current, start = m.group(1), i
    if current is not None:
        spans[current] = (start, len(lines) - 1)
    return spans


def run_composelint(cases: list[Case], work: Path, python: str) -> list[str]:
    """Write every distinct input once, check them all in one run, and record in each
    case the codes found (in its services). Returns the findings' codes seen overall."""
    by_hash: dict[str, Path] = {}
    for case in cases:
        digest = hashlib.sha256((case.kind + case.text).encode()).hexdigest()[:16]
        d = work / "inputs" / digest
        if digest not in by_hash:
            d.mkdir(parents=True, exist_ok=True)
            (d / ("compose.yml" if case.kind == "compose" else "Dockerfile")).write_text(case.text)
            by_hash[digest] = d
        case.input_dir = by_hash[digest]
    proc = subprocess.run(
        [
            python,
            "-m",
            "composelint",
            "check",
            "--select",
            "ALL",
            "--output-format",
            "json",
            str(work / "inputs"),
        ],
        capture_output=True,
        text=True,
        cwd=work,
    )
    if proc.returncode not in (0, 1):
        raise SystemExit(f"composelint exited {proc.returncode}:\n{proc.stderr[-2000:]}")
    report = json.loads(proc.stdout)
    found: dict[Path, list[tuple[str, int]]] = {}
    for f in report["files"]:
        p = Path(f["uri"].removeprefix("file://")).parent
        found.setdefault(p, []).extend(
            (d["code"], d["range"]["start"]["line"]) for d in f["diagnostics"]
        )
    for case in cases:
        assert case.input_dir is not None
        diags = found.get(case.input_dir.resolve(), [])
        if case.services:
            spans = service_spans(case.text)
            wanted = [spans[s] for s in case.services if s in spans]
            diags = [(c, ln) for c, ln in diags if any(a <= ln <= b for a, b in wanted)]
        case.found = sorted({c for c, _ in diags})
    return sorted({c for diags in found.values() for c, _ in diags})


@dataclass
class Score:
    flagged: int = 0
    expected: int = 0
    clean_ok: int = 0
    clean: int = 0
    misses: list[Case] = field(default_factory=list)
    false: list[Case] = field(default_factory=list)


def score(cases: list[Case]) -> dict[tuple[str, str], Score]:
    scores: dict[tuple[str, str], Score] = {}
    for case in cases:
        codes, counted, _ = PEERS[case.peer].get(case.rule, ((), False, ""))
        if not counted:
            continue
        s = scores.setdefault((case.peer, case.rule), Score())
        hit = any(c in case.found for c in codes)
        if case.expect == "flagged":
            s.expected += 1
            s.flagged += hit
            if not hit:
                s.misses.append(case)
        else:
            s.clean += 1
            s.clean_ok += not hit
            if hit:
                s.false.append(case)
    return scores


def _excerpt(case: Case) -> str:
    if case.kind == "dockerfile":
        body = [ln for ln in case.text.splitlines() if ln != "FROM debian:12.5"]
    else:
        spans = service_spans(case.text)
        lines = case.text.splitlines()
        if case.services and case.services[0] in spans:
            a, b = spans[case.services[0]]
            body = lines[a : b + 1]
        else:
            body = lines
    out = " ⏎ ".join(ln.strip() for ln in body if ln.strip())
    return (out[:160] + "…") if len(out) > 160 else out


def report(cases: list[Case], commits: dict[str, str], reasons: dict[str, str]) -> str:
    scores = score(cases)
    out = ["# composelint on the peers' own tests", ""]
    out.append(
        "Generated by `python bench/peers/peers.py`; sources: "
        + ", ".join(f"{REPOS[p]}@{c[:12]}" for p, c in commits.items())
        + "."
    )
    out.append("")
    total_f = sum(s.flagged for s in scores.values())
    total_e = sum(s.expected for s in scores.values())
    total_c = sum(s.clean - s.clean_ok for s in scores.values())
    total_n = sum(s.clean for s in scores.values())
    pct = 100 * total_f / total_e if total_e else 0.0
    out.append(
        f"**All peers: {total_f}/{total_e} expected findings found ({pct:.1f}%); "
        f"{total_c} of {total_n} clean inputs with a mapped finding.**"
    )
    avail = [
        s
        for (p, r), s in scores.items()
        if not all(reason_for(reasons, c).startswith("missing") for c in s.misses) or not s.misses
    ]
    af, ae = sum(s.flagged for s in avail), sum(s.expected for s in avail)
    boundary = sum(
        1 for s in scores.values() for c in s.false if reason_for(reasons, c).startswith("boundary")
    )
    out.append(
        f"Rules that composelint implements here (rows whose misses are not all "
        f"'missing'): {af}/{ae} ({100 * af / ae if ae else 0:.1f}%). Clean inputs with a "
        f"mapped finding that another peer rule of the same code claims (boundary): "
        f"{boundary}; others: {total_c - boundary}."
    )
    per_peer = {p: sum(1 for c in cases if c.peer == p) for p in REPOS}
    out.append("Cases read: " + ", ".join(f"{p} {n}" for p, n in per_peer.items()) + ".")
    if STATS:
        out.append(
            f"compose-lint test functions: {STATS.get('test functions', 0)}, of which "
            f"{STATS.get('with a followed assertion', 0)} with an assertion on a rule's "
            "findings that the script follows; the others test messages, fixes and "
            "metadata, or build their input in a way it does not follow."
        )
    out.append("")
    out.append(
        "| peer | rule | composelint | expected found | clean inputs with a mapped finding |"
    )
    out.append("|---|---|---|---|---|")
    for peer in REPOS:
        pf = [s for (p, _), s in scores.items() if p == peer]
        for (p, rule), s in sorted(scores.items()):
            if p != peer:
                continue
            codes = "/".join(PEERS[p][rule][0]) or "–"
            out.append(
                f"| {p} | {rule} | {codes} | {s.flagged}/{s.expected} | "
                f"{s.clean - s.clean_ok}/{s.clean} |"
            )
        out.append(
            f"| **{peer}** | **all** | | **{sum(s.flagged for s in pf)}/"
            f"{sum(s.expected for s in pf)}** | **{sum(s.clean - s.clean_ok for s in pf)}/"
            f"{sum(s.clean for s in pf)}** |"
        )
    skipped = sorted(
        {f"{c.peer} {c.rule}" for c in cases if not PEERS[c.peer].get(c.rule, ((), False, ""))[1]}
    )
    if skipped:
        out += [
            "",
            "Not scored (style or ordering rules, not carried): " + ", ".join(skipped) + ".",
        ]
    for title, attr in (("misses", "misses"), ("clean inputs with a mapped finding", "false")):
        counts: dict[str, int] = {}
        for s in scores.values():
            for c in getattr(s, attr):
                category = reason_for(reasons, c).split(":", 1)[0] or "unexplained"
                counts[category] = counts.get(category, 0) + 1
        if counts:
            out += [
                "",
                f"By reason, {title}: "
                + ", ".join(f"{k} {v}" for k, v in sorted(counts.items(), key=lambda kv: -kv[1]))
                + ".",
            ]
    for title, attr in (("Misses", "misses"), ("Mapped findings on clean inputs", "false")):
        out += ["", f"## {title}", ""]
        rows = [(k, c) for k, s in sorted(scores.items()) for c in getattr(s, attr)]
        if not rows:
            out.append("None.")
            continue
        out.append("| peer rule | test | input | found | reason |")
        out.append("|---|---|---|---|---|")
        for (peer, rule), c in rows:
            reason = reason_for(reasons, c)
            found = ", ".join(c.found) or "nothing"
            out.append(
                f"| {peer} {rule} | `{c.test}` | `{_excerpt(c)}` | {found} | {reason} |".replace(
                    "\n", " "
                )
            )
    return "\n".join(out) + "\n"


def reason_for(reasons: dict[str, str], case: Case) -> str:
    short = case.test.split("::", 1)[1] if "::" in case.test else case.test
    for key in (
        f"{case.peer} {case.rule} {case.test}",
        f"{case.peer} {case.rule} {short}",
        f"{case.peer} {case.rule}",
    ):
        if key in reasons:
            return reasons[key]
    return ""


def load_reasons(path: Path) -> dict[str, str]:
    """``reasons.tsv``: key (``peer rule`` or ``peer rule test``) TAB reason."""
    reasons: dict[str, str] = {}
    if path.is_file():
        for line in path.read_text().splitlines():
            if line.strip() and not line.startswith("#") and "\t" in line:
                key, reason = line.split("\t", 1)
                reasons[key.strip()] = reason.strip()
    return reasons


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--mirror",
        type=Path,
        default=Path("/work/.mirror"),
        help="folder of the peers' git mirrors, as owner+name/repo",
    )
    ap.add_argument(
        "--work",
        type=Path,
        default=None,
        help="where the inputs are written (default: a temporary directory)",
    )
    ap.add_argument("--python", default=sys.executable, help="the Python that runs composelint")
    ap.add_argument("--out", type=Path, default=None, help="also write the report here")
    ns = ap.parse_args(argv)
    cases, commits = collect(ns.mirror)
    with tempfile.TemporaryDirectory(prefix="composelint-peers-") as tmp:
        work = (ns.work or Path(tmp)).resolve()
        work.mkdir(parents=True, exist_ok=True)
        run_composelint(cases, work, ns.python)
    text = report(cases, commits, load_reasons(Path(__file__).resolve().parent / "reasons.tsv"))
    print(text, end="")
    if ns.out:
        ns.out.write_text(text)
    return 0


def iter_rows() -> Iterator[tuple[str, str, tuple[str, ...], bool, str]]:
    for peer, table in PEERS.items():
        for rule, (codes, counted, note) in table.items():
            yield peer, rule, codes, counted, note


if __name__ == "__main__":
    raise SystemExit(main())
