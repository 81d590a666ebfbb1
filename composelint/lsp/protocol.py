"""The wire side: UTF-16 positions whatever the client offers, and handlers that never crash.

Every handler is guarded: an exception is logged with its traceback and the request
is answered with nothing, so one bad message never stops the server.
"""

from __future__ import annotations

import functools
import inspect
import logging
from collections.abc import Callable, Generator
from typing import Any

from lsprotocol import types
from pygls.protocol import LanguageServerProtocol
from pygls.protocol.language_server import lsp_method

log = logging.getLogger("composelint.lsp")


class Utf16Protocol(LanguageServerProtocol):
    @lsp_method(types.INITIALIZE)
    def lsp_initialize(
        self, params: types.InitializeParams
    ) -> Generator[Any, Any, types.InitializeResult]:
        # Every position composelint computes is UTF-16 (the LSP default): never
        # negotiate another encoding, whatever else the client offers.
        if params.capabilities.general is not None:
            params.capabilities.general.position_encodings = None
        return (yield from super().lsp_initialize(params))


def guarded(handler: Callable[..., Any]) -> Callable[..., Any]:
    """Log a handler's exception (with traceback) and answer nothing, instead of failing."""
    if inspect.iscoroutinefunction(handler):

        @functools.wraps(handler)
        async def run_async(params: Any) -> Any:
            try:
                return await handler(params)
            except Exception:
                log.exception("%s failed", handler.__name__)
                return None

        return run_async

    @functools.wraps(handler)
    def run(params: Any) -> Any:
        try:
            return handler(params)
        except Exception:
            log.exception("%s failed", handler.__name__)
            return None

    return run
