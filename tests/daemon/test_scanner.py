"""The JSON scanner: what Go's decoder accepts, exact positions, Go's errors, hostile input."""

from __future__ import annotations

import json
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from composelint.daemon.scanner import (
    MAX_DEPTH,
    MAX_VALUES,
    JsonArray,
    JsonError,
    JsonObject,
    JsonScalar,
    parse_json,
)

VALID = [
    "{}",
    " { } ",
    "[]",
    '"text"',
    "0",
    "-0.5e+10",
    "true",
    "null",
    '{"a": [1, 2.5, {"b": null}], "c": "x\\u00e9\\n\\"", "d": false}',
    '{\r\n\t"ip" : "127.0.0.1"\r\n}',
    '{"emoji": "\U0001f433", "escaped": "\\ud83d\\udc33"}',
]


@pytest.mark.parametrize("text", VALID)
def test_values_are_what_json_loads_gives(text: str) -> None:
    assert parse_json(text).plain() == json.loads(text)


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


@given(json_values, st.sampled_from([None, 2, 4, "\t"]))
def test_any_dumped_document_reads_back(value: object, indent: object) -> None:
    text = json.dumps(value, indent=indent, ensure_ascii=False)
    assert parse_json(text).plain() == json.loads(text)


def test_every_value_knows_its_text() -> None:
    text = '{\n  "ip": "0.0.0.0",\n  "dns": [ "1.1.1.1" ],\n  "n": -12\n}'
    root = parse_json(text)
    assert isinstance(root, JsonObject)
    assert (root.start, root.end) == (0, len(text))
    spans = {m.key.value: text[m.value.start : m.value.end] for m in root.members}
    assert spans == {"ip": '"0.0.0.0"', "dns": '[ "1.1.1.1" ]', "n": "-12"}
    keys = [text[m.key.start : m.key.end] for m in root.members]
    assert keys == ['"ip"', '"dns"', '"n"']
    dns = root.get("dns")
    assert dns is not None and isinstance(dns.value, JsonArray)
    assert isinstance(dns.value.items[0], JsonScalar)


def test_a_repeated_key_reads_as_the_last_one_as_in_go() -> None:
    root = parse_json('{"ip": "0.0.0.0", "ip": "127.0.0.1"}')
    assert isinstance(root, JsonObject)
    member = root.get("ip")
    assert member is not None and member.value.plain() == "127.0.0.1"
    assert root.plain() == {"ip": "127.0.0.1"}


@pytest.mark.parametrize(
    ("text", "offset", "message"),
    [
        ('{"a": 1,}', 8, "invalid character '}' looking for beginning of object key string"),
        ('{"a" 1}', 5, "invalid character '1' after object key"),
        ("[1 2]", 3, "invalid character '2' after array element"),
        ('{"a": 1 "b": 2}', 8, "invalid character '\"' after object key:value pair"),
        ("{} {}", 3, "invalid character '{' after top-level value"),
        ('{"a": tru}', 6, "invalid character 't' looking for beginning of value"),
        ("// comment\n{}", 0, "invalid character '/' looking for beginning of value"),
        ('{"a": "\\x"}', 7, "invalid escape '\\\\x' in a string"),
        (
            '{"a": "\t"}',
            7,
            "invalid character '\\t' in a string (control characters must be escaped)",
        ),
        ('{"a": "abc', 10, "unexpected end of JSON input (a string is not closed)"),
        ('{"a": [', 7, "unexpected end of JSON input"),
        ("", 0, "unexpected end of JSON input"),
        ("-", 1, "unexpected end of JSON input"),
        ("\ufeff{}", 0, "invalid character '\\ufeff' looking for beginning of value"),
    ],
)
def test_errors_say_where_and_why_as_go_does(text: str, offset: int, message: str) -> None:
    with pytest.raises(JsonError) as caught:
        parse_json(text)
    assert (caught.value.offset, caught.value.message) == (offset, message)


def test_an_error_knows_the_top_level_keys_read_before_it() -> None:
    with pytest.raises(JsonError) as caught:
        parse_json('{\n  "iptables": false,\n  "log-opts": {"a": 1,},\n}')
    assert caught.value.keys == ("iptables", "log-opts")


# -- hostile input --------------------------------------------------------------------


def test_deep_nesting_is_refused_without_recursion() -> None:
    deep = "[" * 200_000 + "]" * 200_000
    with pytest.raises(JsonError) as caught:
        parse_json(deep)
    assert caught.value.offset == MAX_DEPTH
    assert "too deep" in caught.value.message
    ok = "[" * MAX_DEPTH + "]" * MAX_DEPTH
    assert isinstance(parse_json(ok), JsonArray)


def test_too_many_values_are_refused_early() -> None:
    text = "[" + ",".join(["1"] * (MAX_VALUES + 10)) + "]"
    started = time.perf_counter()
    with pytest.raises(JsonError) as caught:
        parse_json(text)
    assert "too large" in caught.value.message
    assert time.perf_counter() - started < 5


def test_a_huge_string_is_read_in_time_proportional_to_its_size() -> None:
    text = '{"log-opts": {"tag": "' + "x" * 20_000_000 + '"}}'
    started = time.perf_counter()
    root = parse_json(text)
    assert time.perf_counter() - started < 5
    assert len(root.plain()["log-opts"]["tag"]) == 20_000_000


def test_a_huge_number_does_not_trip_the_integer_limit() -> None:
    value = parse_json("1" * 10_000).plain()
    assert isinstance(value, float)
    assert parse_json("12345678901234567890").plain() == 12345678901234567890


def test_a_lone_surrogate_escape_becomes_a_replacement_character_as_in_go() -> None:
    assert parse_json('"\\ud800x"').plain() == "\ufffdx"
