"""Docker compose variable interpolation that keeps both raw and resolved text.

Semantics follow compose-go's ``template`` package (``template/template.go``):

* ``$$`` is a literal ``$``; ``$NAME`` and ``${NAME}`` substitute a variable
  (names match ``[_a-zA-Z][_a-zA-Z0-9]*``); an unset variable becomes ``""``.
* ``${NAME:-default}`` / ``${NAME-default}``: default when unset or empty / unset.
* ``${NAME:?message}`` / ``${NAME?message}``: compose refuses the file when the
  variable is unset or empty / unset.  Here that is not an exception: the
  expression resolves to ``""``, ``depends_on_env`` is set and the message is
  kept in ``required_errors``.
* ``${NAME:+alt}`` / ``${NAME+alt}``: ``alt`` when set and non-empty / set.
* Arguments are interpolated themselves, only when used (so an unset
  ``${A:?}`` inside an unused default is no error), and may nest.
* ``$`` followed by anything else stays literal; ``${`` that does not form a
  valid expression is a syntax error (compose: "invalid interpolation format").

compose-go finds the end of ``${NAME<op>...}`` with a regular expression whose
argument is ``.*`` (greedy, no newlines) and then cuts at the first ``}`` that
balances the braces, counting every ``{`` (so ``${X:-{"a":1}}`` keeps the JSON
default) and skipping the character right after each ``{``.  ``_closing_brace``
reproduces that, quirks included, so offsets agree with what compose uses.
"""

from __future__ import annotations

from collections.abc import Callable

from msgspec import Struct, field

from composelint.source import lazy_pattern

Lookup = Callable[[str], str | None]

_NAME = lazy_pattern(r"[_a-zA-Z][_a-zA-Z0-9]*")
# A "$" that interpolation acts on as a variable: "$$" pairs are consumed first.
_VARIABLE = lazy_pattern(r"\$(?:\$|([{_a-zA-Z]))")
# Longest first: ":-" must win over "-" etc.
_OPERATORS = (":-", ":?", ":+", "-", "?", "+")


class VarRef(Struct, frozen=True):
    """One ``$NAME`` / ``${NAME...}`` expression; offsets index the raw string."""

    name: str
    start: int  # offset of the "$"
    end: int  # offset just past the expression
    operator: str | None  # None, ":-", "-", ":?", "?", ":+", "+"
    argument: str | None  # raw text after the operator (default, message, alternative)
    argument_start: int | None
    argument_end: int | None
    is_set: bool
    resolved: str  # what the whole expression resolved to


class Interpolated(Struct, frozen=True):
    value: str  # resolved text (the raw text unchanged when ``errors`` is non-empty)
    raw: str
    variables: tuple[VarRef, ...] = ()  # every reference, nested ones too, in text order
    depends_on_env: bool = False
    errors: tuple[str, ...] = ()  # syntax problems
    required_errors: tuple[str, ...] = field(default=())  # ":?"/"?" variables that are missing


def has_variables(raw: str) -> bool:
    """True when ``raw`` holds a ``$NAME`` or ``${...}`` (valid or not).

    Cheap: strings without ``$`` return at once.  A string whose only ``$`` are
    ``$$`` escapes returns False, although ``interpolate`` would still turn each
    ``$$`` into ``$``.
    """
    if "$" not in raw:
        return False
    return any(match.group(1) for match in _VARIABLE.finditer(raw))


def interpolate(raw: str, lookup: Lookup) -> Interpolated:
    """Resolve ``raw`` as docker compose would, recording every variable reference."""
    if "$" not in raw:
        return Interpolated(raw, raw)
    state = _State(lookup)
    result = _substitute(raw, 0, len(raw), state, used=True)
    refs = tuple(sorted(state.refs, key=lambda ref: (ref.start, -ref.end)))
    if state.errors:
        return Interpolated(
            raw, raw, refs, state.depends, tuple(state.errors), tuple(state.required)
        )
    return Interpolated(result, raw, refs, state.depends, (), tuple(state.required))


class _State(Struct):
    lookup: Lookup
    refs: list[VarRef] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    required: list[str] = field(default_factory=list)
    depends: bool = False


def _substitute(raw: str, start: int, end: int, state: _State, used: bool) -> str:
    """Interpolate ``raw[start:end]``; effects count only if ``used``."""
    out: list[str] = []
    pos = start
    while pos < end:
        dollar = raw.find("$", pos, end)
        if dollar < 0:
            out.append(raw[pos:end])
            break
        out.append(raw[pos:dollar])
        nxt = raw[dollar + 1] if dollar + 1 < end else ""
        if nxt == "$":
            out.append("$")
            pos = dollar + 2
        elif nxt == "{":
            value, pos = _braced(raw, dollar, end, state, used)
            out.append(value)
        elif nxt and (nxt == "_" or nxt.isascii() and nxt.isalpha()):
            match = _NAME.match(raw, dollar + 1, end)
            assert match is not None
            value, pos = _plain(match.group(), dollar, match.end(), state, used)
            out.append(value)
        else:
            out.append("$")
            pos = dollar + 1
    return "".join(out)


def _plain(name: str, dollar: int, end: int, state: _State, used: bool) -> tuple[str, int]:
    """``$NAME`` or ``${NAME}`` spanning ``dollar`` to ``end``."""
    value = state.lookup(name)
    if value is None and used:
        state.depends = True
    state.refs.append(
        VarRef(name, dollar, end, None, None, None, None, value is not None, value or "")
    )
    return value or "", end


def _braced(raw: str, dollar: int, end: int, state: _State, used: bool) -> tuple[str, int]:
    """``${...}`` starting at ``dollar``; returns its value and where scanning goes on."""
    name_match = _NAME.match(raw, dollar + 2, end)
    after = name_match.end() if name_match else -1
    if name_match and after < end and raw[after] == "}":
        return _plain(name_match.group(), dollar, after + 1, state, used)
    operator = _operator_at(raw, after, end) if name_match else None
    close = -1 if operator is None else _closing_brace(raw, dollar, after + len(operator), end)
    if name_match is None or operator is None or close < 0:
        if not used:
            return "${", dollar + 2
        # Report the rest of the line once; the value is the raw text anyway.
        line_end = raw.find("\n", dollar, end)
        stop = end if line_end < 0 else line_end
        state.errors.append(f"invalid interpolation format for '{raw[dollar:stop]}'")
        return raw[dollar:stop], stop
    name = name_match.group()
    arg_start = after + len(operator)
    value = state.lookup(name)
    uses_argument = _uses_argument(operator, value)
    # The argument is interpolated only when compose would use it; its references
    # are recorded either way, but errors and missing variables count only if used.
    argument = _substitute(raw, arg_start, close, state, used and uses_argument)
    if not uses_argument:
        resolved = value or ""
    elif operator in (":?", "?"):
        resolved = ""
        if used:
            state.depends = True
            detail = f": {argument}" if argument else ""
            state.required.append(f"required variable {name} is missing a value{detail}")
    else:
        resolved = argument
    state.refs.append(
        VarRef(
            name,
            dollar,
            close + 1,
            operator,
            raw[arg_start:close],
            arg_start,
            close,
            value is not None,
            resolved,
        )
    )
    return resolved, close + 1


def _operator_at(raw: str, pos: int, end: int) -> str | None:
    for operator in _OPERATORS:
        if raw.startswith(operator, pos, end):
            return operator
    return None


def _uses_argument(operator: str, value: str | None) -> bool:
    """Whether the argument replaces the variable's value (for ``?``: the error fires)."""
    if operator in (":-", ":?"):
        return not value
    if operator in ("-", "?"):
        return value is None
    if operator == ":+":
        return bool(value)
    return value is not None  # "+"


def _closing_brace(raw: str, dollar: int, arg_start: int, end: int) -> int:
    """Offset of the ``}`` closing ``${`` at ``dollar``, as compose-go finds it, or -1.

    compose-go's pattern needs a ``}`` after the operator on the same line and
    takes the last one; within that match the first ``}`` balancing the braces
    wins (every ``{`` counts and hides the character after it).
    """
    line_end = raw.find("\n", arg_start, end)
    last = raw.rfind("}", arg_start, end if line_end < 0 else line_end)
    if last < 0:
        return -1
    depth = 0
    i = dollar
    while i <= last:
        char = raw[i]
        if char == "}":
            depth -= 1
            if depth == 0:
                return i
        if char == "{":
            depth += 1
            i += 1
        i += 1
    return last
