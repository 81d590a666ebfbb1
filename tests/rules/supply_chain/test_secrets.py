"""What names a credential, what is one, and how a message shows it."""

from __future__ import annotations

import pytest

from composelint.rules.supply_chain.secrets import (
    connection_password,
    credential_value,
    looks_like_placeholder,
    mask,
    name_words,
    names_credential,
)


@pytest.mark.parametrize(
    "name",
    [
        "POSTGRES_PASSWORD",
        "MYSQL_ROOT_PASSWORD",
        "DB_PASS",
        "DB_PASSWD",
        "MYSQL_PWD",
        "GITHUB_TOKEN",
        "NGROK_AUTHTOKEN",
        "JWT_SECRET",
        "API_KEY",
        "OPENAI_API_KEY",
        "apiKey",
        "dbPassword",
        "AWS_SECRET_ACCESS_KEY",
        "STRIPE_PRIVATE_KEY",
        "APP_KEY",
        "SECRET_KEY_BASE",
        "GITLAB_SECRETS_OTP_KEY_BASE",
        "client-secret",
        "ssl.key.passphrase",
        "MYAPIKEY",
        "DBPASSWORD",
        "MY_CREDENTIAL",
        "SESSION_SALT",
        "STRIPE_API_KEYS",
    ],
)
def test_names_a_credential(name: str) -> None:
    assert names_credential(name)


@pytest.mark.parametrize(
    "name",
    [
        "PASSWORD_MIN_LENGTH",
        "TOKEN_EXPIRY",
        "PASSWORD_FILE",
        "POSTGRES_PASSWORD_FILE",
        "SECRET_KEY_BASE_LENGTH",
        "AWS_ACCESS_KEY_ID",
        "GPG_KEY",
        "PUBLIC_KEY",
        "CACHE_KEY",
        "PWD",
        "BYPASS",
        "COMPASS",
        "TOKENIZERS_PARALLELISM",
        "PASSWORD_RESET_URL",
        "MAX_TOKENS",
        "",
    ],
)
def test_names_something_else(name: str) -> None:
    assert not names_credential(name)


def test_name_words_split_at_separators_and_case() -> None:
    assert name_words("dbPassword") == ["DB", "PASSWORD"]
    assert name_words("OAuth2ClientSecret") == ["O", "AUTH", "2", "CLIENT", "SECRET"]
    assert name_words("a.b-c_d") == ["A", "B", "C", "D"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("hunter2x", True),
        ("changeme", True),
        ("", False),
        ("  ", False),
        ("yes", False),
        ("False", False),
        ("none", False),
        ("invalid", False),
        ("/run/secrets/db", False),
        ("./secrets/db.txt", False),
        ("op://vault/item/password", False),
        ("arn:aws:secretsmanager:eu-west-1:1:secret:db", False),
        ("{{ .Values.password }}", False),
        ("two words", True),
    ],
)
def test_credential_value(value: str, expected: bool) -> None:
    assert credential_value(value) is expected


@pytest.mark.parametrize(
    "value",
    [
        "changeme",
        "CHANGE_ME",
        "password",
        "secret",
        "example",
        "xxxxx",
        "<your token>",
        "your_api_key",
        "replace-with-real-key",
        "postgres",
        "my-example-pw",
    ],
)
def test_placeholders(value: str) -> None:
    assert looks_like_placeholder(value)


@pytest.mark.parametrize("value", ["hunter2x", "Zq8-long-password", "sk_live_abcdef"])
def test_not_placeholders(value: str) -> None:
    assert not looks_like_placeholder(value)


def test_connection_password() -> None:
    found = connection_password("postgres://app:Pw0rd@db:5432/app")
    assert found is not None and (found.scheme, found.password) == ("postgres", "Pw0rd")
    assert connection_password("redis://:Rd5pw@cache:6379") is not None
    assert connection_password("postgres://app:${PW}@db/app") is None
    assert connection_password("postgres://app:pa$$w0rd@db/app") is not None  # compose's $$
    assert connection_password("postgres://app:hunter2$@db/app") is not None
    assert connection_password("https://user@example.com/") is None
    assert connection_password("redis://cache:6379/0") is None


def test_mask_shows_no_character_of_the_value() -> None:
    assert mask("short") == "***"
    assert mask("a-much-longer-secret") == "***"


def test_empty_fill_ins_and_unset_markers_are_no_credentials() -> None:
    from composelint.rules.supply_chain.secrets import credential_value

    for value in ('""', "''", "**None**", "<none>", "  "):
        assert not credential_value(value), value
    assert credential_value('"hunter2"') and credential_value("None-of-your-business")
