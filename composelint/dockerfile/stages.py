"""Build stages of a parsed Dockerfile and the user each one runs as.

Variables follow Docker's scoping: ARGs before the first FROM (global) are
visible to FROM lines, but inside a stage only once re-declared with
``ARG NAME``; ENV wins over an ARG of the same name and is inherited by a
stage built FROM an earlier stage.  Build-arg overrides are unknown here, so
ARG defaults are used.
"""

from __future__ import annotations

from collections.abc import Iterable

from composelint.dockerfile.lexer import expand, split_words
from composelint.model.dockerfile import Dockerfile, Instruction, Stage, UserSetting

# A variable's value and whether it is fully known; None: declared without value.
_Value = tuple[str, bool] | None


def build_stages(dockerfile: Dockerfile) -> tuple[Stage, ...]:
    """The stages of ``dockerfile`` in order (``parse_dockerfile`` fills ``.stages`` with it)."""
    escape = dockerfile.escape
    preamble, groups = _group(dockerfile.instructions)
    global_args = _Scope(escape, {})
    for instruction in preamble:  # the ARGs before the first FROM
        global_args.apply(instruction)
    stages: list[Stage] = []
    envs: list[dict[str, _Value]] = []
    for index, (from_instruction, body) in enumerate(groups):
        base, name = _from_parts(from_instruction)
        base_resolved = global_args.expand(base)[0]
        parent = _parent(base_resolved, stages)
        scope = _Scope(escape, global_args.args, dict(envs[parent]) if parent is not None else {})
        user = None
        for instruction in body:
            user = scope.apply(instruction) or user
        if user is None and parent is not None:
            user = stages[parent].user
        stages.append(
            Stage(index, name, base, base_resolved, parent, from_instruction, tuple(body), user)
        )
        envs.append(scope.env)
    return tuple(stages)


def _group(
    instructions: Iterable[Instruction],
) -> tuple[list[Instruction], list[tuple[Instruction, list[Instruction]]]]:
    """The instructions before the first FROM, and each FROM with those after it."""
    preamble: list[Instruction] = []
    groups: list[tuple[Instruction, list[Instruction]]] = []
    for instruction in instructions:
        if instruction.keyword == "FROM":
            groups.append((instruction, []))
        else:
            (groups[-1][1] if groups else preamble).append(instruction)
    return preamble, groups


def _from_parts(instruction: Instruction) -> tuple[str, str | None]:
    words = instruction.args_text.split()
    base = words[0] if words else ""
    name = words[2].lower() if len(words) == 3 and words[1].upper() == "AS" else None
    return base, name


def _parent(base: str, stages: list[Stage]) -> int | None:
    for stage in stages:
        if stage.name is not None and stage.name == base.lower():
            return stage.index
    return None


class _Scope:
    """The variables visible at one point of a stage (or before the first FROM)."""

    def __init__(
        self, escape: str, global_args: dict[str, _Value], env: dict[str, _Value] | None = None
    ) -> None:
        self.escape = escape
        self.global_args = global_args
        self.args: dict[str, _Value] = {}
        self.env: dict[str, _Value] = env or {}

    def _get(self, name: str) -> _Value:
        if name in self.env:  # ENV overrides an ARG of the same name
            return self.env[name]
        return self.args.get(name)

    def expand(self, word: str) -> tuple[str, bool]:
        partial = False

        def lookup(name: str) -> str | None:
            nonlocal partial
            value = self._get(name)
            if value is None:
                return None
            partial = partial or not value[1]
            return value[0]

        text, complete = expand(word, lookup, self.escape)
        return text, complete and not partial

    def apply(self, instruction: Instruction) -> UserSetting | None:
        """Record the variables ``instruction`` sets; the UserSetting of a USER."""
        if instruction.keyword == "ARG":
            for name, raw in _assignments(instruction.args_text, self.escape):
                # a bare "ARG NAME" in a stage brings in the global default
                value = self.global_args.get(name) if raw is None else self.expand(raw)
                self.args[name] = value
        elif instruction.keyword == "ENV":
            pairs = [(name, self.expand(raw or "")) for name, raw in _env_pairs(instruction, self)]
            self.env.update(pairs)  # all values expand with the ENV before this line
        elif instruction.keyword == "USER":
            return self._user(instruction)
        return None

    def _user(self, instruction: Instruction) -> UserSetting:
        raw = instruction.args_text
        resolved, complete = self.expand(raw)
        user, sep, group = resolved.partition(":")
        return UserSetting(
            raw,
            resolved,
            user,
            group if sep else None,
            instruction,
            _is_root(user) if complete else None,
        )


def _assignments(text: str, escape: str) -> list[tuple[str, str | None]]:
    """``NAME[=value]`` words: (name, raw value or None)."""
    result: list[tuple[str, str | None]] = []
    for begin, end in split_words(text, escape):
        name, eq, value = text[begin:end].partition("=")
        result.append((name, value if eq else None))
    return result


def _env_pairs(instruction: Instruction, scope: _Scope) -> list[tuple[str, str | None]]:
    text = instruction.args_text
    words = split_words(text, scope.escape)
    if words and "=" not in text[words[0][0] : words[0][1]]:
        # legacy "ENV NAME value with spaces"
        first_end = words[0][1]
        return [(text[:first_end], text[first_end:].strip())]
    return _assignments(text, scope.escape)


def _is_root(user: str) -> bool | None:
    if not user:
        return None  # "USER ''": odd enough to leave to a later rule
    return user == "root" or (user.isdigit() and int(user) == 0)
