"""CL404 tls-verification-disabled: a Dockerfile turns off TLS certificate or package
signature checks (``curl -k``, ``--no-check-certificate``, ``--trusted-host``,
``--allow-untrusted``, ``NODE_TLS_REJECT_UNAUTHORIZED=0`` ...)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from composelint.diagnostics import Diagnostic, make
from composelint.rules.base import Rule
from composelint.rules.context import DockerfileContext
from composelint.rules.dockerfile_text import RunCommand, run_commands, settings
from composelint.rules.shell_words import ShellCommand, ShellWord
from composelint.source import Span, lazy_pattern

TLS = "tls"
SIGNATURE = "signature"

_WHY = {
    TLS: (
        "certificate checks are off, so a machine on the way (a proxy, a forged DNS "
        "answer, a hijacked mirror) can hand the build whatever it likes; install the "
        "CA certificate the server uses (COPY it to /usr/local/share/ca-certificates/ and "
        "RUN update-ca-certificates) instead"
    ),
    SIGNATURE: (
        "packages are installed without checking their signatures, so a mirror or a "
        "machine on the way can replace them; import the repository's signing key "
        "instead (signed-by= for apt, rpm --import, a key in /etc/apk/keys)"
    ),
}

_FALSE = frozenset({"false", "0", "no", "off"})
_TRUE = frozenset({"true", "1", "yes", "on"})

# curl's short options that take a value: the rest of a cluster (-so file) is that value.
_CURL_SHORT_VALUE = frozenset("AbcCdDeEFHKmoPQrTtuUwxXyYz")
_CURL_LONG_VALUE = frozenset(
    {
        "--header",
        "--output",
        "--user-agent",
        "--data",
        "--data-raw",
        "--data-binary",
        "--request",
        "--user",
        "--url",
        "--retry",
        "--max-time",
        "--connect-timeout",
        "--cacert",
        "--cert",
        "--key",
        "--config",
        "--write-out",
        "--proxy",
        "--referer",
        "--range",
        "--form",
    }
)
_PIP = lazy_pattern(r"pip[0-9.]*|uv")
_PYTHON = lazy_pattern(r"python[0-9.]*")
_APT = frozenset({"apt-get", "apt", "aptitude"})
_RPM_TOOLS = frozenset({"yum", "dnf", "microdnf", "tdnf", "zypper", "yum-config-manager"})
_NODE_TOOLS = frozenset({"npm", "yarn", "pnpm"})
_APT_OPTION = lazy_pattern(
    r"(?i)(?:acquire::allowinsecurerepositories|apt::get::allowunauthenticated|"
    r"acquire::allowdowngradetoinsecurerepositories)\s*[= ]\s*\"?(?:true|yes|1)\b"
)
_APT_VERIFY = lazy_pattern(r"(?i)verify-(?:peer|host)\s*[= ]\s*\"?(?:false|no|0)\b")
_SETOPT = lazy_pattern(r"(?i)(gpgcheck|sslverify|repo_gpgcheck)\s*=\s*(0|false|no|off)\b")
# Text written into a configuration file (echo, printf, sed): the same switches.
_CONFIG_TEXT: tuple[tuple[re.Pattern[str], str, str], ...] = (
    # a local repository (file:, copy:) is not fetched over the network
    (
        lazy_pattern(r"\[[^\[\]]*\btrusted=yes\b[^\[\]]*\](?!\s*(?:file|copy):)"),
        SIGNATURE,
        "an apt source with [trusted=yes]",
    ),
    (_APT_OPTION, SIGNATURE, "an apt option that accepts unsigned repositories"),
    (_APT_VERIFY, TLS, "an apt option that turns off certificate checks"),
    (
        lazy_pattern(r"(?i)\b(?:^|[\s;])?gpgcheck\s*=\s*(?:0|false|no)\b"),
        SIGNATURE,
        "a repository with gpgcheck=0",
    ),
    (lazy_pattern(r"(?i)\bsslverify\s*=\s*(?:0|false|no)\b"), TLS, "a repository with sslverify=0"),
    (lazy_pattern(r"(?i)\bstrict-ssl\s*=\s*false\b"), TLS, "strict-ssl=false for npm"),
    (lazy_pattern(r"(?i)\bcheck_certificate\s*=\s*off\b"), TLS, "check_certificate=off for wget"),
)
_SED_SUBSTITUTION = lazy_pattern(r"\bs([/|#,:@])((?:\\.|(?!\1).)*)\1((?:\\.|(?!\1).)*)\1")
_CURLRC = lazy_pattern(r"(?:^|[\s;])-?-?insecure(?:$|[\s;])")


class Finding:
    def __init__(self, word: ShellWord, what: str, kind: str) -> None:
        self.word = word
        self.what = what
        self.kind = kind


def _curl(command: ShellCommand) -> Iterator[Finding]:
    skip = False
    for word in command.args:
        text = word.text
        if skip:
            skip = False
            continue
        if text == "--":
            return
        if text in ("--insecure", "--proxy-insecure", "--doh-insecure"):
            yield Finding(word, f"curl {text}", TLS)
        elif text.startswith("--"):
            skip = text in _CURL_LONG_VALUE
        elif text.startswith("-") and len(text) > 1:
            for index, letter in enumerate(text[1:]):
                if letter == "k":
                    yield Finding(word, "curl -k", TLS)
                    break
                if letter in _CURL_SHORT_VALUE:
                    skip = index == len(text) - 2
                    break


def _options(command: ShellCommand) -> Iterator[tuple[ShellWord, str]]:
    """Each argument, with the value of ``-o X`` / ``--setopt X`` joined to it."""
    args = command.args
    index = 0
    while index < len(args):
        word = args[index]
        if word.text in ("-o", "--option", "--setopt") and index + 1 < len(args):
            yield word, f"{word.text} {args[index + 1].text}"
            index += 2
        else:
            yield word, word.text
            index += 1


def _package_managers(command: ShellCommand) -> Iterator[Finding]:
    name = command.name
    if name == "apk":
        for word in command.args:
            if word.text == "--allow-untrusted":
                yield Finding(word, "apk --allow-untrusted", SIGNATURE)
    elif name in _APT:
        for word, text in _options(command):
            if text in ("--allow-unauthenticated", "--allow-insecure-repositories", "--force-yes"):
                yield Finding(word, f"{name} {text}", SIGNATURE)
            elif _APT_OPTION.search(text):
                yield Finding(word, f"{name} -o {text.split()[-1]}", SIGNATURE)
            elif _APT_VERIFY.search(text):
                yield Finding(word, f"{name} -o {text.split()[-1]}", TLS)
    elif name in _RPM_TOOLS:
        for word, text in _options(command):
            if text in ("--nogpgcheck", "--no-gpg-checks", "--no-gpgcheck"):
                yield Finding(word, f"{name} {text}", SIGNATURE)
            elif (match := _SETOPT.search(text)) is not None:
                kind = TLS if match.group(1).lower() == "sslverify" else SIGNATURE
                yield Finding(word, f"{name} {text.split()[-1]}", kind)
    elif name == "rpm":
        for word in command.args:
            if word.text in ("--nosignature", "--nodigest"):
                yield Finding(word, f"rpm {word.text}", SIGNATURE)


def _pip(command: ShellCommand) -> Iterator[Finding]:
    name = command.name
    args = [w.text for w in command.args]
    is_pip = bool(_PIP.fullmatch(name)) or (
        bool(_PYTHON.fullmatch(name)) and args[:2] == ["-m", "pip"]
    )
    if not is_pip:
        return
    for index, word in enumerate(command.args):
        text = word.text
        if text == "--trusted-host" or text.startswith("--trusted-host="):
            yield Finding(word, "pip --trusted-host", TLS)
        elif text == "--allow-insecure-host" or text.startswith("--allow-insecure-host="):
            yield Finding(word, f"{name} --allow-insecure-host", TLS)
        elif text.endswith(".trusted-host") and args[index - 1 : index] == ["set"]:
            yield Finding(word, f"pip config set {text}", TLS)


def _setting(command: ShellCommand, key: str) -> ShellWord | None:
    """The word setting ``key`` to false (``key false``, ``key=false``, ``--key=false``)."""
    args = command.args
    for index, word in enumerate(args):
        text = word.text.lstrip("-")
        name, eq, value = text.partition("=")
        if name.lower() != key.lower():
            continue
        if not eq:
            value = args[index + 1].text if index + 1 < len(args) else ""
        if value.lower() in _FALSE:
            return word
    return None


def _tools(command: ShellCommand) -> Iterator[Finding]:
    name = command.name
    if name in _NODE_TOOLS:
        for key in ("strict-ssl", "enableStrictSsl"):
            if (word := _setting(command, key)) is not None:
                yield Finding(word, f"{name} {key} false", TLS)
    elif name == "git":
        args = command.args
        for index, word in enumerate(args):
            text = word.text
            key, eq, value = text.partition("=")
            if not eq and index + 1 < len(args):
                value = args[index + 1].text
            if re.fullmatch(r"(?i)http\.(?:.+\.)?sslverify", key) and value.lower() in _FALSE:
                yield Finding(word, "git http.sslVerify false", TLS)
    elif name == "conda" and (word := _setting(command, "ssl_verify")) is not None:
        yield Finding(word, "conda ssl_verify false", TLS)
    elif name == "composer":
        if (word := _setting(command, "secure-http")) is not None:
            yield Finding(word, "composer secure-http false", TLS)
        texts = [w.text for w in command.args]
        if "disable-tls" in texts:
            index = texts.index("disable-tls")
            if index + 1 < len(texts) and texts[index + 1].lower() in _TRUE:
                yield Finding(command.args[index], "composer disable-tls true", TLS)
    for word in command.args:
        text = word.text
        if text in (
            "--insecure-skip-tls-verify",
            "--insecure-skip-tls-verify=true",
        ) or re.fullmatch(r"--(?:src-|dest-)?tls-verify=false", text):
            yield Finding(word, f"{name} {text}", TLS)


def _written_config(command: ShellCommand) -> Iterator[Finding]:
    """``echo 'deb [trusted=yes] ...' > /etc/apt/sources.list.d/x.list``, ``echo insecure
    >> ~/.curlrc``, ``sed -i 's/gpgcheck=1/gpgcheck=0/'``."""
    if command.name not in ("echo", "printf", "sed", "tee"):
        return
    text = " ".join(w.text for w in command.args)
    if command.name == "sed":  # what a substitution writes, not what it replaces
        text = " ".join(m.group(3) for m in _SED_SUBSTITUTION.finditer(text))
    for pattern, kind, what in _CONFIG_TEXT:
        if pattern.search(text):
            yield Finding(command.words[0], f"{command.name} writing {what}", kind)
            return
    targets = [w.text for w in command.redirects] + [w.text for w in command.args]
    if any(t.endswith(".curlrc") for t in targets) and _CURLRC.search(text):
        yield Finding(command.words[0], "insecure in .curlrc", TLS)


# Variables that turn checks off, and the values that do it (None: any value).
_VARIABLES: dict[str, frozenset[str] | None] = {
    "NODE_TLS_REJECT_UNAUTHORIZED": frozenset({"0"}),
    "PYTHONHTTPSVERIFY": frozenset({"0"}),
    "GIT_SSL_NO_VERIFY": None,
    "NPM_CONFIG_STRICT_SSL": _FALSE,
    "YARN_ENABLE_STRICT_SSL": _FALSE,
    "PIP_TRUSTED_HOST": None,
    "GOINSECURE": None,
}


def variable_turns_off(name: str, value: str) -> bool:
    """``NAME=value`` turns TLS checks off for the tools that read it."""
    key = name.upper()
    if key not in _VARIABLES:
        return False
    values = _VARIABLES[key]
    text = value.strip().strip("'\"")
    if values is None:
        return bool(text)
    return text.lower() in values


def _command_findings(run: RunCommand) -> Iterator[Finding]:
    command = run.command
    for assignment in command.assignments:
        name, _eq, value = assignment.text.partition("=")
        if variable_turns_off(name, value):
            yield Finding(assignment, f"{name}={value}", TLS)
    if command.name in ("export", "declare", "typeset"):
        for word in command.args:
            name, eq, value = word.text.partition("=")
            if eq and variable_turns_off(name, value):
                yield Finding(word, f"{name}={value}", TLS)
    if command.name == "curl":
        yield from _curl(command)
    elif command.name == "wget":
        for word in command.args:
            if word.text == "--no-check-certificate" or re.search(
                r"(?i)check[_-]certificate\s*=\s*off", word.text
            ):
                yield Finding(word, f"wget {word.text}", TLS)
    yield from _package_managers(command)
    yield from _pip(command)
    yield from _tools(command)
    yield from _written_config(command)


def _report(what: str, kind: str, span: Span) -> Diagnostic:
    return make("CL404", f"{what}: {_WHY[kind]}", span)


def check(ctx: DockerfileContext) -> Iterator[Diagnostic]:
    escape = ctx.dockerfile.escape
    for instruction in ctx.dockerfile.instructions:
        if instruction.keyword in ("ARG", "ENV"):
            for setting in settings(instruction, escape):
                value = setting.value
                if value is not None and not value.dynamic:
                    if variable_turns_off(setting.name, value.text):
                        what = f"{setting.keyword} {setting.name}={value.text}"
                        yield _report(what, TLS, setting.span)
        elif instruction.keyword in ("RUN", "ONBUILD"):
            seen: set[tuple[int, int]] = set()
            for run in run_commands(instruction, escape):
                for finding in _command_findings(run):
                    span = run.span(finding.word)
                    where = (span.start.offset, span.end.offset)
                    if where not in seen:
                        seen.add(where)
                        yield _report(finding.what, finding.kind, span)


RULE = Rule(
    "CL404",
    "tls-verification-disabled",
    "TLS or signature checks disabled in a Dockerfile",
    check_dockerfile=check,
    docs="CL404.md",
)
