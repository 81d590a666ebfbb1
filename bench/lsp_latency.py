"""The language server row: time from didChange to publishDiagnostics."""

from __future__ import annotations

import json
import os
import queue
import shutil
import subprocess
import threading
import time
from collections.abc import Callable
from pathlib import Path

from common import LSP_TIMEOUT
from measure import TreeWatcher, kill_group, tail


class LspClient:
    """Just enough of an LSP client (JSON-RPC over stdio) to time diagnostics."""

    def __init__(self, argv: list[str], cwd: Path, stderr_path: Path) -> None:
        self._stderr = open(stderr_path, "wb")  # noqa: SIM115 - closed in close()
        self.proc = subprocess.Popen(
            argv,
            cwd=cwd,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            start_new_session=True,
        )
        self.messages: queue.Queue[dict | None] = queue.Queue()
        self._next_id = 0
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        stream = self.proc.stdout
        assert stream is not None
        while True:
            length = None
            while True:
                line = stream.readline()
                if not line:
                    self.messages.put(None)
                    return
                line = line.strip()
                if not line:
                    break
                key, _, value = line.partition(b":")
                if key.strip().lower() == b"content-length":
                    length = int(value.strip())
            if length is None:
                continue
            body = stream.read(length)
            try:
                self.messages.put(json.loads(body))
            except json.JSONDecodeError:
                continue

    def send(self, message: dict) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode()
        assert self.proc.stdin is not None
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def request(self, method: str, params: dict, timeout: float) -> dict:
        self._next_id += 1
        rid = self._next_id
        self.send({"id": rid, "method": method, "params": params})
        return self.wait_for(lambda m: m.get("id") == rid and "method" not in m, timeout)

    def notify(self, method: str, params: dict) -> None:
        self.send({"method": method, "params": params})

    def wait_for(self, pred: Callable[[dict], bool], timeout: float) -> dict:
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("no answer from the language server")
            try:
                msg = self.messages.get(timeout=left)
            except queue.Empty as exc:
                raise TimeoutError("no answer from the language server") from exc
            if msg is None:
                raise EOFError("the language server closed its output")
            if "method" in msg and "id" in msg:  # a request from the server: answer null
                self.send({"id": msg["id"], "result": None})
                continue
            if pred(msg):
                return msg

    def close(self) -> int:
        try:
            self.request("shutdown", {}, 5.0)
            self.notify("exit", {})
        except (TimeoutError, EOFError, OSError, ValueError):
            pass
        try:
            code = self.proc.wait(timeout=5.0)
        except subprocess.TimeoutExpired:
            kill_group(self.proc.pid)
            code = self.proc.wait()
        kill_group(self.proc.pid)
        self._stderr.close()
        return code


def lsp_session(
    composelint: str,
    help_text: str,
    source: Path,
    work: Path,
    changes: int,
    name: str = "compose.yaml",
    language_id: str = "dockercompose",
) -> tuple[list[float], int, str]:
    """One server session: open *source*, send *changes* full-text didChange
    notifications, each timed until the server publishes diagnostics for that document.
    Returns the latencies, the server's peak process-tree RSS and an error ('' if none)."""
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    doc = work / name
    shutil.copyfile(source, doc)
    text = doc.read_text(encoding="utf-8", errors="replace")
    uri = doc.resolve().as_uri()
    argv = [composelint, "lsp"] + (["--stdio"] if "--stdio" in help_text else [])
    client = LspClient(argv, work, work / "lsp.stderr")
    watcher = TreeWatcher(client.proc.pid, None)
    watcher.start()
    latencies: list[float] = []
    error = ""

    def is_diag(msg: dict) -> bool:
        return (
            msg.get("method") == "textDocument/publishDiagnostics"
            and msg.get("params", {}).get("uri") == uri
        )

    try:
        client.request(
            "initialize",
            {
                "processId": os.getpid(),
                "rootUri": work.resolve().as_uri(),
                "capabilities": {"textDocument": {"publishDiagnostics": {"versionSupport": True}}},
                "workspaceFolders": [{"uri": work.resolve().as_uri(), "name": "bench"}],
                # Time the lint, not the debounce that waits for typing to pause.
                "initializationOptions": {"debounceMs": 0},
            },
            LSP_TIMEOUT,
        )
        client.notify("initialized", {})
        client.notify(
            "textDocument/didOpen",
            {
                "textDocument": {
                    "uri": uri,
                    "languageId": language_id,
                    "version": 1,
                    "text": text,
                }
            },
        )
        client.wait_for(is_diag, LSP_TIMEOUT)
        for i in range(changes):
            version = i + 2
            # Alternate between two texts that differ by a trailing comment, so each
            # change is a real edit and the findings stay the same.
            new_text = text if i % 2 else text + f"\n# bench edit {i}\n"
            start = time.perf_counter()
            client.notify(
                "textDocument/didChange",
                {
                    "textDocument": {"uri": uri, "version": version},
                    "contentChanges": [{"text": new_text}],
                },
            )

            def answers(msg: dict, version: int = version) -> bool:
                got = msg.get("params", {}).get("version")
                return is_diag(msg) and (got is None or got >= version)

            client.wait_for(answers, LSP_TIMEOUT)
            latencies.append(time.perf_counter() - start)
    except (TimeoutError, EOFError, OSError, ValueError) as exc:
        error = f"{type(exc).__name__}: {exc}\n{tail(work / 'lsp.stderr')}"
    finally:
        watcher.stop.set()
        watcher.join()
        client.close()
    return latencies, watcher.peak, error


# --------------------------------------------------------------------------- report
