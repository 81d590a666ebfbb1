from __future__ import annotations

from composelint.compose.tree import build_tree
from composelint.source import Source
from composelint.yaml.composer import compose_text


def _tree(text: str, env: dict[str, str] | None = None):
    source = Source.from_text("compose.yml", text)
    root = compose_text(text).documents[0]
    return source, build_tree(source, root, (env or {}).get)


def test_values_resolve_like_compose_and_keep_their_origin() -> None:
    text = (
        "services:\n  web:\n    image: 'nginx'\n"
        '    ports:\n    - "8080:80"\n    - 22:22\n    tty: yes\n'
    )
    source, tree = _tree(text)
    web = tree.data["services"]["web"]
    assert web == {"image": "nginx", "ports": ["8080:80", "22:22"], "tty": "yes"}
    origin = tree.origins[("services", "web", "ports", 1)]
    assert origin.raw == "22:22" and origin.editable
    assert tree.origins[("services", "web", "image")].key_span.start.line == 2


def test_merge_keys_explicit_wins_and_chain_is_recorded() -> None:
    text = (
        "x-base: &base\n  image: a\n  restart: always\n"
        "services:\n  web:\n    <<: *base\n    image: b\n"
        "  api:\n    !!merge <<: [*base]\n"
    )
    _source, tree = _tree(text)
    assert tree.data["services"]["web"] == {"image": "b", "restart": "always"}
    assert tree.data["services"]["api"] == {"image": "a", "restart": "always"}
    shared = tree.origins[("services", "web", "restart")]
    assert shared.shared and not shared.editable
    assert shared.span.start.line == 2  # where the anchor's value is written
    assert tree.origins[("services", "web", "image")].editable


def test_aliases_are_marked_shared() -> None:
    _source, tree = _tree('x-p: &p "5432:5432"\nservices:\n  db:\n    ports: [*p]\n')
    origin = tree.origins[("services", "db", "ports", 0)]
    assert tree.data["services"]["db"]["ports"] == ["5432:5432"]
    assert origin.via == ("alias *p",)


def test_interpolation_keeps_raw_and_resolved() -> None:
    text = "services:\n  web:\n    image: ${IMG:-nginx}\n    user: ${U}\n    command: echo $$HOME\n"
    _source, tree = _tree(text, {})
    web = tree.data["services"]["web"]
    assert web == {"image": "nginx", "user": "", "command": "echo $HOME"}
    user = tree.origins[("services", "web", "user")]
    assert user.depends_on_env and user.raw == "${U}"
    assert not tree.origins[("services", "web", "image")].depends_on_env


def test_reset_tag_drops_the_key() -> None:
    _source, tree = _tree("services:\n  web:\n    image: a\n    ports: !reset []\n")
    assert tree.data["services"]["web"] == {"image": "a"}
    assert ("services", "web", "ports") in tree.resets


def test_python_tags_are_refused() -> None:
    _source, tree = _tree("services:\n  web:\n    image: !!python/object:os.system x\n")
    assert tree.problems and tree.problems[0].code == "CL001"
    assert "unsupported YAML tag" in tree.problems[0].message
