"""Hostile and broken input: one clear message naming the file, never a traceback."""

from __future__ import annotations

from pathlib import Path

from tests.hostile_support import assert_good_reported, run_cli, write, write_good


def test_broken_files_each_get_one_message_and_the_rest_is_checked(tmp_path: Path) -> None:
    cases = {
        "empty": "",
        "comments": "# nothing here\n",
        "tabs": "services:\n\tweb:\n\t\timage: x:1\n",
        "list": "- a\n- b\n",
        "scalar": "hello\n",
        "tag": "services:\n  web:\n    image: !custom x\n",
        "python": "services:\n  web:\n    image: !!python/object/apply:os.system [id]\n",
        "dupe": "services:\n  web:\n    image: a:1\n    image: b:1\n",
        "deep": "services: " + "[" * 10_000 + "]" * 10_000 + "\n",
        "bomb": "a: &a [x,x,x,x,x,x,x,x,x,x]\n"
        + "".join(
            f"{c}: &{c} [" + ",".join([f"*{p}"] * 10) + "]\n"
            for p, c in zip("abcdefgh", "bcdefghi", strict=True)
        ),
    }
    for name, text in cases.items():
        write(tmp_path / name / "compose.yml", text)
    write(tmp_path / "binary" / "compose.yml", b"\x7fELF\x00\x00\x01")
    write(tmp_path / "utf8" / "compose.yml", b"services:\n  a:\n    image: \xff\n")
    (tmp_path / "dir" / "compose.yml").mkdir(parents=True)
    write(
        tmp_path / "good" / "compose.yml",
        "services:\n  web:\n    image: x:1\n    privileged: true\n",
    )
    (tmp_path / "good" / "loop").symlink_to(tmp_path / "good")
    run = run_cli("--output-format", "json", str(tmp_path), timeout=300)
    assert run.code == 2  # the symlink loop is reported as an unreadable path
    expected = {
        "empty": ("CL002", "is empty"),
        "comments": ("CL002", "has only comments"),
        "tabs": ("CL001", "cannot start any token"),
        "list": ("CL002", "must be a mapping, got a list"),
        "scalar": ("CL002", "must be a mapping, got a scalar"),
        "tag": ("CL001", "unsupported YAML tag !custom"),
        "python": ("CL001", "unsupported YAML tag"),
        "dupe": ("CL001", "duplicate key 'image'"),
        "deep": ("CL001", "nests deeper than 100 levels"),
        "bomb": ("CL001", "through its aliases"),
        "binary": ("CL001", "binary file"),
        "utf8": ("CL001", "invalid UTF-8"),
    }
    for name, (want_code, fragment) in expected.items():
        found = run.messages(f"{name}/compose.yml")
        assert len(found) == 1 and found[0][0] == want_code and fragment in found[0][1], (
            name,
            found,
        )
    assert [c for c, _m in run.messages("good/compose.yml")] == ["CL203"]
    assert any("loop" in e["path"] for e in run.document["errors"])


def test_a_path_that_does_not_exist(tmp_path: Path) -> None:
    run = run_cli("--output-format", "json", str(tmp_path / "missing"), timeout=300)
    assert run.code == 2 and run.document["errors"][0]["message"] == "No such file or directory"


def test_a_binary_dot_env_is_one_cl001_and_the_rest_is_checked(tmp_path: Path) -> None:
    write(
        tmp_path / "app" / "compose.yml", "services:\n  app:\n    image: redis:7\n    user: '1'\n"
    )
    write(tmp_path / "app" / ".env", b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 64)
    write(
        tmp_path / "good" / "compose.yml",
        "services:\n  web:\n    image: x:1\n    privileged: true\n",
    )
    run = run_cli("--output-format", "json", str(tmp_path), timeout=300)
    assert run.code == 1
    found = run.messages("app/.env")
    assert len(found) == 1 and found[0][0] == "CL001", found
    assert found[0][1].startswith("docker compose cannot read this env file: unexpected character")
    assert run.messages("app/compose.yml") == []
    assert [c for c, _m in run.messages("good/compose.yml")] == ["CL203"]


def test_deeply_nested_variable_defaults_in_a_dockerfile(tmp_path: Path) -> None:
    depth = 100_000  # overflowed the stack: the whole run stopped with a traceback
    user = "${A:-" * depth + "root" + "}" * depth
    write(tmp_path / "bad" / "Dockerfile", f"FROM alpine:3.20\nUSER {user}\n")
    write_good(tmp_path)
    run = run_cli("--output-format", "json", str(tmp_path), timeout=300)
    assert run.code == 1
    assert run.messages("bad/Dockerfile") == []  # the user is unknown: nothing to report
    assert_good_reported(run)
