"""CL501: no default bind address in daemon.json; its fix sets ``"ip"``."""

from __future__ import annotations

from pathlib import Path

import pytest

from composelint.config import Config
from composelint.diagnostics import Applicability
from composelint.run.fixing import fix_run
from tests.rules.daemon.helpers import findings, fixed, write


def test_unset_is_reported_on_the_brace(tmp_path: Path) -> None:
    [found] = findings(tmp_path, '\n{\n  "log-driver": "journald"\n}\n', "CL501")
    assert (found.span.start.line, found.span.start.column, found.span.end.column) == (1, 0, 1)
    assert '"ip" is not set' in found.message
    assert found.fix is not None and found.fix.applicability == Applicability.UNSAFE
    assert found.fix.title == 'Set "ip": "127.0.0.1"'


@pytest.mark.parametrize("address", ["0.0.0.0", "::", "0:0:0:0:0:0:0:0"])
def test_a_wildcard_address_is_reported_on_the_value(tmp_path: Path, address: str) -> None:
    [found] = findings(tmp_path, f'{{"ip": "{address}", "icc": false}}', "CL501")
    assert (found.span.start.column, found.span.end.column) == (7, 9 + len(address))
    assert f'"ip": "{address}" binds' in found.message


@pytest.mark.parametrize("address", ["127.0.0.1", "::1", "10.0.0.5"])
def test_a_specific_address_is_not_reported(tmp_path: Path, address: str) -> None:
    assert findings(tmp_path, f'{{"ip": "{address}"}}', "CL501") == []


def test_a_value_dockerd_would_refuse_is_left_to_dockerd(tmp_path: Path) -> None:
    assert findings(tmp_path, '{"ip": 1, "icc": false}', "CL501") == []
    assert findings(tmp_path, '{"ip": "localhost", "icc": false}', "CL501") == []


def test_another_programs_daemon_json_is_not_judged(tmp_path: Path) -> None:
    write(tmp_path, '{"port": 7000}', "tool/daemon.json")
    assert findings(tmp_path, '{"ip": "127.0.0.1"}', "CL501") == []


def test_fix_adds_the_key_after_the_last_one(tmp_path: Path) -> None:
    text = (
        '{\n    "runtimes": {\n        "nvidia": {\n            "path": "x"\n        }\n    }\n}\n'
    )
    assert fixed(tmp_path, text) == (
        '{\n    "runtimes": {\n        "nvidia": {\n            "path": "x"\n        }\n    },\n'
        '    "ip": "127.0.0.1"\n}\n'
    )


def test_fix_keeps_a_file_without_final_newline_and_its_trailing_blank(tmp_path: Path) -> None:
    text = '{\n  "experimental": true,\n  "ipv6": true \n}'
    assert fixed(tmp_path, text) == (
        '{\n  "experimental": true,\n  "ipv6": true,\n  "ip": "127.0.0.1" \n}'
    )


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ('{"ip": "0.0.0.0", "icc": false}', '{"ip": "127.0.0.1", "icc": false}'),
        ('{"ip": "::", "icc": false}', '{"ip": "::1", "icc": false}'),
        # the last of a repeated key is the one dockerd reads, and the one rewritten
        ('{"ip": "::", "ip": "0.0.0.0"}', '{"ip": "::", "ip": "127.0.0.1"}'),
        (
            '{\r\n  "iptables": true\r\n}\r\n',
            '{\r\n  "iptables": true,\r\n  "ip": "127.0.0.1"\r\n}\r\n',
        ),
    ],
)
def test_fix_rewrites_a_wildcard_to_loopback(tmp_path: Path, before: str, after: str) -> None:
    assert fixed(tmp_path, before) == after


def test_fix_writes_the_configured_loopback(tmp_path: Path) -> None:
    path = write(tmp_path, '{"ip": "::", "icc": false}')
    config = Config(options={"loopback-v6": "::1", "loopback-v4": "127.0.0.2"})
    outcome = fix_run([str(tmp_path)], unsafe=True, environ={}, config=config)
    assert outcome.changed[str(path)] == '{"ip": "::1", "icc": false}'
    write(tmp_path, '{"icc": false}')
    outcome = fix_run([str(tmp_path)], unsafe=True, environ={}, config=config)
    assert outcome.changed[str(path)] == '{"icc": false, "ip": "127.0.0.2"}'


def test_fix_is_not_applied_without_unsafe_fixes(tmp_path: Path) -> None:
    write(tmp_path, '{"icc": false}')
    assert fix_run([str(tmp_path)], unsafe=False, environ={}).changed == {}
