"""Commands that run the rest of their line as another command.

``sudo -E docker run …``, ``exec docker run …``, ``env -i A=1 docker run …``,
``time``, ``nohup``, ``command``, ``nice -n 5``, ``timeout 60``: the launch starts
after them.  Each is read with just enough of its options to find where the command
it runs begins.
"""

from __future__ import annotations

from collections.abc import Sequence

from composelint.commands.words import Word

# prefix -> (its options that take a value, whether its first positional is its own)
_PREFIXES: dict[str, tuple[frozenset[str], bool]] = {
    "sudo": (
        frozenset(
            {
                "-u",
                "-g",
                "-C",
                "-D",
                "-h",
                "-p",
                "-r",
                "-t",
                "-U",
                "-T",
                "-R",
                "--user",
                "--group",
                "--chdir",
                "--prompt",
                "--role",
                "--type",
                "--other-user",
                "--command-timeout",
                "--close-from",
                "--host",
                "--chroot",
            }
        ),
        False,
    ),
    "doas": (frozenset({"-u", "-C"}), False),
    "exec": (frozenset({"-a"}), False),
    "env": (frozenset({"-u", "-C", "-S", "--unset", "--chdir", "--split-string"}), False),
    "time": (frozenset({"-f", "-o", "--format", "--output"}), False),
    "nohup": (frozenset(), False),
    "command": (frozenset(), False),
    "builtin": (frozenset(), False),
    "nice": (frozenset({"-n", "--adjustment"}), False),
    "ionice": (frozenset({"-c", "-n", "-p", "-P", "-u"}), False),
    "timeout": (frozenset({"-s", "-k", "--signal", "--kill-after"}), True),
    "stdbuf": (frozenset({"-i", "-o", "-e"}), False),
    "xargs": (frozenset({"-I", "-L", "-n", "-P", "-d", "-E", "-s", "-a"}), False),
}


def strip_prefixes(words: Sequence[Word]) -> tuple[Word, ...]:
    """``words`` from the command that the prefixes run (all of them when there is none)."""
    rest = tuple(words)
    for _ in range(16):  # "sudo env nohup docker …": a few deep, never a loop
        if not rest:
            return rest
        name = (rest[0].value or "").rsplit("/", 1)[-1]
        spec = _PREFIXES.get(name)
        if spec is None:
            return rest
        rest = _after(rest[1:], name, *spec)
    return rest


def _after(
    words: tuple[Word, ...], name: str, valued: frozenset[str], own: bool
) -> tuple[Word, ...]:
    i = 0
    while i < len(words):
        text = words[i].text
        if text == "--":
            i += 1
            break
        if name == "env" and "=" in text and not text.startswith("-"):
            i += 1  # NAME=value
            continue
        if not text.startswith("-") or text == "-":
            break
        # "-u x" and "--user x" take the next word; "-uroot", "--user=x" and "-E" do not
        i += 2 if text in valued else 1
    if own and i < len(words):
        i += 1  # timeout's duration
    return words[i:]
