from __future__ import annotations

from pathlib import Path

from composelint.compose.project import FileCache, load_project
from composelint.run.engine import _Dotenvs


def _load(paths: list[Path], env: dict[str, str] | None = None):
    dotenvs = _Dotenvs(env or {})
    return load_project([str(p) for p in paths], FileCache(dotenvs.lookup_for))


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_override_merges_and_errors_point_at_the_override(tmp_path: Path) -> None:
    base = _write(tmp_path / "compose.yml", "services:\n  web:\n    image: nginx\n")
    override = _write(
        tmp_path / "compose.override.yml",
        "services:\n  web:\n    ports: ['8080:80']\n    restart_policy: always\n",
    )
    loaded = _load([base, override])
    web = loaded.project.services["web"]
    assert web.image is not None and web.image.value == "nginx"
    assert [p.published for p in web.ports] == ["8080"]
    assert web.ports[0].origin is not None and web.ports[0].origin.path == str(override)
    [error] = [d for d in loaded.diagnostics if d.code == "CL002"]
    assert error.span.path == str(override)
    assert (error.span.start.line, error.span.start.column) == (3, 4)
    assert error.message == "services.web has unknown key 'restart_policy'"


def test_every_schema_error_is_reported_once(tmp_path: Path) -> None:
    base = _write(
        tmp_path / "compose.yml",
        "services:\n  a:\n    image: x\n    ports: '80:80'\n  b:\n    image: x\n    bogus: 1\n",
    )
    codes = [(d.code, d.message) for d in _load([base]).diagnostics]
    assert codes == [
        ("CL002", "services.a.ports must be a list, got a string ('80:80')"),
        ("CL002", "services.b has unknown key 'bogus'"),
    ]


def test_unset_variable_errors_are_not_reported(tmp_path: Path) -> None:
    base = _write(
        tmp_path / "compose.yml",
        "services:\n  web:\n    image: x\n    container_name: ${NAME}\n    user: ${U:?set U}\n",
    )
    assert _load([base]).diagnostics == []


def test_env_file_feeds_interpolation_and_environment_wins(tmp_path: Path) -> None:
    _write(tmp_path / ".env", "IMG=from-dotenv\nTAG=1\n")
    base = _write(tmp_path / "compose.yml", "services:\n  web:\n    image: ${IMG}:${TAG}\n")
    web = _load([base], {"TAG": "2"}).project.services["web"]
    assert web.image is not None and web.image.value == "from-dotenv:2"


def test_extends_other_file_and_cycles(tmp_path: Path) -> None:
    _write(tmp_path / "common.yml", "base:\n  image: postgres\n  ports: ['5432:5432']\n")
    base = _write(
        tmp_path / "compose.yml",
        "services:\n  db:\n    extends:\n      file: common.yml\n      service: base\n"
        "  a:\n    extends: b\n    image: x\n  b:\n    extends: a\n",
    )
    loaded = _load([base])
    db = loaded.project.services["db"]
    assert db.image is not None and db.image.value == "postgres"
    assert db.ports[0].origin is not None and db.ports[0].origin.path.endswith("common.yml")
    assert str(tmp_path / "common.yml") in loaded.files
    assert any(d.code == "CL006" and "cycle" in d.message for d in loaded.diagnostics)


def test_include_missing_remote_and_self(tmp_path: Path) -> None:
    _write(tmp_path / "db.yml", "services:\n  db:\n    image: postgres\n")
    base = _write(
        tmp_path / "compose.yml",
        "include:\n  - db.yml\n  - missing.yml\n  - oci://registry/app:1\n  - compose.yml\n"
        "services:\n  web:\n    image: x\n",
    )
    loaded = _load([base])
    assert set(loaded.project.services) == {"db", "web"}
    messages = sorted(d.message for d in loaded.diagnostics if d.code == "CL006")
    assert len(messages) == 3
    assert any("does not exist" in m for m in messages)
    assert any("remote" in m for m in messages)
    assert any("cycle" in m for m in messages)


def test_v1_layout_is_reported_and_modelled(tmp_path: Path) -> None:
    base = _write(tmp_path / "docker-compose.yml", "web:\n  image: nginx\n  ports: ['80:80']\n")
    loaded = _load([base])
    assert loaded.project.v1_layout
    assert "web" in loaded.project.services
    assert [d.code for d in loaded.diagnostics] == ["CL002"]


def test_cl005_port_syntax_and_durations(tmp_path: Path) -> None:
    base = _write(
        tmp_path / "compose.yml",
        "services:\n  web:\n    image: x\n    ports: ['80800:80', '8000-8002:80-81']\n"
        "    healthcheck:\n      interval: 10x\n    mem_limit: 12q\n",
    )
    found = [(d.code, d.span.start.line) for d in _load([base]).diagnostics]
    assert found == [("CL005", 3), ("CL005", 3), ("CL005", 5), ("CL005", 6)]


def test_missing_env_file_is_cl006_unless_optional(tmp_path: Path) -> None:
    _write(tmp_path / "present.env", "A=1\n")
    base = _write(
        tmp_path / "compose.yml",
        "services:\n  web:\n    image: x\n    env_file:\n      - present.env\n      - missing.env\n"
        "      - path: optional.env\n        required: false\n",
    )
    found = [(d.code, d.span.start.line, d.message) for d in _load([base]).diagnostics]
    assert found == [("CL006", 5, "env_file names 'missing.env', which does not exist")]


def test_a_cross_file_extends_cycle_is_named_the_same_way_from_both_files(
    tmp_path: Path,
) -> None:
    a = _write(
        tmp_path / "compose.yml",
        "services:\n  x:\n    image: a:1\n    extends:\n      file: b.yml\n      service: y\n",
    )
    b = _write(
        tmp_path / "b.yml",
        "services:\n  y:\n    image: b:1\n    extends:\n      file: compose.yml\n      service: x\n",
    )
    from_a = [(d.span.path, d.message) for d in _load([a]).diagnostics if d.code == "CL006"]
    from_b = [(d.span.path, d.message) for d in _load([b]).diagnostics if d.code == "CL006"]
    # Each on the extends of the file loaded, so checking that file alone shows it.
    assert from_a == [(str(a), "extends cycle: x (compose.yml) -> y (b.yml) -> x (compose.yml)")]
    assert from_b == [(str(b), "extends cycle: y (b.yml) -> x (compose.yml) -> y (b.yml)")]


def test_an_extends_cycle_in_one_file_is_named_in_order(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "compose.yml",
        "services:\n  a:\n    image: a:1\n    extends: b\n  b:\n    image: b:1\n    extends: c\n"
        "  c:\n    image: c:1\n    extends: b\n",
    )
    [cycle] = [d for d in _load([path]).diagnostics if d.code == "CL006"]
    assert cycle.message == "extends cycle: a -> b -> c -> b"
    assert (cycle.span.start.line, cycle.span.start.column) == (3, 13)
