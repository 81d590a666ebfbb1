"""JSON edits that keep the file's layout: a value replaced, a member added."""

from __future__ import annotations

import json

import pytest

from composelint.daemon.edit import add_member, replace_value
from composelint.daemon.scanner import JsonObject, parse_json
from composelint.source import Source


def added(text: str, key: str = "ip", value: object = "127.0.0.1") -> str:
    root = parse_json(text)
    assert isinstance(root, JsonObject)
    start, end, new = add_member(Source.from_text("daemon.json", text), root, key, value)
    result = text[:start] + new + text[end:]
    assert json.loads(result) == {**json.loads(text), key: value}
    return result


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("{}", '{"ip": "127.0.0.1"}'),
        ("{ }", '{ "ip": "127.0.0.1" }'),
        ("{\n}\n", '{\n  "ip": "127.0.0.1"\n}\n'),
        ("  {\n  }", '  {\n    "ip": "127.0.0.1"\n  }'),
        ('{"a": 1}', '{"a": 1, "ip": "127.0.0.1"}'),
        ('{ "a": 1 }', '{ "a": 1, "ip": "127.0.0.1" }'),
        ('{"a":1,"b":2}', '{"a":1,"b":2,"ip":"127.0.0.1"}'),
        (
            '{\n    "a": {\n        "b": []\n    }\n}\n',
            '{\n    "a": {\n        "b": []\n    },\n    "ip": "127.0.0.1"\n}\n',
        ),
        (
            '{\n  "metrics-addr" : "0.0.0.0:9323",\n  "experimental" : true\n}\n',
            '{\n  "metrics-addr" : "0.0.0.0:9323",\n  "experimental" : true,\n'
            '  "ip" : "127.0.0.1"\n}\n',
        ),
        (
            '{\r\n\t"a": 1,\r\n\t"b": 2\r\n}\r\n',
            '{\r\n\t"a": 1,\r\n\t"b": 2,\r\n\t"ip": "127.0.0.1"\r\n}\r\n',
        ),
        ('{\n  "ipv6": true \n}', '{\n  "ipv6": true,\n  "ip": "127.0.0.1" \n}'),
    ],
)
def test_a_member_is_added_after_the_last_in_the_files_layout(before: str, after: str) -> None:
    assert added(before) == after


def test_a_non_ascii_value_is_written_as_is() -> None:
    assert added("{}", "label", "café") == '{"label": "café"}'


def test_a_value_is_replaced_in_place() -> None:
    text = '{"ip": "0.0.0.0", "icc": true}'
    root = parse_json(text)
    assert isinstance(root, JsonObject)
    member = root.get("icc")
    assert member is not None
    start, end, new = replace_value(member.value, False)
    assert text[:start] + new + text[end:] == '{"ip": "0.0.0.0", "icc": false}'
