from __future__ import annotations

import pytest

from composelint.compose.interpolate import Interpolated, VarRef, has_variables, interpolate

MISSING = "required variable {} is missing a value"
ENV = {"SET": "value", "EMPTY": "", "PORT": "8080", "B": "bee"}


def run(raw: str, env: dict[str, str] | None = None) -> Interpolated:
    return interpolate(raw, (ENV if env is None else env).get)


def only(result: Interpolated) -> VarRef:
    assert len(result.variables) == 1
    return result.variables[0]


# ------------------------------------------------------------------ plain text


def test_text_without_dollar_is_unchanged() -> None:
    result = run("plain text")
    assert result == Interpolated("plain text", "plain text")
    assert result.variables == ()
    assert not result.depends_on_env


def test_double_dollar_is_a_literal_dollar() -> None:
    result = run("echo $$HOME $${SET}")
    assert result.value == "echo $HOME ${SET}"
    assert result.variables == ()
    assert not result.depends_on_env


def test_triple_dollar_is_escape_then_variable() -> None:
    result = run("$$$SET")
    assert result.value == "$value"
    ref = only(result)
    assert (ref.name, ref.start, ref.end) == ("SET", 2, 6)


@pytest.mark.parametrize("raw", ["$1", "cost: 5$", "a $ b", "$-x", "$.", "$"])
def test_dollar_not_followed_by_name_or_brace_stays_literal(raw: str) -> None:
    result = run(raw)
    assert result.value == raw
    assert result.errors == ()
    assert result.variables == ()


# ----------------------------------------------------------- simple references


def test_named_and_braced_reference() -> None:
    result = run("a=$SET b=${SET}")
    assert result.value == "a=value b=value"
    first, second = result.variables
    assert (first.start, first.end, first.operator, first.argument) == (2, 6, None, None)
    assert "a=$SET b=${SET}"[second.start : second.end] == "${SET}"
    assert first.is_set and second.is_set
    assert first.resolved == second.resolved == "value"


def test_named_reference_stops_at_non_name_character() -> None:
    result = run("$SET.suffix-$B")
    assert result.value == "value.suffix-bee"
    assert [ref.name for ref in result.variables] == ["SET", "B"]


def test_names_are_case_sensitive_for_lookup_but_any_case_is_a_name() -> None:
    result = run("${set}", {"SET": "x"})
    assert result.value == ""
    assert only(result).name == "set"
    assert result.depends_on_env


def test_unset_variable_becomes_empty_and_depends_on_env() -> None:
    result = run("host-${MISSING}-x")
    assert result.value == "host--x"
    ref = only(result)
    assert not ref.is_set
    assert ref.resolved == ""
    assert result.depends_on_env


def test_empty_variable_is_set_and_does_not_depend_on_env() -> None:
    result = run("[$EMPTY]")
    assert result.value == "[]"
    assert only(result).is_set
    assert not result.depends_on_env


# ------------------------------------------------------------------- operators


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("${SET:-d}", "value"),
        ("${EMPTY:-d}", "d"),
        ("${UNSET:-d}", "d"),
        ("${SET-d}", "value"),
        ("${EMPTY-d}", ""),
        ("${UNSET-d}", "d"),
        ("${SET:+alt}", "alt"),
        ("${EMPTY:+alt}", ""),
        ("${UNSET:+alt}", ""),
        ("${SET+alt}", "alt"),
        ("${EMPTY+alt}", "alt"),
        ("${UNSET+alt}", ""),
        ("${SET:?msg}", "value"),
        ("${SET?msg}", "value"),
        ("${EMPTY?msg}", ""),
        ("${UNSET:-}", ""),
    ],
)
def test_operator_semantics(raw: str, expected: str) -> None:
    result = run(raw)
    assert result.value == expected
    assert result.errors == ()
    assert result.required_errors == ()
    assert not result.depends_on_env
    assert only(result).resolved == expected


@pytest.mark.parametrize(
    ("raw", "name", "message"),
    [
        ("${UNSET:?must be set}", "UNSET", f"{MISSING.format('UNSET')}: must be set"),
        ("${EMPTY:?must be set}", "EMPTY", f"{MISSING.format('EMPTY')}: must be set"),
        ("${UNSET?}", "UNSET", MISSING.format("UNSET")),
    ],
)
def test_required_variable_missing_does_not_raise(raw: str, name: str, message: str) -> None:
    result = run(f"x{raw}y")
    assert result.value == "xy"
    assert result.errors == ()
    assert result.depends_on_env
    assert result.required_errors == (message,)
    ref = only(result)
    assert ref.name == name
    assert ref.resolved == ""


def test_required_message_is_interpolated() -> None:
    result = run("${UNSET:?port $PORT missing}")
    assert result.required_errors == (f"{MISSING.format('UNSET')}: port 8080 missing",)


def test_operator_offsets_slice_expression_and_argument() -> None:
    raw = "bind: ${BIND:-0.0.0.0}:80"
    result = run(raw)
    ref = only(result)
    assert ref.operator == ":-"
    assert raw[ref.start : ref.end] == "${BIND:-0.0.0.0}"
    assert ref.argument == "0.0.0.0"
    assert ref.argument_start is not None and ref.argument_end is not None
    assert raw[ref.argument_start : ref.argument_end] == "0.0.0.0"
    fixed = raw[: ref.argument_start] + "127.0.0.1" + raw[ref.argument_end :]
    assert fixed == "bind: ${BIND:-127.0.0.1}:80"
    assert run(fixed).value == "bind: 127.0.0.1:80"


@pytest.mark.parametrize("operator", [":-", "-", ":?", "?", ":+", "+"])
def test_every_operator_is_recorded_with_its_argument(operator: str) -> None:
    raw = f"${{SET{operator}arg}}"
    ref = only(run(raw))
    assert ref.operator == operator
    assert ref.argument == "arg"
    assert (ref.start, ref.end) == (0, len(raw))
    assert raw[ref.argument_start : ref.argument_end] == "arg"  # type: ignore[misc]


def test_empty_argument_has_an_empty_span() -> None:
    ref = only(run("${UNSET:-}"))
    assert ref.argument == ""
    assert ref.argument_start == ref.argument_end == 9


def test_default_may_contain_colons_and_dashes() -> None:
    result = run("${UNSET:-http://x:8080/a-b}")
    assert result.value == "http://x:8080/a-b"
    assert only(result).argument == "http://x:8080/a-b"


def test_default_with_json_braces() -> None:
    raw = '${UNSET:-{"json":1}}'
    result = run(raw)
    assert result.value == '{"json":1}'
    assert only(result).end == len(raw)


def test_default_with_double_dollar() -> None:
    result = run("${UNSET:-$$literal}")
    assert result.value == "$literal"
    assert only(result).argument == "$$literal"


# --------------------------------------------------------------------- nesting


def test_nested_defaults() -> None:
    raw = "${A:-${B:-x}}"
    assert run(raw, {}).value == "x"
    assert run(raw, {"B": "b"}).value == "b"
    assert run(raw, {"A": "a", "B": "b"}).value == "a"


def test_nested_references_are_recorded_with_raw_offsets() -> None:
    raw = "p=${A:-${B:-x}}!"
    result = run(raw, {"B": "b"})
    outer, inner = result.variables
    assert raw[outer.start : outer.end] == "${A:-${B:-x}}"
    assert outer.argument == "${B:-x}"
    assert raw[outer.argument_start : outer.argument_end] == "${B:-x}"  # type: ignore[misc]
    assert raw[inner.start : inner.end] == "${B:-x}"
    assert raw[inner.argument_start : inner.argument_end] == "x"  # type: ignore[misc]
    assert (outer.is_set, outer.resolved) == (False, "b")
    assert (inner.is_set, inner.resolved) == (True, "b")
    assert not result.depends_on_env


def test_nested_plain_reference_in_default_may_depend_on_env() -> None:
    result = run("${A:-$B}", {})
    assert result.value == ""
    assert result.depends_on_env


def test_unused_default_does_not_make_value_depend_on_env() -> None:
    result = run("${SET:-${NOPE}}")
    assert result.value == "value"
    assert not result.depends_on_env
    assert [ref.name for ref in result.variables] == ["SET", "NOPE"]


def test_unused_required_argument_is_no_error() -> None:
    result = run("${SET:-${NOPE:?boom}}")
    assert result.value == "value"
    assert result.required_errors == ()
    assert not result.depends_on_env


def test_alternative_with_nested_references() -> None:
    result = run("${SET+$PORT ${B:+second}}")
    assert result.value == "8080 second"


def test_several_expressions_in_one_string() -> None:
    result = run("${UNSET:-a} and ${SET} and ${EMPTY-b}")
    assert result.value == "a and value and "
    assert [ref.name for ref in result.variables] == ["UNSET", "SET", "EMPTY"]


def test_extra_closing_brace_after_expression_is_literal() -> None:
    result = run("${UNSET:-x}}")
    assert result.value == "x}"
    assert only(result).end == 11


# -------------------------------------------------------------- invalid syntax


@pytest.mark.parametrize(
    ("raw", "snippet"),
    [
        ("${FOO", "${FOO"),
        ("a ${FOO:-bar", "${FOO:-bar"),
        ("${}", "${}"),
        ("${1abc}", "${1abc}"),
        ("${FOO bar}", "${FOO bar}"),
        ("${FOO:x}", "${FOO:x}"),
        ("${FOO.BAR}", "${FOO.BAR}"),
    ],
)
def test_invalid_syntax_keeps_raw_value(raw: str, snippet: str) -> None:
    result = run(raw)
    assert result.value == raw
    assert result.errors == (f"invalid interpolation format for '{snippet}'",)


def test_invalid_syntax_error_stops_at_the_line_end() -> None:
    result = run("${FOO\nnext ${BAR")
    assert result.errors == (
        "invalid interpolation format for '${FOO'",
        "invalid interpolation format for '${BAR'",
    )


def test_newline_inside_braces_is_invalid() -> None:
    result = run("${UNSET:-a\nb}")
    assert result.errors == ("invalid interpolation format for '${UNSET:-a'",)


def test_invalid_syntax_inside_used_default_is_an_error() -> None:
    result = run("${UNSET:-${oops}", {})
    assert result.errors == ("invalid interpolation format for '${oops'",)
    assert result.value == "${UNSET:-${oops}"


def test_invalid_syntax_inside_unused_default_is_ignored_like_compose() -> None:
    result = run("${SET:-${oops}")
    assert result.errors == ()
    assert result.value == "value"


# ---------------------------------------------------------------- has_variables


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("plain", False),
        ("$$", False),
        ("price 5$", False),
        ("$$HOME", False),
        ("$HOME", True),
        ("${HOME}", True),
        ("$${X} $Y", True),
        ("${", True),
        ("$1", False),
    ],
)
def test_has_variables(raw: str, expected: bool) -> None:
    assert has_variables(raw) is expected
