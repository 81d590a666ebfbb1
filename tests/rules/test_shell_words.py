"""The simple commands of a shell text: which command each word belongs to."""

from __future__ import annotations

from composelint.rules.shell_words import expanded, script_of, simple_commands


def _names(text: str) -> list[list[str]]:
    return [[w.text for w in c.words] for c, _wrappers in expanded(text)]


def test_operators_end_commands() -> None:
    text = "a 1 && b 2 || c; d | e & f\ng (h) "
    assert [[w.text for w in c.words] for c in simple_commands(text)] == [
        ["a", "1"],
        ["b", "2"],
        ["c"],
        ["d"],
        ["e"],
        ["f"],
        ["g"],
        ["h"],
    ]


def test_quotes_escapes_and_offsets() -> None:
    text = "echo 'a b' \"c $X d\" e\\ f"
    [command] = simple_commands(text)
    assert [w.text for w in command.words] == ["echo", "a b", "c $X d", "e f"]
    assert [w.dynamic for w in command.words] == [False, False, True, False]
    assert text[command.words[1].start : command.words[1].end] == "'a b'"


def test_assignments_redirects_comments_and_keywords() -> None:
    text = "if [ -f x ]; then A=1 B=2 make -j2 > out.log 2>&1; fi # curl -k\n"
    commands = simple_commands(text)
    make = commands[1]
    assert [w.text for w in make.assignments] == ["A=1", "B=2"]
    assert [w.text for w in make.words] == ["make", "-j2"]
    assert [w.text for w in make.redirects] == ["out.log", "1"]
    assert all(c.name != "curl" for c in commands)


def test_wrappers_are_unwrapped() -> None:
    found = expanded("sudo -u app -E env X=1 nohup curl -k https://x")
    [(command, wrappers)] = found
    assert command.name == "curl" and [w.text for w in command.assignments] == ["X=1"]
    assert [w.name for w in wrappers] == ["sudo", "env", "nohup"]


def test_substitutions_and_sh_c_strings_are_read() -> None:
    text = 'wget "$(curl -k https://x)"; bash -ec "curl --insecure y && sort -k2 z"'
    names = _names(text)
    assert ["curl", "-k", "https://x"] in names
    assert ["curl", "--insecure", "y"] in names and ["sort", "-k2", "z"] in names
    inner = [c for c, _ in expanded(text) if c.words[1:2] and c.words[1].text == "--insecure"]
    assert text[inner[0].words[1].start : inner[0].words[1].end] == "--insecure"


def test_script_of_is_a_string_not_a_file() -> None:
    [command] = simple_commands("sh script.sh -c x")
    assert script_of(command) is None
    [command] = simple_commands("su -c 'id' app")
    found = script_of(command)
    assert found is not None and found.text == "id"


def test_unterminated_text_ends() -> None:
    for text in ["echo 'open", 'echo "open $(x', "echo $(( 1 + ", "a ${B", "x `y"]:
        assert simple_commands(text)
