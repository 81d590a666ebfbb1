"""Text safe inside an XML 1.0 attribute or element, for the JUnit and Checkstyle formats.

A message quotes the file's text, which may hold characters XML 1.0 cannot carry at all
(controls such as ESC, lone surrogates): those are written as visible escapes
(``\\x1b``), as the text output shows them; the rest is entity-escaped.
"""

from __future__ import annotations

import re
from xml.sax.saxutils import escape, quoteattr

from composelint.source import lazy_pattern

# What XML 1.0 allows: tab, newline, carriage return, and the rest from U+0020 on,
# without surrogates and U+FFFE/U+FFFF.
_NOT_XML = lazy_pattern("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def xml_safe(text: str) -> str:
    return _NOT_XML.sub(_visible, text)


def attr(text: str) -> str:
    """``text`` as a quoted attribute value, newlines kept as character references."""
    return quoteattr(xml_safe(text), {"\n": "&#10;", "\r": "&#13;", "\t": "&#9;"})


def body(text: str) -> str:
    return escape(xml_safe(text))
