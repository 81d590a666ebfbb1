"""composelint and its peers, each installed into its own venv."""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
from pathlib import Path

from common import PEERS, REPO, log
from trees import walk_files


def peers_venv(out: Path) -> Path:
    """Create ``out/peers-venv`` with the pinned peers unless it already has them."""
    venv = out / "peers-venv"
    py = venv / "bin" / "python"
    wanted = {f"{name}=={version}" for name, version in PEERS.items()}
    if py.exists():
        freeze = subprocess.run(
            [str(py), "-m", "pip", "freeze"], capture_output=True, text=True, check=False
        )
        have = {line.strip().lower() for line in freeze.stdout.splitlines()}
        if {w.lower() for w in wanted} <= have:
            log(f"reusing {venv}")
            return venv
    else:
        log(f"creating {venv}")
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    log(f"installing {' '.join(sorted(wanted))}")
    subprocess.run(
        [str(py), "-m", "pip", "install", "--disable-pip-version-check", "-q", *sorted(wanted)],
        check=True,
    )
    return venv


def composelint_venv(out: Path) -> str:
    """Install this checkout into ``out/composelint-venv`` as a user would (``pip install
    .``: a wheel, byte-compiled, no editable-install finder on the import path) and
    return its ``composelint``.  Later runs reinstall composelint itself (the run
    measures the current source; edits made while it runs change nothing) and install
    whatever dependency it has gained since."""
    venv = out / "composelint-venv"
    py = venv / "bin" / "python"
    pip = [str(py), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
    if not py.exists():
        log(f"creating {venv}")
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([*pip, str(REPO)], check=True)
    else:
        log(f"reinstalling composelint from {REPO} into {venv}")
        subprocess.run([*pip, "--force-reinstall", "--no-deps", str(REPO)], check=True)
        subprocess.run([*pip, str(REPO)], check=True)  # new dependencies, if any
    return str(venv / "bin" / "composelint")


def source_fingerprint() -> str:
    """Short hash of composelint's package source, named in the results."""
    package = REPO / "composelint"
    digest = hashlib.sha256()
    for path in walk_files(package):
        if "__pycache__" in path.parts:
            continue
        digest.update(str(path.relative_to(package)).encode() + b"\0")
        try:
            digest.update(path.read_bytes())
        except OSError:
            continue
    return digest.hexdigest()[:12]


def tool_version(argv: list[str]) -> str:
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"unknown ({exc})"
    text = (done.stdout or done.stderr).strip().splitlines()
    return text[0] if text else "unknown"


def lsp_available(composelint: str) -> tuple[bool, str]:
    """Whether ``composelint lsp`` is a real subcommand.

    The exit code of ``composelint lsp --help`` is not enough: ``check`` is the default
    command, so an unknown word is taken as a path and ``check --help`` exits 0. The help
    text must also be the ``lsp`` command's own.
    """
    try:
        done = subprocess.run(
            [composelint, "lsp", "--help"], capture_output=True, text=True, timeout=60, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return False, str(exc)
    text = done.stdout + done.stderr
    if done.returncode != 0:
        return False, f"`composelint lsp --help` exited {done.returncode}"
    if re.search(r"Usage:\s+composelint\s+lsp\b", text) is None:
        return False, "`composelint lsp --help` exits 0 but prints the help of `check`"
    return True, text
