"""The language server: LSP handlers wired to the open documents, linting, actions and hover.

Everything runs on the server's event loop, one message at a time: a lint is a few
tens of milliseconds of pure computation, which threads would only slow down (the
interpreter runs one of them at a time).  Edits are debounced per document; opening,
saving and any request that needs the findings (code actions, hover) lint at once.
Every handler is guarded (see ``protocol``).
"""

from __future__ import annotations

import functools
import gc
import logging
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any

from lsprotocol import types
from pygls.capabilities import get_capability
from pygls.lsp.server import LanguageServer

from composelint import __version__
from composelint.lsp import actions
from composelint.lsp.documents import (
    Debouncer,
    Documents,
    OpenDocument,
    untitled_path,
    uri_to_path,
)
from composelint.lsp.hover import hover
from composelint.lsp.linting import CHECKED, LintResult, lint_document
from composelint.lsp.protocol import Utf16Protocol, guarded
from composelint.lsp.settings import (
    DEFAULT_DEBOUNCE_MS,
    SECTION,
    ProjectConfigs,
    Settings,
    known_codes_or_builtin,
    read_settings,
)

log = logging.getLogger("composelint.lsp")
LINTED = CHECKED
CONFIG_FILES = (".composelint.yaml", ".composelint.yml", "pyproject.toml")
WATCHED = (
    "**/*.{yml,yaml}",
    "**/.composelint.{yml,yaml}",
    "**/.env",
    "**/{Dockerfile,Containerfile}*",
    "**/*.Dockerfile",
    "**/pyproject.toml",
)


class ComposelintServer(LanguageServer):
    def __init__(self, debounce_ms: int | None = None) -> None:
        super().__init__(
            "composelint",
            __version__,
            text_document_sync_kind=types.TextDocumentSyncKind.Incremental,
            protocol_cls=Utf16Protocol,
        )
        self.documents = Documents()
        self.results: dict[str, LintResult] = {}
        self.debouncer = Debouncer()
        default = DEFAULT_DEBOUNCE_MS if debounce_ms is None else debounce_ms
        self.initial_settings = Settings(debounce_ms=default)
        self.settings = self.initial_settings
        self.known = known_codes_or_builtin()
        self.configs = ProjectConfigs(self.known)
        self.reported: set[str] = set()
        self.deferred_messages: list[str] = []
        self._settled = False
        self._register()

    # -- wiring ------------------------------------------------------------
    def _register(self) -> None:
        features: dict[str, tuple[Callable[..., Any], Any]] = {
            types.INITIALIZE: (self.on_initialize, None),
            types.INITIALIZED: (self.on_initialized, None),
            types.TEXT_DOCUMENT_DID_OPEN: (self.on_open, None),
            types.TEXT_DOCUMENT_DID_CHANGE: (self.on_change, None),
            types.TEXT_DOCUMENT_DID_SAVE: (self.on_save, types.SaveOptions(include_text=False)),
            types.TEXT_DOCUMENT_DID_CLOSE: (self.on_close, None),
            types.WORKSPACE_DID_CHANGE_WATCHED_FILES: (self.on_watched_files, None),
            types.WORKSPACE_DID_CHANGE_CONFIGURATION: (self.on_configuration, None),
            types.TEXT_DOCUMENT_CODE_ACTION: (
                self.on_code_action,
                types.CodeActionOptions(
                    code_action_kinds=[types.CodeActionKind.QuickFix, actions.FIX_ALL_KIND],
                    resolve_provider=True,
                ),
            ),
            types.CODE_ACTION_RESOLVE: (self.on_code_action_resolve, None),
            types.TEXT_DOCUMENT_HOVER: (self.on_hover, None),
        }
        for method, (handler, options) in features.items():
            self.feature(method, options)(guarded(handler))
        self.command(SHOW_MAP)(show_map_command)

    # -- lifecycle and settings --------------------------------------------
    def on_initialize(self, params: types.InitializeParams) -> None:
        options = params.initialization_options
        self.settings, problems = read_settings(
            options, self.initial_settings, self.known, "initializationOptions"
        )
        self.initial_settings = self.settings
        self.deferred_messages.extend(problems)  # shown once the client is initialized

    async def on_initialized(self, _params: types.InitializedParams) -> None:
        for message in self.deferred_messages:
            self.show_error(message)
        self.deferred_messages.clear()
        if get_capability(self.client_capabilities, "workspace.configuration", False):
            await self.pull_settings()
        dynamic = "workspace.did_change_watched_files.dynamic_registration"
        if get_capability(self.client_capabilities, dynamic, False):
            await self._watch_files()

    async def pull_settings(self) -> None:
        """Ask the client for the ``composelint`` section and lint everything again."""
        item = types.ConfigurationItem(section=SECTION)
        try:
            answer = await self.workspace_configuration_async(types.ConfigurationParams([item]))
        except Exception as exc:  # a client that answers with an error: keep what we have
            log.warning("workspace/configuration failed: %s", exc)
            return
        self.apply_settings(answer[0] if answer else None, "workspace settings")

    def apply_settings(self, raw: object, where: str) -> None:
        settings, problems = read_settings(raw, self.initial_settings, self.known, where)
        for problem in problems:
            self.show_error(problem)
        if settings != self.settings:
            self.settings = settings
            self.lint_everything()

    async def on_configuration(self, params: types.DidChangeConfigurationParams) -> None:
        pushed = params.settings
        if isinstance(pushed, dict) and SECTION in pushed:
            self.apply_settings(pushed[SECTION], "workspace settings")
        elif get_capability(self.client_capabilities, "workspace.configuration", False):
            await self.pull_settings()

    async def _watch_files(self) -> None:
        watchers = [types.FileSystemWatcher(glob_pattern=glob) for glob in WATCHED]
        options = types.DidChangeWatchedFilesRegistrationOptions(watchers=watchers)
        registration = types.Registration(
            id="composelint-watched-files",
            method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
            register_options=options,
        )
        try:
            await self.client_register_capability_async(types.RegistrationParams([registration]))
        except Exception as exc:
            log.warning("could not register file watchers: %s", exc)

    def show_error(self, message: str) -> None:
        log.error("%s", message)
        self.window_show_message(
            types.ShowMessageParams(type=types.MessageType.Error, message=f"composelint: {message}")
        )

    # -- documents ---------------------------------------------------------
    def _sync(self, uri: str) -> OpenDocument | None:
        """Our record of ``uri`` updated from pygls' copy of the buffer."""
        text_document = self.workspace.get_text_document(uri)
        path = uri_to_path(uri) or untitled_path(uri, text_document.language_id)
        if path is None:
            return None  # a remote buffer: no file system to read its neighbours from
        document = OpenDocument(
            uri, path, text_document.source, text_document.version, text_document.language_id
        )
        self.documents.put(document)
        return document

    def on_open(self, params: types.DidOpenTextDocumentParams) -> None:
        document = self._sync(params.text_document.uri)
        if document is not None:
            self.lint_now(document.uri)
            if document.differs_from_disk():  # the others read it from disk until now
                self.lint_dependents(document.path)

    def on_change(self, params: types.DidChangeTextDocumentParams) -> None:
        document = self._sync(params.text_document.uri)
        if document is not None:
            delay = self.settings.debounce_ms
            self.lint_soon(document.uri, delay)
            self.lint_dependents(document.path, delay)

    def on_save(self, params: types.DidSaveTextDocumentParams) -> None:
        document = self.documents.get(params.text_document.uri)
        if document is None:
            return
        if os.path.basename(document.path) in CONFIG_FILES:
            self.lint_everything()
            return
        self.lint_now(document.uri)
        self.lint_dependents(document.path)

    def on_close(self, params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        self.debouncer.cancel(uri)
        previous = self.results.pop(uri, None)
        document = self.documents.close(uri)
        if document is None:
            return
        if previous is not None and (previous.kind in LINTED or previous.findings):
            self.publish(uri, [], None)  # clear what was published (never for a plain script)
        self.lint_dependents(document.path)  # they now read the file from disk

    def on_watched_files(self, params: types.DidChangeWatchedFilesParams) -> None:
        for change in params.changes:
            path = uri_to_path(change.uri)
            if path is None:
                continue
            if os.path.basename(path) in CONFIG_FILES:
                self.lint_everything()
                return
            if self.documents.get(change.uri) is None:  # an open buffer wins over the disk
                self.lint_dependents(path, self.settings.debounce_ms)

    # -- linting -----------------------------------------------------------
    def lint_soon(self, uri: str, delay_ms: int) -> None:
        self.debouncer.schedule(uri, delay_ms, functools.partial(self._lint_logged, uri))

    def _lint_logged(self, uri: str) -> None:
        try:
            self.lint_now(uri)
        except Exception:
            log.exception("linting %s failed", uri)

    def lint_dependents(self, path: str, delay_ms: int = 0) -> None:
        for uri in self.documents.dependents(path):
            self.lint_soon(uri, delay_ms)

    def lint_everything(self) -> None:
        for uri in list(self.documents.open):
            self.lint_soon(uri, 0)

    def lint_now(self, uri: str) -> LintResult | None:
        self.debouncer.cancel(uri)
        document = self.documents.get(uri)
        if document is None:
            return None
        effective = self.configs.for_document(document.path, self.settings)
        if effective.error is not None and effective.error not in self.reported:
            self.reported.add(effective.error)
            self.show_error(f"{effective.error} (checking with the default settings)")
        result = lint_document(document, self.documents.overlay(), effective)
        if not self._settled:
            self._settle()
        previous = self.results.get(uri)
        self.results[uri] = result
        self.documents.depends_on[uri] = result.dependencies
        if result.kind in LINTED or (previous is not None and previous.findings):
            self.publish(uri, result.lsp_diagnostics, result.version)
        return result

    def _settle(self) -> None:
        """After the first lint: what is loaded now (modules, the compiled schema, rules)
        lives as long as the server, so keep it out of the collector's full passes, which
        otherwise walk it all every few edits (tens of milliseconds each on a big file)."""
        gc.collect()
        gc.freeze()
        self._settled = True

    def fresh(self, uri: str) -> LintResult | None:
        """The lint of the buffer as it is now (linting first if an edit is waiting)."""
        document = self.documents.get(uri)
        result = self.results.get(uri)
        if document is None:
            return None
        if result is None or result.text != document.text or self.debouncer.pending(uri):
            result = self.lint_now(uri)
        return result

    def publish(self, uri: str, diagnostics: list[types.Diagnostic], version: int | None) -> None:
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics, version=version)
        )

    # -- requests ----------------------------------------------------------
    def on_code_action(self, params: types.CodeActionParams) -> list[types.CodeAction] | None:
        uri = params.text_document.uri
        lint = self.fresh(uri)
        document = self.documents.get(uri)
        if lint is None or document is None or lint.kind not in LINTED:
            return None
        only = list(params.context.only) if params.context.only else None
        found = actions.quick_fixes(lint, document, self.documents.overlay(), params.range, only)
        fix_all = actions.fix_all_action(lint, only, self.settings.unsafe_fixes)
        if fix_all is not None:
            resolve = "text_document.code_action.resolve_support.properties"
            if "edit" not in (get_capability(self.client_capabilities, resolve, None) or ()):
                fix_all = self.on_code_action_resolve(fix_all)  # the client cannot ask later
            found.append(fix_all)
        return found or None

    def on_code_action_resolve(self, action: types.CodeAction) -> types.CodeAction:
        data = action.data if isinstance(action.data, dict) else {}
        document = self.documents.get(str(data.get("uri", "")))
        if not data.get("fixAll") or document is None:
            return action
        effective = self.configs.for_document(document.path, self.settings)
        action.edit = actions.fix_all_edit(
            document, self.documents.overlay(), effective, self.settings.unsafe_fixes
        ) or types.WorkspaceEdit(changes={})
        return action

    def on_hover(self, params: types.HoverParams) -> types.Hover | None:
        lint = self.fresh(params.text_document.uri)
        return None if lint is None else hover(lint, params.position)


SHOW_MAP = "composelint.showMap"


def show_map(arguments: Sequence[Any] | None) -> str | None:
    """``composelint.showMap``: the Mermaid map of the project the file (a URI, the
    first argument) belongs to: the compose files, scripts and Python of its folder."""
    from urllib.parse import unquote, urlparse

    from composelint.map.build import build_map
    from composelint.map.render import mermaid

    if not arguments or not isinstance(arguments[0], str):
        return None
    uri = urlparse(arguments[0])
    path = unquote(uri.path) if uri.scheme == "file" else arguments[0]
    folder = os.path.dirname(path) if os.path.isfile(path) else path
    if not os.path.isdir(folder):
        return None
    return mermaid(build_map([folder]))


def show_map_command(*arguments: Any) -> str | None:
    """The command's handler (a plain function: pygls marks it with attributes)."""
    try:
        return show_map(arguments)
    except Exception:  # as guarded() does for the features: log it, answer nothing
        log.exception("%s failed", SHOW_MAP)
        return None


def serve(debounce_ms: int | None = None, log_file: str | None = None) -> None:
    """Run the server over stdin/stdout until the client says exit."""
    handler: logging.Handler = (
        logging.FileHandler(log_file, encoding="utf-8") if log_file else logging.StreamHandler()
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=logging.INFO, handlers=[handler])
    logging.getLogger("pygls").setLevel(logging.WARNING)  # it logs every message at INFO
    ComposelintServer(debounce_ms).start_io(sys.stdin.buffer, sys.stdout.buffer)
