"""The language server (``composelint lsp``), built on pygls.

``server`` wires the LSP handlers; ``documents`` keeps the open buffers, what each
compose file depends on and the debounce timers; ``linting`` runs the engine on a
buffer and turns its findings into LSP diagnostics; ``actions``, ``suppression`` and
``hover`` answer code-action and hover requests; ``settings`` reads the editor's
settings on top of the project's configuration file; ``protocol`` keeps positions in
UTF-16 and guards every handler.
"""
