"""Fix intents resolved into edits: what the text allows, per finding."""

from __future__ import annotations

from pathlib import Path

import pytest

from composelint.diagnostics import Applicability, Diagnostic
from composelint.fix import intents
from composelint.run.engine import run
from composelint.run.fixing import fix_run


def _check(tmp_path: Path, text: str, *, name: str = "compose.yml") -> list[Diagnostic]:
    (tmp_path / name).write_text(text)
    return run([str(tmp_path / name)], environ={}).diagnostics


def test_every_fix_leaves_the_run_as_edits_without_its_intent(tmp_path: Path) -> None:
    found = _check(
        tmp_path,
        "services:\n  db:\n    image: postgres:16\n    ports: ['5432:5432']\n"
        "    volumes: ['./init.sql:/docker-entrypoint-initdb.d/init.sql']\n",
    )
    fixes = [d.fix for d in found if d.fix is not None]
    assert {d.code for d in found if d.fix} == {"CL102", "CL301"}
    assert all(fix.intent is None and fix.edits for fix in fixes)
    assert {fix.applicability for fix in fixes} == {Applicability.SAFE}


def test_a_value_no_literal_can_carry_keeps_its_finding_without_a_fix(tmp_path: Path) -> None:
    # A folded block scalar: the loopback address cannot be put into it in place.
    found = _check(
        tmp_path, "services:\n  web:\n    image: myapp:1\n    ports:\n      - >-\n        8080:80\n"
    )
    [finding] = [d for d in found if d.code == "CL102"]
    assert finding.fix is None


def test_an_editor_that_fails_is_an_internal_error_and_the_run_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(intent: object) -> None:
        raise KeyError("boom")

    monkeypatch.setattr(intents, "compose_edits", broken)
    found = _check(tmp_path, "services:\n  web:\n    image: myapp:1\n    ports: ['8080:80']\n")
    [finding] = [d for d in found if d.code == "CL102"]
    assert finding.fix is None
    [error] = [d for d in found if d.code == "CL000"]
    assert error.message.startswith("internal error in the fix of CL102: KeyError: 'boom'")
    assert error.span == finding.span


def _fixed_files(tmp_path: Path, files: dict[str, str]) -> dict[str, str]:
    """The files after ``--fix --unsafe-fixes``: they still load and pass the schema, no
    fixable finding is left, and fixing again changes nothing."""
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    outcome = fix_run([str(tmp_path)], unsafe=True, environ={})
    assert not outcome.failures, [d.message for d in outcome.failures]
    for path, text in outcome.changed.items():
        Path(path).write_text(text)
    after = run([str(tmp_path)], environ={}).diagnostics
    assert not [d for d in after if d.code in ("CL000", "CL001", "CL002", "CL005")]
    assert not [d for d in after if d.fix is not None and d.fix.applicability != "display-only"]
    again = fix_run([str(tmp_path)], unsafe=True, environ={})
    assert again.changed == {} and not again.failures
    return {name: (tmp_path / name).read_text() for name in files}


def test_a_publish_an_override_writes_is_fixed_there(tmp_path: Path) -> None:
    base = "services:\n  web:\n    image: myapp:1\n  db:\n    image: postgres:16\n"
    override = (
        "services:\n  web:\n    ports: ['8080:80']\n"
        "  db:\n    ports:\n      - 5432:5432  # psql from the host\n"
    )
    (tmp_path / "compose.yml").write_text(base)
    (tmp_path / "compose.override.yml").write_text(override)
    findings = [d for d in run([str(tmp_path)], environ={}).diagnostics if d.code == "CL102"]
    levels = {d.fix.applicability for d in findings if d.fix}
    assert levels == {Applicability.UNSAFE, Applicability.SAFE}  # the app, the database
    assert all(d.fix and d.fix.edits[0].path.endswith("compose.override.yml") for d in findings)
    fixed = _fixed_files(tmp_path, {"compose.yml": base, "compose.override.yml": override})
    assert fixed == {
        "compose.yml": base,
        "compose.override.yml": (
            "services:\n  web:\n    ports: ['127.0.0.1:8080:80']\n"
            "  db:\n    ports:\n      - 127.0.0.1:5432:5432  # psql from the host\n"
        ),
    }


def test_a_publish_a_later_compose_file_writes_is_fixed_there(tmp_path: Path) -> None:
    """``COMPOSE_FILE=compose.yml:compose.prod.yml``: the ``-f a -f b`` project."""
    base = "services:\n  db:\n    image: postgres:16\n"
    prod = "services:\n  db:\n    ports: ['5432:5432']\n"
    env = "COMPOSE_FILE=compose.yml:compose.prod.yml\n"
    fixed = _fixed_files(tmp_path, {"compose.yml": base, "compose.prod.yml": prod, ".env": env})
    assert fixed == {
        "compose.yml": base,
        "compose.prod.yml": "services:\n  db:\n    ports: ['127.0.0.1:5432:5432']\n",
        ".env": env,
    }


MERGED = """\
x-web: &web
  image: ghcr.io/acme/shop:1.4
  ports:
    - "8080:80"  # the shop
  restart: unless-stopped
services:
  shop:
    <<: *web
  shop-eu:
    <<: *web
    environment: [REGION=eu]
"""


def test_a_merge_key_value_every_user_wants_changed_is_fixed_in_the_anchor(
    tmp_path: Path,
) -> None:
    findings = [d for d in _check(tmp_path, MERGED) if d.code == "CL102"]
    assert [d.fix.applicability for d in findings if d.fix] == [Applicability.UNSAFE] * 2
    fixed = _fixed_files(tmp_path, {"compose.yml": MERGED})
    assert fixed["compose.yml"] == MERGED.replace('"8080:80"', '"127.0.0.1:8080:80"')


def test_a_merge_key_value_one_user_keeps_is_not_fixed(tmp_path: Path) -> None:
    text = MERGED.replace(
        "  shop-eu:\n    <<: *web\n", "  edge:\n    <<: *web\n    image: nginx:1.27\n"
    )
    text = text.replace('"8080:80"', '"443:443"')  # public on purpose for the proxy
    [finding] = [d for d in _check(tmp_path, text) if d.code == "CL102"]
    assert finding.fix is not None and finding.fix.applicability == Applicability.DISPLAY_ONLY


def test_an_anchor_fixed_for_every_user_takes_the_lowest_level(tmp_path: Path) -> None:
    text = (
        "x-ports: &ports ['6379:6379']\n"
        "services:\n"
        "  cache:\n    image: redis:7\n    ports: *ports\n"
        "  web:\n    image: myapp:1\n    ports: *ports\n"
    )
    found = _check(tmp_path, text)
    fixes = [d.fix for d in found if d.code == "CL102" and d.fix]
    # redis is a backing service (safe), the app is not (unsafe): one edit at the anchor
    # serves both, so both findings carry it at the lower level.
    assert len(fixes) == 2 and fixes[0].edits == fixes[1].edits
    assert {fix.applicability for fix in fixes} == {Applicability.UNSAFE}
