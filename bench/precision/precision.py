"""Precision evaluation of composelint on real compose files from fetched repositories.

Standard library only, plus composelint itself (run as ``python -m composelint``). The
script never downloads: it reads bare git directories that are already on this machine
(``<mirror>/<owner>+<name>/repo``, or ``<mirror>/<owner>+<name>`` itself when it is the git
directory), materialises the listed files at their commits into a work directory outside
the repository, and checks them there.

Subcommands (see README.md beside this file):

  list     write files.tsv from the mirrors (seeded choice of compose files per repository),
           or append a set of repositories to it (``--as-set fresh --append``)
  check    materialise the listed files and run ``composelint check --output-format json``
           (``--dry-run``: materialise and count them only)
  sample   a seeded, stratified sample of findings: sample-<seed>.tsv
  score    precision from verdicts-<seed>.tsv
  fixes    ``--diff --unsafe-fixes`` for a seeded sample of projects, and ``--fix
           --unsafe-fixes`` on a copy of every listed file
"""

from __future__ import annotations

import argparse
import collections
import csv
import json
import os
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
FILES_TSV = HERE / "files.tsv"
DEFAULT_MIRROR = Path("/work/.mirror")
DEFAULT_WORK = Path("/tmp/composelint-precision")

COMPOSE_NAME = re.compile(
    r"(^|/)(compose\.ya?ml|docker-compose[^/]*\.ya?ml|compose\.[^/]*\.ya?ml|[^/]*\.compose\.ya?ml)$"
)
DOCKERFILE_NAME = re.compile(
    r"(^|/)(Dockerfile|Dockerfile\.[^/]*|[^/]*\.Dockerfile|Containerfile|Containerfile\.[^/]*)$"
)
TREE_PREFIX = re.compile(r"[A-Za-z0-9_.-]+\+[A-Za-z0-9_.-]+@[0-9a-f]{12}/")
SEVERITY = {1: "error", 2: "warning", 3: "information", 4: "hint"}
SAMPLE_COLUMNS = ["repo", "commit", "path", "line", "code", "severity", "message"]
VERDICT_COLUMNS = ["repo", "commit", "path", "line", "code", "verdict", "reason"]
VERDICTS = ("right", "debatable", "wrong")
FILES_COLUMNS = ["repo", "commit", "path", "set"]
SETS = ("dev", "held-out", "fresh")


# ---------------------------------------------------------------------------- mirrors


def git_dir(mirror: Path, repo: str) -> Path:
    """The bare git directory of ``owner/name`` under the mirror folder."""
    base = mirror / repo.replace("/", "+")
    for candidate in (base / "repo", base, base / ".git"):
        if (candidate / "HEAD").is_file():
            return candidate
    raise SystemExit(f"{repo}: no git directory under {base} (fetch it first, see README.md)")


def git(gdir: Path, *args: str) -> bytes:
    return subprocess.run(
        ["git", "--git-dir", str(gdir), *args], check=True, capture_output=True
    ).stdout


def tree_name(repo: str, commit: str) -> str:
    return f"{repo.replace('/', '+')}@{commit[:12]}"


# ---------------------------------------------------------------------------- files.tsv


def read_files(path: Path, which: str) -> list[dict[str, str]]:
    with path.open(newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    if which != "all":
        rows = [r for r in rows if r["set"] == which]
    return rows


def cmd_list(args: argparse.Namespace) -> None:
    """Choose up to --per-repo compose files of each repository at its HEAD, seeded.

    The rows go to the set ``--as-set`` (``dev`` unless told), those of ``--hold-out``
    repositories to ``held-out``. ``--append`` adds them after the rows already in
    ``--out``, leaving those bytes as they are, and refuses a repository listed there."""
    rows = []
    held = set(args.hold_out)
    existing: list[dict[str, str]] = []
    if args.append:
        if not args.out.is_file():
            raise SystemExit(f"{args.out}: nothing to append to")
        existing = read_files(args.out, "all")
        already = {r["repo"] for r in existing} & set(args.repos)
        if already:
            raise SystemExit(f"already in {args.out}: {', '.join(sorted(already))}")
    for repo in args.repos:
        gdir = git_dir(args.mirror, repo)
        commit = git(gdir, "rev-parse", "HEAD").decode().strip()
        names = git(gdir, "ls-tree", "-r", "--name-only", commit).decode().splitlines()
        compose = sorted(n for n in names if COMPOSE_NAME.search(n))
        compose = [n for n in compose if not re.search(r"(^|/)(tests?|testdata|\.github)/", n)]
        rng = random.Random(f"{args.seed}:{repo}")
        chosen = sorted(rng.sample(compose, min(args.per_repo, len(compose))))
        for path in chosen:
            rows.append({"repo": repo, "commit": commit, "path": path,
                         "set": "held-out" if repo in held else args.as_set})
    if args.append:
        with args.out.open("rb") as f:
            tail = f.read()[-1:]
        with args.out.open("a", newline="") as f:
            if tail not in (b"", b"\n"):
                f.write("\n")
            w = csv.DictWriter(f, FILES_COLUMNS, delimiter="\t", lineterminator="\n")
            w.writerows(rows)
    else:
        with args.out.open("w", newline="") as f:
            w = csv.DictWriter(f, FILES_COLUMNS, delimiter="\t", lineterminator="\n")
            w.writeheader()
            w.writerows(rows)
    counts = collections.Counter(r["set"] for r in rows)
    print(f"{len(rows)} files from {len({r['repo'] for r in rows})} repositories "
          f"({len(args.repos)} named): {dict(counts)}"
          + (f", appended after {len(existing)} rows" if args.append else ""))
    for repo, n in sorted(collections.Counter(r["repo"] for r in rows).items()):
        print(f"  {repo:<45} {n:3d}")


# ---------------------------------------------------------------------------- materialise


def materialise(mirror: Path, rows: list[dict[str, str]], dest: Path) -> None:
    """Extract, per repository and commit, the directories of the listed files."""
    by_tree: dict[tuple[str, str], set[str]] = collections.defaultdict(set)
    for r in rows:
        by_tree[(r["repo"], r["commit"])].add(str(Path(r["path"]).parent))
    for (repo, commit), dirs in sorted(by_tree.items()):
        out = dest / tree_name(repo, commit)
        marker = out / ".materialised"
        if marker.is_file() and (out / ".beside").is_file():
            continue
        shutil.rmtree(out, ignore_errors=True)
        out.mkdir(parents=True)
        gdir = git_dir(mirror, repo)
        pathspec = [] if "." in dirs else sorted(dirs)
        extract(gdir, commit, pathspec, out)
        if pathspec:
            extract_beside(gdir, commit, ancestors(dirs), out)
        (out / ".materialised").write_text(commit + "\n")
        (out / ".beside").write_text("files beside the listed directories' parents\n")


def ancestors(dirs: set[str]) -> list[str]:
    """The directories above the listed ones, up to the repository's root ("")."""
    above: set[str] = set()
    for d in dirs:
        parent = Path(d).parent
        while True:
            above.add("" if str(parent) == "." else str(parent))
            if str(parent) == ".":
                break
            parent = parent.parent
    return sorted(above - dirs)


def extract_beside(gdir: Path, commit: str, directories: list[str], out: Path) -> None:
    """The YAML and env files directly in ``directories`` (not below them): a platform's
    common compose file (runtipi's ``apps/docker-compose.common.yml``) or a ``.env``
    above a project is part of what a user who checks the repository has."""
    wanted: list[str] = []
    for directory in directories:
        spec = f"{directory}/" if directory else "."
        listing = git(gdir, "ls-tree", "-z", "--name-only", commit, "--", spec)
        for entry in listing.split(b"\0"):
            name = entry.decode()
            base = name.rsplit("/", 1)[-1]
            if name and (base.endswith((".yml", ".yaml")) or base == ".env"):
                wanted.append(name)
    if wanted:
        extract(gdir, commit, wanted, out)


def extract(gdir: Path, commit: str, pathspec: list[str], out: Path) -> None:
    """Write the blobs under ``pathspec`` at ``commit`` below ``out``. Blobs the snapshot
    lacks (large files, LFS) and files over 1 MiB are left out; symlinks are not made."""
    listing = git(gdir, "ls-tree", "-r", "-l", "-z", commit, "--", *pathspec)
    wanted: list[tuple[str, str]] = []
    for entry in listing.split(b"\0"):
        if not entry:
            continue
        meta, path = entry.decode().split("\t", 1)
        mode, kind, sha, size = meta.split()
        if kind == "blob" and mode != "120000" and size.isdigit() and int(size) <= 1 << 20:
            wanted.append((sha, path))
    proc = subprocess.run(
        ["git", "--git-dir", str(gdir), "cat-file", "--batch"],
        input="".join(f"{sha}\n" for sha, _ in wanted).encode(),
        capture_output=True, check=True,
    )
    data, pos = proc.stdout, 0
    for _sha, path in wanted:
        nl = data.index(b"\n", pos)
        header = data[pos:nl].split()
        pos = nl + 1
        if header[-1] == b"missing":
            continue
        length = int(header[2])
        target = out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data[pos:pos + length])
        pos += length + 1


def dockerfiles_near(root: Path, compose_rel: str) -> list[str]:
    """Dockerfiles in a compose file's directory and two levels below it."""
    base = (root / compose_rel).parent
    found = []
    for dirpath, dirnames, filenames in os.walk(base):
        depth = len(Path(dirpath).relative_to(base).parts)
        if depth >= 2:
            dirnames[:] = []
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            rel = str((Path(dirpath) / name).relative_to(root))
            if DOCKERFILE_NAME.search(rel):
                found.append(rel)
    return found


def composelint_cmd() -> list[str]:
    return [sys.executable, "-m", "composelint"]


def write_out(args: argparse.Namespace) -> tuple[list[dict[str, str]],
                                                  dict[str, tuple[str, str, str, str]]]:
    """Materialise the rows of ``--set`` under ``<work>/tree`` and map each file to
    check (the listed compose files, the Dockerfiles near them), as a path relative to
    the tree, to its (repo, commit, path, set)."""
    rows = read_files(args.files, args.set)
    if not rows:
        raise SystemExit(f"{args.files}: no row in set {args.set!r}")
    tree = args.work / "tree"
    materialise(args.mirror, rows, tree)
    origin: dict[str, tuple[str, str, str, str]] = {}
    for r in rows:
        name = tree_name(r["repo"], r["commit"])
        origin[f"{name}/{r['path']}"] = (r["repo"], r["commit"], r["path"], r["set"])
        for d in dockerfiles_near(tree / name, r["path"]):
            origin.setdefault(f"{name}/{d}", (r["repo"], r["commit"], d, r["set"]))
    return rows, origin


def cmd_check(args: argparse.Namespace) -> None:
    rows, origin = write_out(args)
    tree = args.work / "tree"
    targets = sorted(origin)
    n_compose = sum(1 for k in targets if COMPOSE_NAME.search(k))
    if args.dry_run:
        missing = [k for k in targets if not (tree / k).is_file()]
        print(f"wrote {n_compose} compose files and {len(targets) - n_compose} Dockerfiles "
              f"from {len({r['repo'] for r in rows})} repositories into {tree} "
              f"(set {args.set}; composelint not run)")
        for repo, n in sorted(collections.Counter(r["repo"] for r in rows).items()):
            print(f"  {repo:<45} {n:3d}")
        if missing:
            print(f"{len(missing)} listed files not written (missing from the mirror):")
            for k in missing:
                print(f"  {k}")
            raise SystemExit(1)
        return
    proc = subprocess.run(
        [*composelint_cmd(), "check", "--output-format", "json", "--jobs", str(args.jobs),
         *targets],
        cwd=tree, capture_output=True, text=True,
    )
    if proc.returncode not in (0, 1, 2) or not proc.stdout.strip():
        sys.stderr.write(proc.stderr)
        raise SystemExit(f"composelint exited {proc.returncode}")
    doc = json.loads(proc.stdout)
    findings = []
    for entry in doc["files"]:
        key = entry["path"]
        if key not in origin:
            continue
        repo, commit, path, which = origin[key]
        for d in entry["diagnostics"]:
            fix = (d.get("data") or {}).get("fix")
            findings.append({
                "repo": repo, "commit": commit, "path": path,
                "line": d["range"]["start"]["line"] + 1, "code": d["code"],
                "severity": SEVERITY.get(d["severity"], str(d["severity"])),
                "message": TREE_PREFIX.sub("", d["message"]),
                "fix": fix["applicability"] if fix else "",
                "set": which,
            })
    out = args.work / f"findings-{args.set}.jsonl"
    with out.open("w") as f:
        for x in findings:
            f.write(json.dumps(x, sort_keys=True) + "\n")
    print(f"checked {n_compose} compose files and {len(targets) - n_compose} Dockerfiles "
          f"from {len({r['repo'] for r in rows})} repositories (exit {proc.returncode})")
    if doc.get("errors"):
        print(f"unreadable: {len(doc['errors'])}")
    print(f"{len(findings)} findings -> {out}")
    counts = collections.Counter((x["code"], x["severity"]) for x in findings)
    for (code, sev), n in sorted(counts.items()):
        print(f"  {code} {sev:<11} {n:5d}")


# ---------------------------------------------------------------------------- sample


def load_findings(work: Path, which: str) -> list[dict[str, object]]:
    path = work / f"findings-{which}.jsonl"
    if not path.is_file():
        raise SystemExit(f"{path} missing: run the check subcommand first")
    return [json.loads(line) for line in path.read_text().splitlines() if line]


def stratified(findings: list[dict[str, object]], seed: int, cap: int,
               target: int) -> list[dict[str, object]]:
    """Every code represented, at most ``cap`` a code (raised until ``target`` is met),
    spread over repositories within a code."""
    by_code: dict[str, list[dict[str, object]]] = collections.defaultdict(list)
    for f in sorted(findings, key=lambda x: (x["code"], x["repo"], x["path"], x["line"],
                                             x["message"])):
        by_code[str(f["code"])].append(f)
    rng = random.Random(seed)
    ordered: dict[str, list[dict[str, object]]] = {}
    for code, items in sorted(by_code.items()):
        per_repo: dict[str, list[dict[str, object]]] = collections.defaultdict(list)
        for it in items:
            per_repo[str(it["repo"])].append(it)
        for lst in per_repo.values():
            rng.shuffle(lst)
        repos = sorted(per_repo)
        rng.shuffle(repos)
        seq: list[dict[str, object]] = []
        while any(per_repo.values()):  # round-robin over repositories
            for r in repos:
                if per_repo[r]:
                    seq.append(per_repo[r].pop())
        ordered[code] = seq
    total = sum(len(v) for v in ordered.values())
    while cap < total and sum(min(cap, len(v)) for v in ordered.values()) < target:
        cap += 1
    picked = [f for seq in ordered.values() for f in seq[:cap]]
    return sorted(picked, key=lambda x: (x["code"], x["repo"], x["path"], x["line"]))


def judged_keys(out_dir: Path, but_seed: int | None = None) -> set[tuple[str, str, str, str]]:
    """(repo, path, line, code) of every finding judged in a ``verdicts-*.tsv`` of
    ``out_dir``, leaving out the verdicts of ``but_seed`` (the sample being drawn)."""
    keys: set[tuple[str, str, str, str]] = set()
    for path in sorted(out_dir.glob("verdicts-*.tsv")):
        if but_seed is not None and path.name == f"verdicts-{but_seed}.tsv":
            continue
        with path.open(newline="") as f:
            for row in csv.DictReader(f, delimiter="\t"):
                keys.add((row["repo"], row["path"], str(row["line"]), row["code"]))
    return keys


def cmd_sample(args: argparse.Namespace) -> None:
    findings = load_findings(args.work, args.set)
    if args.codes:
        findings = [f for f in findings if f["code"] in args.codes.split(",")]
    if args.exclude_judged:
        judged = judged_keys(args.out_dir, args.seed)
        before = len(findings)
        findings = [f for f in findings
                    if (str(f["repo"]), str(f["path"]), str(f["line"]), str(f["code"]))
                    not in judged]
        print(f"{before - len(findings)} findings already judged in verdicts-*.tsv left out")
    picked = stratified(findings, args.seed, args.cap, args.target)
    out = args.out_dir / f"sample-{args.seed}.tsv"
    with out.open("w", newline="") as f:
        w = csv.DictWriter(f, SAMPLE_COLUMNS, delimiter="\t", lineterminator="\n",
                           extrasaction="ignore")
        w.writeheader()
        w.writerows(picked)
    print(f"{len(picked)} of {len(findings)} findings -> {out}")
    for code, n in sorted(collections.Counter(str(p["code"]) for p in picked).items()):
        print(f"  {code} {n}")


# ---------------------------------------------------------------------------- score


def key_of(row: dict[str, str]) -> tuple[str, str, str, str, str]:
    return (row["repo"], row["commit"], row["path"], str(row["line"]), row["code"])


def precision_line(label: str, c: collections.Counter[str]) -> str:
    right, wrong, deb = c["right"], c["wrong"], c["debatable"]
    judged = right + wrong + deb
    prec = f"{100 * right / (right + wrong):5.1f}%" if right + wrong else "    -"
    share = f"{100 * deb / judged:3.0f}%" if judged else "  -"
    return (f"{label:<22} precision {prec} = {right}/({right}+{wrong})"
            f"   debatable {deb}/{judged} ({share})")


def cmd_score(args: argparse.Namespace) -> None:
    verdicts: list[dict[str, str]] = []
    severity: dict[tuple[str, ...], str] = {}
    judged: set[tuple[str, ...]] = set()
    for seed in args.seed:  # several seeds: their union, a finding counted once
        sample_path = args.out_dir / f"sample-{seed}.tsv"
        verdict_path = args.out_dir / f"verdicts-{seed}.tsv"
        with sample_path.open(newline="") as f:
            for row in csv.DictReader(f, delimiter="\t"):
                severity.setdefault(key_of(row), row["severity"])
        with verdict_path.open(newline="") as f:
            for row in csv.DictReader(f, delimiter="\t"):
                if row["verdict"] not in VERDICTS:
                    raise SystemExit(f"{verdict_path}: verdict {row['verdict']!r} for "
                                     f"{key_of(row)}")
                if key_of(row) not in severity:
                    raise SystemExit(f"{verdict_path}: {key_of(row)} is in no sample file")
                if key_of(row) not in judged:
                    judged.add(key_of(row))
                    verdicts.append(row)
    seen: set[tuple[str, ...]] = set()
    overall: collections.Counter[str] = collections.Counter()
    info: collections.Counter[str] = collections.Counter()
    per_code: dict[str, collections.Counter[str]] = collections.defaultdict(
        collections.Counter)
    for v in verdicts:
        k = key_of(v)
        seen.add(k)
        (info if severity[k] in ("information", "hint") else overall)[v["verdict"]] += 1
        per_code[v["code"]][v["verdict"]] += 1
    missing = len(severity) - len(seen)
    seeds = ", ".join(str(x) for x in args.seed)
    print(f"seed {seeds}: {len(seen)} of {len(severity)} sampled findings judged"
          + (f" ({missing} not yet)" if missing else ""))
    print(precision_line("warning+error", overall))
    print(precision_line("information", info))
    for code in sorted(per_code):
        print(precision_line(f"  {code}", per_code[code]))
    population = args.work / f"findings-{args.set}.jsonl"
    if population.is_file():
        # The sample is stratified (capped per code), so its overall figure weighs rare
        # codes as much as common ones; this estimate weighs each code by its count.
        counts = collections.Counter(
            str(f["code"]) for f in load_findings(args.work, args.set)
            if f["severity"] in ("error", "warning"))
        num = den = 0.0
        for code, n in counts.items():
            c = per_code.get(code)
            if c and c["right"] + c["wrong"]:
                num += n * c["right"] / (c["right"] + c["wrong"])
                den += n
        if den:
            print(f"weighted by each code's count of warning+error findings "
                  f"({int(den)} of {sum(counts.values())}): precision {100 * num / den:5.1f}%")
    wrong = [v for v in verdicts if v["verdict"] == "wrong"]
    if wrong:
        print("wrong findings:")
        for v in wrong:
            print(f"  {v['code']} {v['repo']}:{v['path']}:{v['line']}  {v['reason']}")


# ---------------------------------------------------------------------------- fixes


def cmd_fixes(args: argparse.Namespace) -> None:
    rows = read_files(args.files, args.set)
    tree = args.work / "tree"
    materialise(args.mirror, rows, tree)
    findings = load_findings(args.work, args.set)
    fixable = {(f["repo"], f["path"]) for f in findings if f["fix"]}
    candidates = sorted((r for r in rows if (r["repo"], r["path"]) in fixable),
                        key=lambda r: (r["repo"], r["path"]))
    rng = random.Random(args.seed)
    by_repo: dict[str, list[dict[str, str]]] = collections.defaultdict(list)
    for r in candidates:
        by_repo[r["repo"]].append(r)
    for lst in by_repo.values():
        rng.shuffle(lst)
    repos = sorted(by_repo)
    rng.shuffle(repos)
    chosen: list[dict[str, str]] = []
    while len(chosen) < args.projects and any(by_repo.values()):
        for repo in repos:
            if by_repo[repo] and len(chosen) < args.projects:
                chosen.append(by_repo[repo].pop())
    out = args.work / f"diffs-{args.seed}"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    index = []
    for r in sorted(chosen, key=lambda r: (r["repo"], r["path"])):
        target = f"{tree_name(r['repo'], r['commit'])}/{r['path']}"
        proc = subprocess.run([*composelint_cmd(), "check", "--diff", "--unsafe-fixes", target],
                              cwd=tree, capture_output=True, text=True)
        name = f"{r['repo'].replace('/', '+')}__{r['path'].replace('/', '__')}.diff"
        (out / name).write_text(proc.stdout + (("\n# stderr\n" + proc.stderr)
                                               if proc.stderr else ""))
        for f in findings:
            if f["repo"] == r["repo"] and f["path"] == r["path"] and f["fix"]:
                index.append(f"{name}\t{f['line']}\t{f['code']}\t{f['fix']}\t"
                             f"{str(f['message'])[:120]}")
    (out / "index.tsv").write_text("diff\tline\tcode\tfix\tmessage\n"
                                   + "\n".join(sorted(index)) + "\n")
    print(f"{len(chosen)} diffs -> {out} (index.tsv lists the fixes and their safety)")
    # --fix --unsafe-fixes on a copy of everything listed, then a check that it re-parses.
    copy = args.work / "fixed"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(tree, copy, symlinks=True)
    targets = sorted(f"{tree_name(r['repo'], r['commit'])}/{r['path']}" for r in rows)
    fix = subprocess.run([*composelint_cmd(), "check", "--fix", "--unsafe-fixes",
                          "--output-format", "json", *targets],
                         cwd=copy, capture_output=True, text=True)
    broken_before = sum(1 for f in findings if f["code"] in ("CL000", "CL001", "CL002"))
    after = subprocess.run([*composelint_cmd(), "check", "--output-format", "json",
                            "--select", "CL001,CL002,CL000", *targets],
                           cwd=copy, capture_output=True, text=True)
    broken = sum(len(e["diagnostics"]) for e in json.loads(after.stdout)["files"])
    changed = sum(
        1 for t in targets if (copy / t).read_bytes() != (tree / t).read_bytes())
    rolled_back = fix.stderr.count("rolled back")
    print(f"--fix --unsafe-fixes on a copy: exit {fix.returncode}, {rolled_back} rolled back, "
          f"{changed} of "
          f"{len(targets)} files changed; CL000/CL001/CL002 findings {broken_before} before, "
          f"{broken} after")


# ---------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--mirror", type=Path, default=DEFAULT_MIRROR,
                   help="folder of fetched repositories (default %(default)s)")
    p.add_argument("--work", type=Path, default=DEFAULT_WORK,
                   help="work directory, outside the repository (default %(default)s)")
    p.add_argument("--files", type=Path, default=FILES_TSV)
    p.add_argument("--set", choices=(*SETS, "all"), default="dev",
                   help="which repositories of files.tsv (default %(default)s)")
    p.add_argument("--out-dir", type=Path, default=HERE,
                   help="where sample and verdict files live (default: this folder)")
    sub = p.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("list", help="write files.tsv from the mirrors")
    s.add_argument("repos", nargs="+")
    s.add_argument("--hold-out", nargs="*", default=[])
    s.add_argument("--per-repo", type=int, default=80)
    s.add_argument("--seed", type=int, default=1)
    s.add_argument("--out", type=Path, default=FILES_TSV)
    s.add_argument("--as-set", choices=SETS, default="dev",
                   help="the set of the repositories not held out (default %(default)s)")
    s.add_argument("--append", action="store_true",
                   help="add the rows after those already in --out, which stay as they are")
    s = sub.add_parser("check", help="materialise and check the listed files")
    s.add_argument("--jobs", type=int, default=2)
    s.add_argument("--dry-run", action="store_true",
                   help="write the files out and count them, without running composelint")
    s = sub.add_parser("sample", help="write sample-<seed>.tsv")
    s.add_argument("--seed", type=int, required=True)
    s.add_argument("--cap", type=int, default=6, help="findings a code, at least")
    s.add_argument("--target", type=int, default=60, help="findings in all, at least")
    s.add_argument("--exclude-judged", action="store_true",
                   help="leave out findings (repo, path, line, code) judged in any "
                        "other verdicts-*.tsv of the out-dir")
    s.add_argument("--codes", default="",
                   help="only these codes (comma-separated), for a closer look at one rule")
    s = sub.add_parser("score", help="precision from verdicts-<seed>.tsv")
    s.add_argument("--seed", type=int, nargs="+", required=True)
    s = sub.add_parser("fixes", help="diffs of --fix --unsafe-fixes for sampled projects")
    s.add_argument("--seed", type=int, required=True)
    s.add_argument("--projects", type=int, default=24)
    args = p.parse_args(argv)
    args.work = args.work.resolve()
    if args.work.is_relative_to(HERE.parent.parent):
        raise SystemExit("--work must be outside the repository")
    args.work.mkdir(parents=True, exist_ok=True)
    {"list": cmd_list, "check": cmd_check, "sample": cmd_sample, "score": cmd_score,
     "fixes": cmd_fixes}[args.cmd](args)


if __name__ == "__main__":
    main()
