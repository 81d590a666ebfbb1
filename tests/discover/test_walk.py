"""Tests for composelint.discover.walk: names, .gitignore, content scan, explicit files, corpus."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from composelint.discover import walk as discover_mod
from composelint.discover.walk import (
    Discovery,
    Found,
    classify_name,
    discover,
    find_project_env,
    looks_like_compose,
)
from tests.conftest import CORPUS_BEYOND, CORPUS_TREE, daemon_json_paths, manifest_rows

SERVICES = "services:\n  web:\n    image: nginx\n"
GITLAB_CI = "image: ruby:3.2\nservices:\n  - postgres\n  - redis\ntest:\n  script:\n    - rake\n"
V1 = "web:\n  image: busybox\n  command: /bin/true\ndb:\n  build: ./db\n"


def write(root: Path, rel: str, text: str = "") -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def rels(result: Discovery, root: Path) -> dict[str, str]:
    return {f.path.relative_to(root).as_posix(): f.kind for f in result.files}


# --- names ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "compose.yml",
        "compose.yaml",
        "docker-compose.yml",
        "docker-compose.yaml",
        "docker-compose.prod.yml",
        "docker-compose-dev.yaml",
        "docker-compose.override.yml",
        "compose.override.yaml",
        "compose.https.yaml",
        "app.compose.yml",
        "stack.compose.yaml",
    ],
)
def test_compose_names(name: str) -> None:
    assert classify_name(name) == "compose"


@pytest.mark.parametrize(
    "name",
    [
        "Dockerfile",
        "Dockerfile.dev",
        "Dockerfile.backend",
        "Dockerfile.j2",  # templates count: simple, predictable rule
        "app.Dockerfile",
        "Containerfile",
        "Containerfile.prod",
    ],
)
def test_dockerfile_names(name: str) -> None:
    assert classify_name(name) == "dockerfile"


def test_daemon_json_is_found_by_its_name_and_judged_by_its_reader(tmp_path: Path) -> None:
    assert classify_name("daemon.json") == "daemon"
    for other in ("daemon.json.bak", "Daemon.json", "my-daemon.json", "config.json"):
        assert classify_name(other) is None
    write(tmp_path, "etc/docker/daemon.json", "{}")
    write(tmp_path, "tool/daemon.json", '{"port": 1}')  # found; the reader leaves it out
    write(tmp_path, "package.json", "{}")
    assert rels(discover([tmp_path]), tmp_path) == {
        "etc/docker/daemon.json": "daemon",
        "tool/daemon.json": "daemon",
    }
    found = discover([tmp_path / "tool" / "daemon.json", tmp_path / "package.json"])
    assert [(f.path.name, f.kind, f.explicit) for f in found.files] == [
        ("daemon.json", "daemon", True)
    ]


@pytest.mark.parametrize(
    "name",
    [
        "compose.yml.bak",
        "my-compose.yml.txt",
        "fleet-compose.yml",
        "Compose.yml",
        "docker-compose.json",
        "compose.yml~",
        "Dockerfile.dockerignore",
        ".dockerignore",
        "dockerfile",
        "Dockerfiles",
        ".env.example",
        "justfile",
        "Justfile",
        "Makefile.am",
        "README.txt",
        "env",
        "stack.yml",
    ],
)
def test_names_not_classified(name: str) -> None:
    assert classify_name(name) is None


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Makefile", "makefile"),
        ("makefile", "makefile"),
        ("GNUmakefile", "makefile"),
        ("rules.mk", "makefile"),
        ("letsencrypt.makefile", "makefile"),
        ("README.md", "markdown"),
        ("Dockerfile.md", "markdown"),
        ("guide.markdown", "markdown"),
    ],
)
def test_makefiles_and_markdown_by_name(name: str, kind: str) -> None:
    assert classify_name(name) == kind


def test_env_name() -> None:
    assert classify_name(".env") == "env"


def test_walk_classifies_by_name_in_subdirectories(tmp_path: Path) -> None:
    write(tmp_path, "docker-compose.yml", "x: 1\n")  # content irrelevant for names
    write(tmp_path, "sub/deeper/docker-compose.yml")
    write(tmp_path, "sub/Dockerfile", "FROM scratch\n")
    write(tmp_path, "sub/.env", "A=1\n")
    write(tmp_path, "sub/compose.yml.bak", SERVICES)
    write(tmp_path, "sub/my-compose.yml.txt", SERVICES)
    write(tmp_path, "README.txt", "# hi\n")
    result = discover([tmp_path])
    assert rels(result, tmp_path) == {
        "docker-compose.yml": "compose",
        "sub/.env": "env",
        "sub/Dockerfile": "dockerfile",
        "sub/deeper/docker-compose.yml": "compose",
    }
    assert all(f.reason == "name" and not f.explicit for f in result.files)
    assert result.errors == []


def test_files_sorted_by_path(tmp_path: Path) -> None:
    for rel in ["b/compose.yml", "a-b/compose.yml", "a/z/compose.yml", "a/compose.yml"]:
        write(tmp_path, rel)
    result = discover([tmp_path])
    got = [f.path.relative_to(tmp_path).as_posix() for f in result.files]
    assert got == ["a/compose.yml", "a/z/compose.yml", "a-b/compose.yml", "b/compose.yml"]


def test_relative_paths_stay_relative(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, "proj/compose.yaml")
    monkeypatch.chdir(tmp_path)
    result = discover(["proj"])
    assert [f.path for f in result.files] == [Path("proj/compose.yaml")]
    result = discover(["."])
    assert [f.path for f in result.files] == [Path("proj/compose.yaml")]


def test_extra_compose_globs(tmp_path: Path) -> None:
    write(tmp_path, "stacks/prod.yml", "x: 1\n")
    write(tmp_path, "other/prod.yml", "x: 1\n")
    write(tmp_path, "geth.yml", "x: 1\n")
    result = discover([tmp_path], extra_compose_globs=["stacks/*.yml", "geth.yml"])
    assert rels(result, tmp_path) == {"stacks/prod.yml": "compose", "geth.yml": "compose"}
    assert all(f.reason == "name" for f in result.files)


def test_directory_named_like_compose_is_walked(tmp_path: Path) -> None:
    write(tmp_path, "compose.yml/docker-compose.override.yml")
    write(tmp_path, "compose.yml/Dockerfile")
    result = discover([tmp_path / "compose.yml"])
    assert rels(result, tmp_path) == {
        "compose.yml/Dockerfile": "dockerfile",
        "compose.yml/docker-compose.override.yml": "compose",
    }
    assert not any(f.explicit for f in result.files)


# --- .gitignore ---------------------------------------------------------------------


def test_root_gitignore(tmp_path: Path) -> None:
    write(tmp_path, ".gitignore", "# comment\n\nignored.yml\nbuild/\n*.compose.yml\n")
    write(tmp_path, "compose.yml")
    write(tmp_path, "build/compose.yml")
    write(tmp_path, "sub/app.compose.yml")
    write(tmp_path, "sub/ignored.yml", SERVICES)
    write(tmp_path, "sub/kept.yml", SERVICES)
    assert rels(discover([tmp_path]), tmp_path) == {
        "compose.yml": "compose",
        "sub/kept.yml": "yaml-candidate",
    }


def test_directory_pattern_does_not_match_files(tmp_path: Path) -> None:
    write(tmp_path, ".gitignore", "compose.yml/\n")
    write(tmp_path, "compose.yml")
    write(tmp_path, "x/compose.yml/docker-compose.yml")
    assert rels(discover([tmp_path]), tmp_path) == {"compose.yml": "compose"}


def test_nested_gitignore_adds_and_negates(tmp_path: Path) -> None:
    write(tmp_path, ".gitignore", "*.override.yml\nsecret/\n")
    write(tmp_path, "a/.gitignore", "!keep.override.yml\n/local.yml\n")
    write(tmp_path, "docker-compose.override.yml")
    write(tmp_path, "a/docker-compose.override.yml")
    write(tmp_path, "a/keep.override.yml", SERVICES)
    write(tmp_path, "a/local.yml", SERVICES)
    write(tmp_path, "a/b/local.yml", SERVICES)  # anchored pattern: only a/local.yml
    write(tmp_path, "a/secret/compose.yml")
    write(tmp_path, "b/local.yml", SERVICES)  # a/.gitignore does not apply here
    assert rels(discover([tmp_path]), tmp_path) == {
        "a/keep.override.yml": "yaml-candidate",
        "a/b/local.yml": "yaml-candidate",
        "b/local.yml": "yaml-candidate",
    }


def test_file_in_ignored_directory_cannot_be_reincluded(tmp_path: Path) -> None:
    write(tmp_path, ".gitignore", "vendor/\n!vendor/compose.yml\n")
    write(tmp_path, "vendor/compose.yml")
    assert discover([tmp_path]).files == []


def test_node_modules_only_skipped_when_ignored(tmp_path: Path) -> None:
    write(tmp_path, "node_modules/pkg/docker-compose.yml")
    assert rels(discover([tmp_path]), tmp_path) == {
        "node_modules/pkg/docker-compose.yml": "compose"
    }
    write(tmp_path, ".gitignore", "node_modules\n")
    assert discover([tmp_path]).files == []


def test_git_dir_never_walked_hidden_dirs_walked(tmp_path: Path) -> None:
    write(tmp_path, ".git/compose.yml")
    write(tmp_path, ".git/sub/Dockerfile")
    write(tmp_path, ".github/workflows/compose.yml")
    write(tmp_path, ".devcontainer/docker-compose.yml")
    write(tmp_path, ".devcontainer/Dockerfile")
    assert rels(discover([tmp_path]), tmp_path) == {
        ".devcontainer/Dockerfile": "dockerfile",
        ".devcontainer/docker-compose.yml": "compose",
        ".github/workflows/compose.yml": "compose",
    }


def test_git_info_exclude(tmp_path: Path) -> None:
    write(tmp_path, ".git/info/exclude", "scratch/\n*.local.yml\n")
    write(tmp_path, ".gitignore", "!keep.local.yml\n")  # .gitignore takes precedence
    write(tmp_path, "scratch/compose.yml")
    write(tmp_path, "compose.local.yml")
    write(tmp_path, "keep.local.yml", SERVICES)
    write(tmp_path, "compose.yml")
    assert rels(discover([tmp_path]), tmp_path) == {
        "compose.yml": "compose",
        "keep.local.yml": "yaml-candidate",
    }


def test_nested_repository_uses_its_own_ignore_files(tmp_path: Path) -> None:
    write(tmp_path, ".gitignore", "*.override.yml\nskipped/\n")
    write(tmp_path, "skipped/.git/HEAD")
    write(tmp_path, "skipped/compose.yml")
    write(tmp_path, "inner/.git/HEAD")
    write(tmp_path, "inner/.git/info/exclude", "compose.yml\n")
    write(tmp_path, "inner/compose.yml")
    write(tmp_path, "inner/docker-compose.override.yml")
    assert rels(discover([tmp_path]), tmp_path) == {"inner/docker-compose.override.yml": "compose"}


def test_gitignore_does_not_filter_explicit_files(tmp_path: Path) -> None:
    write(tmp_path, ".gitignore", "compose.yml\n")
    target = write(tmp_path, "compose.yml")
    assert discover([tmp_path]).files == []
    assert discover([target]).files == [Found(target, "compose", "explicit", True)]


# --- content scan -------------------------------------------------------------------


def test_content_scan_in_walk(tmp_path: Path) -> None:
    write(tmp_path, "stack.yml", "version: '3.8'\n" + SERVICES)
    write(tmp_path, "geth.yaml", "# comment\nservices:   # the services\n\n  # c\n  geth:\n")
    write(tmp_path, "quoted.yml", 'services:\n  "web": {image: x}\n')
    write(tmp_path, "crlf.yml", "services:\r\n    web:\r\n      image: x\r\n")
    write(tmp_path, "bom.yml", "\ufeff" + SERVICES)
    write(tmp_path, ".gitlab-ci.yml", GITLAB_CI)
    write(tmp_path, "zero-indent.yml", "services:\n- postgres\n")
    write(tmp_path, "mapping-list.yml", "services:\n  - name: postgres\n    alias: db\n")
    write(tmp_path, "nested.yml", "x:\n  services:\n    web:\n")
    write(tmp_path, "empty-services.yml", "services:\nvolumes:\n  data:\n")
    write(tmp_path, "flow.yml", "services: {web: {image: x}}\n")
    write(tmp_path, "v1.yml", V1)  # v1 layout: not detected by the walk
    write(tmp_path, "latin1.yaml", "")
    (tmp_path / "latin1.yaml").write_bytes(b"# caf\xe9\nservices:\n  web:\n")
    result = discover([tmp_path])
    assert rels(result, tmp_path) == {
        ".gitlab-ci.yml": "gitlab",  # by its name, never a compose candidate
        "bom.yml": "yaml-candidate",
        "crlf.yml": "yaml-candidate",
        "geth.yaml": "yaml-candidate",
        "latin1.yaml": "yaml-candidate",
        "quoted.yml": "yaml-candidate",
        "stack.yml": "yaml-candidate",
    }
    assert {f.reason for f in result.files if f.kind != "gitlab"} == {"content-scan"}


def test_content_scan_reads_only_the_head(tmp_path: Path) -> None:
    filler = "# filler line\n" * (discover_mod.SCAN_BYTES // 14 + 10)
    write(tmp_path, "late.yml", filler + SERVICES)
    write(tmp_path, "early.yml", SERVICES + filler)
    assert rels(discover([tmp_path]), tmp_path) == {"early.yml": "yaml-candidate"}


def test_large_yaml_not_scanned(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, "big.yml", SERVICES + "# pad\n" * 100)
    monkeypatch.setattr(discover_mod, "MAX_SCAN_SIZE", 50)
    assert discover([tmp_path]).files == []


def test_named_files_are_not_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, "compose.yml", SERVICES)
    write(tmp_path, "Dockerfile", "FROM scratch\n")
    write(tmp_path, "other.yml", SERVICES)
    read: list[str] = []
    original = discover_mod._read_head

    def spy(path: str) -> str:
        read.append(os.path.basename(path))
        return original(path)

    monkeypatch.setattr(discover_mod, "_read_head", spy)
    assert len(discover([tmp_path]).files) == 3
    assert read == ["other.yml"]


def test_looks_like_compose_v1_only_when_allowed() -> None:
    assert not looks_like_compose(V1)
    assert looks_like_compose(V1, allow_v1=True)
    assert looks_like_compose("web: &web\n  image: x\nworker:\n  <<: *web\n", allow_v1=True)
    # a GitLab CI job has image: below a top-level key, but stages is a list / image a scalar
    gitlab = "stages:\n  - test\nbuild:\n  image: ruby\n  script:\n    - make\n"
    assert not looks_like_compose(gitlab, allow_v1=True)
    assert not looks_like_compose("image: ruby\nbuild:\n  image: ruby\n", allow_v1=True)
    assert not looks_like_compose(GITLAB_CI, allow_v1=True)
    assert not looks_like_compose("web:\n  deep:\n    image: x\n", allow_v1=True)
    assert not looks_like_compose("- web:\n    image: x\n", allow_v1=True)
    assert not looks_like_compose("name: x\non:\n  push:\n", allow_v1=True)


# --- explicit files -----------------------------------------------------------------


def test_explicit_files(tmp_path: Path) -> None:
    compose = write(tmp_path, "docker-compose.yml")
    dockerfile = write(tmp_path, "x/Dockerfile.dev", "FROM scratch\n")
    env = write(tmp_path, ".env", "A=1\n")
    stack = write(tmp_path, "stack.yml", SERVICES)
    v1 = write(tmp_path, "common.yml", V1)
    ci = write(tmp_path, ".gitlab-ci.yml", GITLAB_CI)
    other = write(tmp_path, "config.yaml", "log_level: debug\n")
    readme = write(tmp_path, "README.txt", "# hi\n")
    result = discover([readme, compose, dockerfile, env, stack, v1, ci, other])
    assert result.errors == []
    assert {(f.path, f.kind) for f in result.files} == {
        (compose, "compose"),
        (dockerfile, "dockerfile"),
        (env, "env"),
        (stack, "yaml-candidate"),
        (v1, "yaml-candidate"),
        (ci, "gitlab"),  # a GitLab CI file (the run reads it only if it names a runtime)
    }
    assert all(f.explicit and f.reason == "explicit" for f in result.files)


def test_explicit_file_with_extra_glob(tmp_path: Path) -> None:
    target = write(tmp_path, "deploy/prod.yml", "x: 1\n")
    result = discover([target], extra_compose_globs=["prod.yml"])
    assert result.files == [Found(target, "compose", "explicit", True)]


def test_missing_path_is_an_error(tmp_path: Path) -> None:
    missing = tmp_path / "nope" / "compose.yml"
    result = discover([missing, str(tmp_path / "gone")])
    assert result.files == []
    assert result.errors == [
        (str(missing), "No such file or directory"),
        (str(tmp_path / "gone"), "No such file or directory"),
    ]


def test_invalid_path_is_an_error_not_an_exception() -> None:
    result = discover(["bad\0name"])
    assert result.files == []
    assert result.errors == [("bad\0name", "embedded null byte")]


def test_fifo_is_not_read_and_named_it_is_said_so(tmp_path: Path) -> None:
    fifo = tmp_path / "stack.yml"
    os.mkfifo(fifo)
    named = discover([fifo])
    assert named.files == []
    assert named.errors == [(str(fifo), "a FIFO, not a regular file: not read")]
    assert discover([tmp_path]) == Discovery()  # met in a walk: not a file to check


def test_a_device_named_is_said_so() -> None:
    assert discover(["/dev/null"]).errors == [
        ("/dev/null", "a character device, not a regular file: not read")
    ]


# --- symlinks, errors, dedupe ---------------------------------------------------------


def test_symlink_loop_terminates(tmp_path: Path) -> None:
    write(tmp_path, "a/compose.yml")
    (tmp_path / "a" / "loop").symlink_to(tmp_path / "a", target_is_directory=True)
    (tmp_path / "a" / "up").symlink_to(tmp_path, target_is_directory=True)
    result = discover([tmp_path])
    assert rels(result, tmp_path) == {"a/compose.yml": "compose"}
    assert sorted(p for p, _ in result.errors) == [
        str(tmp_path / "a" / "loop"),
        str(tmp_path / "a" / "up"),
    ]
    assert all("loop" in msg for _, msg in result.errors)


def test_symlinked_directory_outside_tree_is_followed(tmp_path: Path) -> None:
    write(tmp_path, "elsewhere/compose.yml")
    (tmp_path / "proj").mkdir()
    (tmp_path / "proj" / "linked").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    result = discover([tmp_path / "proj"])
    assert [f.path for f in result.files] == [tmp_path / "proj" / "linked" / "compose.yml"]
    assert result.errors == []


def test_dangling_symlink_named_like_compose(tmp_path: Path) -> None:
    (tmp_path / "compose.yml").symlink_to(tmp_path / "missing.yml")
    (tmp_path / "notes.txt").symlink_to(tmp_path / "missing.txt")
    result = discover([tmp_path])
    assert result.files == []
    assert result.errors == [(str(tmp_path / "compose.yml"), "No such file or directory")]


def test_unreadable_directory_reported(tmp_path: Path) -> None:
    write(tmp_path, "ok/compose.yml")
    write(tmp_path, "locked/compose.yml")
    locked = tmp_path / "locked"
    locked.chmod(0)
    try:
        result = discover([tmp_path])
    finally:
        locked.chmod(0o755)
    if os.geteuid() == 0:  # root reads the directory anyway: the walk must just finish
        assert Path(tmp_path / "ok/compose.yml") in [f.path for f in result.files]
    else:
        assert rels(result, tmp_path) == {"ok/compose.yml": "compose"}
        assert result.errors == [(str(locked), "Permission denied")]


def test_scandir_failure_reported_and_walk_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Works as root too: simulate the PermissionError that chmod 0 gives a normal user.
    write(tmp_path, "ok/compose.yml")
    write(tmp_path, "locked/compose.yml")
    real_scandir = os.scandir
    locked = str(tmp_path / "locked")

    def fake_scandir(path: str):  # type: ignore[no-untyped-def]
        if os.fspath(path) == locked:
            raise PermissionError(13, "Permission denied", path)
        return real_scandir(path)

    monkeypatch.setattr(discover_mod.os, "scandir", fake_scandir)
    result = discover([tmp_path])
    assert rels(result, tmp_path) == {"ok/compose.yml": "compose"}
    assert result.errors == [(locked, "Permission denied")]


def test_dedupe_explicit_wins(tmp_path: Path) -> None:
    target = write(tmp_path, "sub/compose.yml")
    write(tmp_path, "sub/Dockerfile")
    result = discover([tmp_path, target, tmp_path / "sub"])
    assert result.files == [
        Found(tmp_path / "sub" / "Dockerfile", "dockerfile", "name", False),
        Found(target, "compose", "explicit", True),
    ]
    # explicit first, walk second: still the explicit entry
    assert discover([target, tmp_path]).files == result.files


def test_dedupe_same_file_via_symlink(tmp_path: Path) -> None:
    write(tmp_path, "a/compose.yml")
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "compose.yml").symlink_to(tmp_path / "a" / "compose.yml")
    result = discover([tmp_path])
    assert [f.path for f in result.files] == [tmp_path / "a" / "compose.yml"]


def test_find_project_env(tmp_path: Path) -> None:
    compose = write(tmp_path, "compose.yml")
    assert find_project_env(compose) is None
    env = write(tmp_path, ".env", "A=1\n")
    assert find_project_env(compose) == env
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / ".env").mkdir()  # a directory is not an env file
    assert find_project_env(tmp_path / "d" / "compose.yml") is None


# --- corpus -------------------------------------------------------------------------


def test_corpus_tree() -> None:
    tree = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "tree"
    assert tree == CORPUS_TREE
    result = discover([tree])
    assert result.errors == []
    found = {f.path.relative_to(tree).as_posix(): f for f in result.files}

    rows = manifest_rows()
    for row in rows:  # the flat name is the tree path with "/" spelled "__"
        assert row["file"] == f"{row['repo']}/{row['path']}".replace("/", "__")
    expected = {
        f"{row['repo']}/{row['path']}": row["kind"]
        for row in rows
        if row["kind"] in ("compose", "dockerfile")
    }
    dockerfiles = {p for p, k in expected.items() if k == "dockerfile"}
    composes = {p for p, k in expected.items() if k == "compose"}
    assert len(dockerfiles) == 43 and len(composes) == 119

    assert all(found[p].kind == "dockerfile" and found[p].reason == "name" for p in dockerfiles)
    by_name = {p for p in composes if p in found and found[p].reason == "name"}
    by_scan = {p for p in composes if p in found and found[p].reason == "content-scan"}
    assert all(found[p].kind == "compose" for p in by_name)
    assert all(found[p].kind == "yaml-candidate" for p in by_scan)
    assert len(by_name) == 89
    assert len(by_scan) == 29
    assert composes - by_name - by_scan == {"docker/compose/tests/fixtures/extends/common.yml"}
    # shell scripts: the beyond manifest's, each by its name (none here by its shebang)
    scripts = {
        f"{row['repo']}/{row['path']}"
        for row in manifest_rows(CORPUS_BEYOND)
        if row["kind"] == "shell"
    }
    assert len(scripts) == 15
    assert all(found[p].kind == "shell" and found[p].reason == "name" for p in scripts)
    python = {
        f"{row['repo']}/{row['path']}"
        for row in manifest_rows(CORPUS_BEYOND)
        if row["kind"] == "python"
    }
    assert len(python) == 12
    assert all(found[p].kind == "python" and found[p].reason == "name" for p in python)
    # Makefiles and Markdown files: the beyond manifest's, each by its name
    documents = {
        f"{row['repo']}/{row['path']}": row["kind"]
        for row in manifest_rows(CORPUS_BEYOND)
        if row["kind"] in ("makefile", "markdown")
    }
    assert len(documents) == 17
    assert all(found[p].kind == k and found[p].reason == "name" for p, k in documents.items())
    workflows = {
        f"{row['repo']}/{row['path']}"
        for row in manifest_rows(CORPUS_BEYOND)
        if row["kind"] == "workflow"
    }
    assert len(workflows) == 6
    assert all(found[p].kind == "workflow" and found[p].reason == "name" for p in workflows)
    daemons = daemon_json_paths()
    assert len(daemons) == 5
    assert all(found[p].kind == "daemon" and found[p].reason == "name" for p in daemons)
    # nothing outside the manifests' compose files, Dockerfiles, scripts, Python files,
    # Makefiles, Markdown files, workflows and daemon.json files
    expected = dockerfiles | by_name | by_scan | scripts | python | workflows | daemons
    assert set(found) == expected | set(documents)
