"""The schema screen (jsonschema_rs) and the detailed validator (jsonschema) agree,
also on the schema's patterns, which the screen reads with its linear-time engine."""

from __future__ import annotations

from typing import Any

import pytest

from composelint.compose.schema import _validator, is_valid, validate


def _service(**keys: Any) -> dict[str, Any]:
    return {"services": {"web": {"image": "nginx:1.27", **keys}}}


@pytest.mark.parametrize(
    ("data", "valid"),
    [
        ({"x-common": {"a": 1}, **_service()}, True),  # "^x-" extensions
        ({"y-common": {"a": 1}, **_service()}, False),
        (_service(pull_policy="every_2d"), True),
        (_service(pull_policy="every_2d5h"), True),
        (_service(pull_policy="sometimes"), False),
        (_service(**{"x-note": "kept"}), True),
        (_service(extra_hosts={"db.local": "10.0.0.2"}), True),
        (_service(sysctls={"net.core.somaxconn": 1024}), True),
        ({"services": {"web app": {"image": "nginx"}}}, False),  # "^[a-zA-Z0-9._-]+$"
        ({"services": {"web.app_1-x": {"image": "nginx"}}}, True),
        ({"services": {"": {"image": "nginx"}}}, False),
    ],
)
def test_the_screen_and_the_detailed_validator_agree(data: dict[str, Any], valid: bool) -> None:
    detailed = not any(True for _ in _validator().iter_errors(data))
    assert detailed == valid
    assert is_valid(data) == detailed
    assert (validate(data) == []) == detailed


def test_an_unknown_top_level_key_is_named() -> None:
    errors = validate({"y-common": {}, **_service()})
    assert [e.message for e in errors] == ["the top level has unknown key 'y-common'"]
