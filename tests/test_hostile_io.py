"""Files that cannot be read, or vanish mid-run: exit 2 with the file named, the rest checked."""

from __future__ import annotations

import ctypes
import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

import composelint.discover.walk
from composelint.cli.main import main
from tests.hostile_support import (
    assert_good_reported,
    endless_dotenv,
    fifo_dotenv,
    limit_address_space,
    run_cli,
    sparse_compose,
    write,
    write_good,
)

COMPOSE = "services:\n  app:\n    image: redis:7\n    user: '1'\n"
_PR_CAPBSET_DROP = 24
_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH = 1, 2


def _without_file_override() -> None:
    """In the child before exec: root stops bypassing file modes.

    Dropping the two capabilities from the bounding set makes the exec'd process
    root without them, so a mode-000 file is as unreadable to it as to any user.
    (Switching to uid 65534 cannot be used here: the interpreter lives under a
    directory of mode 0700 that such a user cannot even enter.)
    """
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH):
        if libc.prctl(_PR_CAPBSET_DROP, capability, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) failed")


def _unprivileged() -> Callable[[], None] | None:
    return _without_file_override if os.geteuid() == 0 else None


def test_an_unreadable_compose_file_is_named_and_exits_2(tmp_path: Path) -> None:
    secret = tmp_path / "secret" / "compose.yml"
    write(secret, COMPOSE)
    write(tmp_path / "named" / "stack.yml", COMPOSE)  # found by its content, unreadable too
    write_good(tmp_path)
    secret.chmod(0)
    (tmp_path / "named" / "stack.yml").chmod(0)
    run = run_cli("check", "--output-format", "json", ".", cwd=tmp_path, preexec_fn=_unprivileged())
    assert run.code == 2
    errors = {Path(e["path"]).as_posix(): e["message"] for e in run.document["errors"]}
    assert errors == {
        "named/stack.yml": "Permission denied",
        "secret/compose.yml": "Permission denied",
    }
    assert all("secret" not in f["path"] for f in run.document["files"])
    assert_good_reported(run)

    text = run_cli("check", str(secret), str(tmp_path / "good"), preexec_fn=_unprivileged())
    assert text.code == 2
    assert f"{secret}: error: Permission denied" in text.stdout + text.stderr
    assert "CL203" in text.stdout


def test_a_file_deleted_after_discovery_is_named_and_exits_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write(tmp_path / "gone" / "compose.yml", COMPOSE)
    write(tmp_path / "gone" / "Dockerfile", "FROM alpine:3.20\nUSER app\n")
    write(tmp_path / "later" / "stack.yml", COMPOSE)  # a YAML file taken for its content
    write_good(tmp_path)
    discover = composelint.discover.walk.discover

    def discover_then_delete(paths, **options):  # noqa: ANN001, ANN003, ANN202
        found = discover(paths, **options)
        listed = {item.path.name for item in found.files}
        assert {"compose.yml", "Dockerfile", "stack.yml"} <= listed
        for name in ("gone/compose.yml", "gone/Dockerfile", "later/stack.yml"):
            (tmp_path / name).unlink()
        return found

    monkeypatch.setattr(composelint.discover.walk, "discover", discover_then_delete)
    with pytest.raises(SystemExit) as exit_info:
        main(["check", "--output-format", "json", str(tmp_path)])
    document = json.loads(capsys.readouterr().out)
    assert exit_info.value.code == 2
    errors = {os.path.relpath(e["path"], tmp_path): e["message"] for e in document["errors"]}
    assert errors == {
        "gone/compose.yml": "No such file or directory",
        "gone/Dockerfile": "No such file or directory",
        "later/stack.yml": "No such file or directory",
    }
    paths = [os.path.relpath(f["path"], tmp_path) for f in document["files"]]
    assert paths == ["good/compose.yml"]
    assert sorted(d["code"] for d in document["files"][0]["diagnostics"]) == ["CL102", "CL203"]


@pytest.mark.parametrize(
    ("make_env", "what"),
    [(fifo_dotenv, "a FIFO"), (endless_dotenv, "a character device")],
)
def test_an_env_file_that_is_no_file_is_named_and_the_run_ends(
    tmp_path: Path, make_env: Callable[[Path], None], what: str
) -> None:
    make_env(tmp_path / "odd")
    write_good(tmp_path)
    # A FIFO hung the whole run with no output; /dev/zero ran out of memory after 6 GB.
    run = run_cli(
        "check",
        "--output-format",
        "json",
        ".",
        cwd=tmp_path,
        preexec_fn=limit_address_space(1024**3),
        timeout=60,
    )
    assert run.code == 1
    assert run.messages("odd/.env") == [
        ("CL001", f"docker compose cannot read this env file: {what}, not a regular file")
    ]
    assert run.messages("odd/compose.yml") == []
    assert_good_reported(run)


def test_a_2_gb_sparse_compose_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    sparse_compose(tmp_path / "big" / "compose.yml")
    write_good(tmp_path)
    # It was read whole before the size check: 2 GB of memory and 9.5 s.
    run = run_cli(
        "check",
        "--output-format",
        "json",
        ".",
        cwd=tmp_path,
        preexec_fn=limit_address_space(1024**3),
        timeout=60,
    )
    [(code, message)] = run.messages("big/compose.yml")
    assert code == "CL001"
    assert message.endswith("file is 2147483648 bytes, over the 67108864 byte limit")
    assert_good_reported(run)


def test_a_fifo_mounted_as_a_proxy_config_or_named_gitignore_is_not_waited_on(
    tmp_path: Path,
) -> None:
    write(
        tmp_path / "proxy" / "compose.yml",
        "services:\n  web:\n    image: nginx:1.27\n"
        "    volumes: ['./nginx.conf:/etc/nginx/nginx.conf:ro']\n",
    )
    os.mkfifo(tmp_path / "proxy" / "nginx.conf")
    os.mkfifo(tmp_path / ".gitignore")
    write_good(tmp_path)
    run = run_cli("check", "--output-format", "json", ".", cwd=tmp_path, timeout=60)
    assert run.messages("proxy/compose.yml") == []
    assert_good_reported(run)
