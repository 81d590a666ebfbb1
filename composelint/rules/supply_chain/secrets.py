"""What looks like a credential: a variable name that names one, a value that is one
(not a reference to one), a connection string with a password; and how a message
shows a value without giving it away."""

from __future__ import annotations

import re

from msgspec import Struct

from composelint.source import lazy_pattern

# The last word of a name that holds a credential: POSTGRES_PASSWORD, DB_PASS,
# GITHUB_TOKEN, JWT_SECRET, NGROK_AUTHTOKEN.  A name whose credential word is followed
# by another word names something else: PASSWORD_MIN_LENGTH, TOKEN_EXPIRY,
# PASSWORD_FILE, SECRET_KEY_BASE_LENGTH.
SECRET_WORDS = frozenset(
    {
        "PASSWORD",
        "PASSWD",
        "PASS",
        "PASSPHRASE",
        "SECRET",
        "TOKEN",
        "APIKEY",
        "AUTHTOKEN",
        "ACCESSTOKEN",
        "SECRETKEY",
        "PRIVATEKEY",
        "ACCESSKEY",
        "CLIENTSECRET",
        "PASSWORDS",
        "SECRETS",
        "CREDENTIAL",
        "CREDENTIALS",
        "SALT",
    }
)
# A name written as one word ends in one of these: MYAPIKEY, DBPASSWORD.  (Not the short
# words: BYPASS and COMPASS end in PASS.)
SECRET_ENDS = ("PASSWORD", "PASSWD", "APIKEY", "AUTHTOKEN", "ACCESSTOKEN", "SECRETKEY")
# "KEY" is a credential after one of these: API_KEY, PRIVATE_KEY, APP_KEY...; not
# after others (GPG_KEY is a fingerprint, CACHE_KEY, PUBLIC_KEY, SORT_KEY).
KEY_QUALIFIERS = frozenset(
    {
        "API",
        "ACCESS",
        "SECRET",
        "PRIVATE",
        "AUTH",
        "CLIENT",
        "ENCRYPTION",
        "ENCRYPT",
        "DECRYPTION",
        "SIGNING",
        "MASTER",
        "APP",
        "ACCOUNT",
        "STORAGE",
        "SHARED",
        "HMAC",
        "JWT",
        "SESSION",
        "LICENSE",
    }
)
# Whole names that end in another word and still hold a credential.
# Rails' SECRET_KEY_BASE, and the *_KEY_BASE family (GitLab's OTP_KEY_BASE, DB_KEY_BASE).
SECRET_ENDINGS = (("KEY", "BASE"),)

# Values that switch a feature rather than set a credential (ALLOW_EMPTY_PASSWORD=yes,
# MYSQL_RANDOM_ROOT_PASSWORD=1) or say there is none.
_NOT_SECRETS = frozenset(
    {"true", "false", "yes", "no", "on", "off", "y", "n", "0", "1", "null", "none", "nil", "~"}
    | {"invalid", "disabled", "unset", "undefined", "empty"}
)
# Markers some images document for "no value given" (haugene/transmission-openvpn's
# start script refuses to run with **None**).
_UNSET_MARKERS = frozenset({"**none**", "<none>", "<unset>"})
# Values that point at a credential kept elsewhere.
_REFERENCE_PREFIXES = (
    "/",
    "./",
    "../",
    "~/",
    "file:",
    "op://",
    "vault:",
    "vault://",
    "arn:aws:",
    "ref+",
    "sm://",
    "awssm:",
    "gcpsm:",
    "secretsmanager:",
    "secret://",
    "@microsoft.keyvault(",
)
_VARIABLE = lazy_pattern(r"\$[{A-Za-z_(]")
_TEMPLATE = lazy_pattern(r"\{\{.*\}\}|\{%.*%\}")
_PLACEHOLDERS = frozenset(
    {
        "changeme",
        "changeit",
        "changethis",
        "password",
        "passw0rd",
        "password1",
        "password123",
        "pass",
        "passwd",
        "secret",
        "secrets",
        "mysecret",
        "supersecret",
        "topsecret",
        "example",
        "test",
        "testing",
        "dummy",
        "placeholder",
        "todo",
        "fixme",
        "replaceme",
        "foo",
        "bar",
        "foobar",
        "admin",
        "root",
        "guest",
        "user",
        "default",
        "token",
        "apikey",
        "key",
        "insecure",
        "notsecret",
        "notasecret",
        "123456",
        "12345678",
        "1234",
        "qwerty",
        "letmein",
        "postgres",
        "mysql",
        "redis",
        "mongo",
        "rabbitmq",
    }
)
_PLACEHOLDER_PATTERNS = lazy_pattern(
    r"^(?:x{3,}|\*{3,}|\.{3,}|<[^<>]*>|\[[^\[\]]*\]|your[-_ ]?[\w-]*|(?:change|replace)[-_ ]?[\w-]*"
    r"|[\w-]*(?:example|placeholder|changeme|change[-_]me|dummy)[\w-]*)$"
)
# scheme://user:password@host, the password written (not ${VAR}, not empty).
# (Bounded parts: a long value without "://" is scanned once, not once per position.)
_CONNECTION = lazy_pattern(
    r"\b([A-Za-z][A-Za-z0-9+.-]{0,31})://([^\s:/@]{0,256}):([^\s@/]{1,256})@"
)


def name_words(name: str) -> list[str]:
    """``dbPassword`` -> DB, PASSWORD; ``POSTGRES_PASSWORD`` -> POSTGRES, PASSWORD."""
    words: list[str] = []
    for part in re.split(r"[^A-Za-z0-9]+", name):
        words.extend(re.findall(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+", part))
    return [w.upper() for w in words]


def names_credential(name: str) -> bool:
    """The variable's name says it holds a credential."""
    words = name_words(name)
    if not words:
        return False
    last = words[-1]
    if last in SECRET_WORDS or last.endswith(SECRET_ENDS):
        return True
    if last == "PWD":  # MYSQL_PWD; PWD alone is the working directory
        return len(words) > 1
    if last in ("KEY", "KEYS"):
        return len(words) > 1 and words[-2] in KEY_QUALIFIERS
    return any(tuple(words[-len(e) :]) == e for e in SECRET_ENDINGS)


def is_reference(value: str) -> bool:
    """A path, a secret manager's address or a template: not the credential itself."""
    text = value.strip()
    lowered = text.lower()
    if lowered.startswith(_REFERENCE_PREFIXES) and not any(c.isspace() for c in text):
        return True
    return bool(_TEMPLATE.search(text))


def credential_value(value: str) -> bool:
    """A literal that can be a credential: not empty, no switch, no reference."""
    text = value.strip()
    # A list item ``KEY=""`` keeps its quotes: compose passes the two characters, an
    # empty fill-in value; ``**None**`` is the marker images use for "not set".
    unquoted = text.strip("\"'")
    if not unquoted or unquoted.lower() in _NOT_SECRETS or text.lower() in _UNSET_MARKERS:
        return False
    return not is_reference(text)


def looks_like_placeholder(value: str) -> bool:
    text = value.strip().lower()
    return text in _PLACEHOLDERS or bool(_PLACEHOLDER_PATTERNS.match(text))


class Connection(Struct, frozen=True):
    """A password in a connection string: the scheme, and the password's place in
    the value."""

    scheme: str
    start: int
    end: int
    password: str


def connection_password(value: str) -> Connection | None:
    """The first ``scheme://user:password@`` whose password is written in the value."""
    for match in _CONNECTION.finditer(value):
        password = match.group(3)
        if _VARIABLE.search(password.replace("$$", "")) or _TEMPLATE.search(password):
            continue
        return Connection(match.group(1).lower(), match.start(3), match.end(3), password)
    return None


def mask(value: str) -> str:
    """How a message shows a credential: not a character of it."""
    return "***"


def described(value: str) -> str:
    """``(value ***)`` or ``(value ***, which looks like a placeholder)``."""
    if looks_like_placeholder(value):
        return (
            f"the value {mask(value)} looks like a placeholder or a default, and "
            "placeholders get deployed as they are"
        )
    return f"the value {mask(value)}"
