"""Code-point offsets from ``ast`` positions.

``ast`` gives 1-based lines and columns in UTF-8 bytes; composelint counts code
points from the start of the text.  Lines end where Python's tokenizer ends them
(``\\r\\n``, ``\\r`` or ``\\n``), which is not always where ``Source`` does.
"""

from __future__ import annotations

import ast

from composelint.source import lazy_pattern

_NEWLINE = lazy_pattern(r"\r\n|\r|\n")


class Offsets:
    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0, *(m.end() for m in _NEWLINE.finditer(text))]
        self.ascii = text.isascii()
        self._encoded: dict[int, bytes] = {}

    def at(self, lineno: int, col: int) -> int:
        """The offset of byte column ``col`` of 1-based line ``lineno``."""
        index = lineno - 1
        if index >= len(self.starts):
            return len(self.text)
        start = self.starts[index]
        if self.ascii:
            return start + col
        line = self._encoded.get(index)
        if line is None:
            end = self.starts[index + 1] if index + 1 < len(self.starts) else len(self.text)
            line = self._encoded[index] = self.text[start:end].encode("utf-8", "surrogatepass")
        return start + len(line[:col].decode("utf-8", "replace"))

    def start(self, node: ast.AST) -> int:
        return self.at(node.lineno, node.col_offset)  # type: ignore[attr-defined]

    def end(self, node: ast.AST) -> int:
        return self.at(node.end_lineno, node.end_col_offset)  # type: ignore[attr-defined]
