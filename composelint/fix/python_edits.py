"""The Python editor: fix intents carried out on the file's libcst tree.

The file is parsed with libcst when a fix is asked for (``python_cst``); the node the
reader located is replaced by a rewritten one, and the edit is what libcst writes back
differently, so comments, blank lines, quoting and layout stay.  A host port gains its
address (``8080`` -> ``("127.0.0.1", 8080)``, ``None`` -> ``("127.0.0.1", None)``, each
item of a list; ``("0.0.0.0", 8080)`` gets the address replaced), a mode becomes
``"ro"``, a volume string gains ``:ro``, a ``Mount(...)`` ``read_only=True`` (added
after its last argument, in the layout of the others), and a ``"8080:8080"`` after
``"-p"`` in a command list ``"127.0.0.1:8080:8080"``.  The file with the edits applied
must compile, else there is no fix.  Each function returns None when no literal can
carry the intent (a computed value, a string with escapes, testcontainers'
``with_bind_ports``, which takes no address) or the file is beyond the editor's limits.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Sequence
from typing import Any

import libcst as cst

from composelint.diagnostics import Edit
from composelint.fix.carry import Resolved, carry
from composelint.fix.python_cst import CstFile, Rewrite, cst_file
from composelint.model.container import WILDCARDS, Mount, PortMapping, Service
from composelint.model.intents import (
    AddSetting,
    BindLoopback,
    Intent,
    MakeReadOnly,
    MoveToExpose,
    RemovePorts,
)
from composelint.model.origin import Origin
from composelint.python.limits import MAX_EDIT_CHARS, edit_refusal
from composelint.python.literals import BOOL, DICT, INT, NONE, STR, TUPLE, Lit
from composelint.python.nodes import (
    MOUNT_CALL,
    SDK_PORT,
    VOLUME_DICT,
    VOLUME_MAPPING,
    VOLUME_STRING,
    VOLUME_TUPLE,
    CallNode,
    MountNode,
    PortNode,
)
from composelint.source import Source, lazy_pattern

_INDENT = lazy_pattern(r"[ \t]*")
_NO_SPACE = cst.SimpleWhitespace("")
_SPACE = cst.SimpleWhitespace(" ")


def python_edits(intent: Intent) -> Resolved | None:
    """The edits carrying ``intent`` and the data paths they may change; None when the
    values are not a Python file's or no literal can carry it.  (``MoveToExpose`` has
    no Python form: a port is not published by leaving it out.)  A value of a command
    line (a ``subprocess`` list, an ``os.system`` string) is changed as the command-line
    editor says, in the string literal that holds it."""
    origin = _intent_origin(intent)
    if origin is not None and not isinstance(origin.node, (PortNode, MountNode, CallNode)):
        return command_list_edits(intent, origin)
    resolved = carry(
        intent, loopback=loopback_edits, read_only=read_only_edits, remove_ports=remove_ports
    )
    if resolved is None:
        return None
    if isinstance(intent, RemovePorts):
        # A text edit: the file with it applied must still compile.  (The other intents
        # replace one libcst node by another that libcst writes: valid by construction,
        # and a fix run re-parses every file it writes; compiling the whole file once
        # per finding was a third of the language server's time on a long file.)
        origin = intent.container.ports[0].origin
        if origin is None or not compiles(origin.source, resolved[0]):
            return None
    return resolved


def _intent_origin(intent: Intent) -> Origin | None:
    if isinstance(intent, (BindLoopback, MoveToExpose)):
        return intent.port.origin
    if isinstance(intent, MakeReadOnly):
        return intent.mount.origin
    if isinstance(intent, AddSetting):
        return intent.container.origin
    return None


def command_list_edits(intent: Intent, origin: Origin) -> Resolved | None:
    """A command line's fix (``"8080:8080"`` after ``"-p"`` -> ``"127.0.0.1:8080:8080"``)
    made on the string literals of the file's libcst tree."""
    from composelint.fix.command_edits import command_edits

    resolved = command_edits(intent)
    if resolved is None:
        return None
    source = origin.source
    tree = cst_file(source, refusal(source))
    if tree is None:
        return None
    try:
        edits = tree.retext(resolved[0])
    except RecursionError:
        return None
    if not edits or not compiles(source, edits):
        return None
    return edits, resolved[1]


def refusal(source: Source) -> str | None:
    """Why the editor will not rewrite ``source`` (measured here for a value the Python
    reader's own nodes do not carry: a command line's)."""
    import ast

    if len(source.text) > MAX_EDIT_CHARS:
        return "too large"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tree = ast.parse(source.text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return "not Python this Python parses"
    return edit_refusal(source.text, tree)


def _tree(origin: Origin) -> CstFile | None:
    node = origin.node
    refused = getattr(node, "refused", None)
    return cst_file(origin.source, refused)


def _edit(
    origin: Origin, at: Lit | CallNode, kinds: tuple[type[cst.CSTNode], ...], rewrite: Rewrite
) -> tuple[Edit, ...] | None:
    tree = _tree(origin)
    if tree is None:
        return None
    try:
        edit = tree.rewrite(at.start, at.end, kinds, rewrite)
    except RecursionError:  # a statement nested deeper than libcst can write back
        return None
    return None if edit is None else (edit,)


# -- bind a publish to loopback ------------------------------------------------------


def loopback_edits(mapping: PortMapping, v4: str, v6: str) -> tuple[Edit, ...] | None:
    origin = mapping.origin
    node = origin.node if origin is not None else None
    if origin is None or not isinstance(node, PortNode) or node.form != SDK_PORT:
        return None
    address, value = node.address, node.value
    if address is not None:
        written = address.value.strip()
        if written not in WILDCARDS:
            return None  # already bound to an address
        new = v6.strip("[]") if written in ("::", "[::]") else v4
        keep_quotes = address.content is not None
        quoted = _quoted(new, origin)

        def readdress(found: cst.CSTNode) -> cst.CSTNode | None:
            if keep_quotes and isinstance(found, cst.SimpleString):
                return found.with_changes(value=f"{found.prefix}{found.quote}{new}{found.quote}")
            if isinstance(found, cst.BaseString):
                return cst.SimpleString(quoted, lpar=found.lpar, rpar=found.rpar)
            return None

        return _edit(origin, address, (cst.BaseString,), readdress)
    if value is None:
        return None
    address_node = cst.SimpleString(_quoted(v4, origin))
    if value.kind == TUPLE and len(value.items) == 1 and value.items[0].kind == INT:

        def widen(found: cst.CSTNode) -> cst.CSTNode | None:
            if not isinstance(found, cst.Tuple) or len(found.elements) != 1:
                return None
            parens = {} if found.lpar else {"lpar": [cst.LeftParen()], "rpar": [cst.RightParen()]}
            return found.with_changes(
                elements=[_element(address_node), cst.Element(found.elements[0].value)], **parens
            )

        return _edit(origin, value, (cst.Tuple,), widen)
    if value.kind in (INT, STR, NONE):

        def pair(found: cst.CSTNode) -> cst.CSTNode | None:
            if not isinstance(found, cst.BaseExpression):
                return None
            return cst.Tuple([_element(address_node), cst.Element(found)])

        return _edit(origin, value, (cst.Integer, cst.BaseString, cst.Name), pair)
    return None


def _element(value: cst.BaseExpression) -> cst.Element:
    return cst.Element(value, comma=cst.Comma(whitespace_after=_SPACE))


def _quoted(text: str, origin: Origin) -> str:
    """``text`` as a string literal in the quotes of the key beside it."""
    key = origin.key
    raw = origin.source.text[key.start : key.end] if isinstance(key, Lit) else ""
    quote = "'" if raw.startswith("'") else '"'
    return f"{quote}{text}{quote}"


# -- stop publishing ----------------------------------------------------------------


def remove_ports(service: Service) -> tuple[Edit, ...] | None:
    """The call's ``ports=`` keyword argument taken out with one comma and the blanks
    beside it.  An argument on a line of its own leaves the line empty: lines are never
    removed, since a container further down is named by its line."""
    arguments: set[tuple[int, int]] = set()
    origin = None
    for mapping in service.ports:
        origin = mapping.origin
        node = origin.node if origin is not None else None
        if not isinstance(node, PortNode) or node.form != SDK_PORT or node.argument is None:
            return None
        arguments.add(node.argument)
    if origin is None or len(arguments) != 1:
        return None
    (start, end), text, path = arguments.pop(), origin.source.text, origin.path
    if "\n" in text[start:end]:
        return None  # lines are never removed: a container further down keeps its name
    comma = re.compile(r"[ \t]*,[ \t]*").match(text, end)
    if comma is None:  # the last argument: the comma before it goes
        before = text[:start].rstrip(" \t")
        if not before.endswith(","):
            return None
        return (Edit(path, len(before) - 1, end, ""),)
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", comma.end())
    line_end = len(text) if line_end < 0 else line_end
    if text[line_end - 1 : line_end] == "\r":
        line_end -= 1
    if not text[line_start:start].strip() and not text[comma.end() : line_end].strip():
        return (Edit(path, line_start, line_end, ""),)  # the line stays, empty
    return (Edit(path, start, comma.end(), ""),)


# -- mount read-only -----------------------------------------------------------------


def read_only_edits(mount: Mount) -> tuple[Edit, ...] | None:
    origin = mount.origin
    node = origin.node if origin is not None else None
    if origin is None or not isinstance(node, MountNode):
        return None
    if node.form == VOLUME_STRING:
        return _volume_string(origin, node.string, mount)
    if node.form in (VOLUME_DICT, VOLUME_MAPPING, VOLUME_TUPLE):
        if node.mode is not None:
            return _mode(origin, node.mode, mount)
        if node.form == VOLUME_DICT and isinstance(node.holder, Lit) and node.holder.kind == DICT:
            return _append(origin, node.holder, _MODE_ENTRY)
        return None
    if node.form == MOUNT_CALL:
        if node.mode is not None:
            if node.mode.kind != BOOL:
                return None
            return _edit(origin, node.mode, (cst.Name,), _true)
        if isinstance(node.holder, CallNode):
            return _append(origin, node.holder, _READ_ONLY_ARG)
    return None


def _true(found: cst.CSTNode) -> cst.CSTNode | None:
    return found.with_changes(value="True") if isinstance(found, cst.Name) else None


def _ro(options: tuple[str, ...]) -> str:
    return ",".join(["ro", *(o for o in options if o not in ("ro", "rw"))])


def _restring(content: str) -> Rewrite:
    """A string literal with ``content`` between its own quotes and prefix."""

    def rewrite(found: cst.CSTNode) -> cst.CSTNode | None:
        if not isinstance(found, cst.SimpleString):
            return None
        return found.with_changes(value=f"{found.prefix}{found.quote}{content}{found.quote}")

    return rewrite


def _volume_string(origin: Origin, string: Lit | None, mount: Mount) -> tuple[Edit, ...] | None:
    if string is None or string.content is None:
        return None
    start, end = string.content
    written = origin.source.text[start:end]
    if mount.options:  # replace the options field: ":rw" -> ":ro", ":z" -> ":ro,z"
        content = f"{written[: written.rfind(':')]}:{_ro(mount.options)}"
    else:
        content = f"{written}:ro"
    return _edit(origin, string, (cst.SimpleString,), _restring(content))


def _mode(origin: Origin, mode: Lit, mount: Mount) -> tuple[Edit, ...] | None:
    if mode.kind != STR or mode.content is None:
        return None
    return _edit(origin, mode, (cst.SimpleString,), _restring(_ro(mount.options)))


# -- an entry added after the last one -----------------------------------------------

_MODE_ENTRY = cst.DictElement(cst.SimpleString('"mode"'), cst.SimpleString('"ro"'))
_READ_ONLY_ARG = cst.Arg(
    cst.Name("True"),
    keyword=cst.Name("read_only"),
    equal=cst.AssignEqual(whitespace_before=_NO_SPACE, whitespace_after=_NO_SPACE),
)
_Entry = cst.DictElement | cst.Arg


def _append(origin: Origin, holder: Lit | CallNode, item: _Entry) -> tuple[Edit, ...] | None:
    """``item`` after the last entry of a dict or call, in its style: on a line of its
    own when the closing bracket is on one (in the last entry's indent), else after
    ``, ``."""
    text = origin.source.text
    if isinstance(holder, CallNode):
        last, close = holder.last_arg_end, holder.close
        kinds: tuple[type[cst.CSTNode], ...] = (cst.Call,)
    else:
        ends = [v.end for _k, v in holder.pairs]
        last, close = (max(ends) if ends else None), holder.end - 1
        kinds = (cst.Dict,)
    indent = None
    if last is not None:
        line_start = text.rfind("\n", 0, close) + 1
        if not text[line_start:close].strip():  # the bracket closes on a line of its own
            last_line = text.rfind("\n", 0, last) + 1
            indent = _INDENT.match(text, last_line).group()  # type: ignore[union-attr]
            if isinstance(holder, Lit) and last_line <= holder.start:
                # The entries start on the line of the brace: under the first one.
                first = len(text[holder.start + 1 :]) - len(text[holder.start + 1 :].lstrip())
                indent = " " * (holder.start + 1 + first - last_line)

    def rewrite(found: cst.CSTNode) -> cst.CSTNode | None:
        if isinstance(found, cst.Dict) and isinstance(item, cst.DictElement):
            entries, closer = list(found.elements), found.rbrace.whitespace_before
            appended = _appended(entries, closer, item, indent)
            if appended is None:
                return None
            rbrace = found.rbrace.with_changes(whitespace_before=appended[1])
            return found.with_changes(elements=appended[0], rbrace=rbrace)
        if isinstance(found, cst.Call) and isinstance(item, cst.Arg):
            if not found.args:
                return found.with_changes(args=[item])
            args = list(found.args)
            appended = _appended(args, args[-1].whitespace_after_arg, item, indent)
            if appended is None:
                return None
            new_args = appended[0]
            new_args[-1] = new_args[-1].with_changes(whitespace_after_arg=appended[1])
            return found.with_changes(args=new_args)
        return None

    return _edit(origin, holder, kinds, rewrite)


def _appended(
    entries: Sequence[Any],  # the dict's elements or the call's arguments
    closer: cst.BaseParenthesizableWhitespace,
    item: _Entry,
    indent: str | None,
) -> tuple[list[Any], cst.BaseParenthesizableWhitespace] | None:
    """``entries`` with ``item`` after the last, and the whitespace before the closing
    bracket (for a call, the last argument's ``whitespace_after_arg``)."""
    if not entries:
        return [item], closer
    last = entries[-1]
    comma = last.comma
    if isinstance(last, cst.Arg):
        last = last.with_changes(whitespace_after_arg=_NO_SPACE)
    if indent is None:  # on the line: ", item" right after the last value
        last = last.with_changes(
            comma=cst.Comma(whitespace_before=_NO_SPACE, whitespace_after=_SPACE)
        )
        return [*entries[:-1], last, item.with_changes(comma=comma)], closer
    before: cst.BaseParenthesizableWhitespace = _NO_SPACE
    after: cst.BaseParenthesizableWhitespace = _NO_SPACE
    if isinstance(comma, cst.Comma):
        before, after = comma.whitespace_before, comma.whitespace_after
        if isinstance(before, cst.ParenthesizedWhitespace):
            return None  # a comma on the line after the value
    # The line break after the last entry: in the comma, else before the bracket.
    if isinstance(after, cst.ParenthesizedWhitespace):
        breaks, rest = after, closer
    elif isinstance(closer, cst.ParenthesizedWhitespace) and isinstance(
        after, cst.SimpleWhitespace
    ):
        first = closer.first_line
        spaced = first.whitespace.with_changes(value=after.value + first.whitespace.value)
        breaks, rest = closer.with_changes(first_line=first.with_changes(whitespace=spaced)), None
    else:
        return None
    # The last entry's line as it was, the item on a line of its own in the last
    # entry's indent, then what followed the last entry's line break.
    opened = cst.ParenthesizedWhitespace(
        first_line=breaks.first_line, indent=False, last_line=cst.SimpleWhitespace(indent)
    )
    closed = cst.ParenthesizedWhitespace(
        empty_lines=breaks.empty_lines, indent=breaks.indent, last_line=breaks.last_line
    )
    last = last.with_changes(comma=cst.Comma(whitespace_before=before, whitespace_after=opened))
    if rest is None:  # the break was before the bracket: it follows the item now
        new = item.with_changes(
            comma=cst.Comma(whitespace_before=_NO_SPACE, whitespace_after=_NO_SPACE)
        )
        return [*entries[:-1], last, new], closed
    new = item.with_changes(comma=cst.Comma(whitespace_before=_NO_SPACE, whitespace_after=closed))
    return [*entries[:-1], last, new], rest


# -- verification --------------------------------------------------------------------


def compiles(source: Source, edits: tuple[Edit, ...]) -> bool:
    """Whether ``source`` with ``edits`` applied is still Python that compiles."""
    text = source.text
    for edit in sorted(edits, key=lambda e: e.start, reverse=True):
        text = text[: edit.start] + edit.new_text + text[edit.end :]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            compile(text, source.path, "exec", dont_inherit=True)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    return True
