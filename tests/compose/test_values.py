from __future__ import annotations

import pytest

from composelint.compose.values import (
    PortError,
    PortSpec,
    parse_byte_size,
    parse_duration,
    parse_port,
)


def port(text: str) -> PortSpec:
    result = parse_port(text)
    assert isinstance(result, PortSpec), result
    return result


def port_error(text: str) -> str:
    result = parse_port(text)
    assert isinstance(result, PortError), result
    return result.message


def part(spec: PortSpec, span: tuple[int, int] | None) -> str | None:
    return None if span is None else spec.text[span[0] : span[1]]


# ----------------------------------------------------------------------- ports


def test_host_and_container() -> None:
    spec = port("8080:80")
    assert (spec.host_ip, spec.published, spec.target, spec.protocol) == (None, "8080", "80", None)
    assert part(spec, spec.published_span) == "8080"
    assert part(spec, spec.target_span) == "80"
    assert spec.published_range() == (8080, 8080)
    assert spec.target_range() == (80, 80)
    assert spec.effective_protocol == "tcp"


def test_container_only() -> None:
    spec = port("3000")
    assert spec.published is None
    assert spec.published_span is None
    assert spec.published_range() is None
    assert spec.target == "3000"
    assert spec.target_span == (0, 4)


def test_integer_from_yaml_via_str() -> None:
    assert port(str(80)).target_range() == (80, 80)


@pytest.mark.parametrize(
    ("text", "ip", "published", "target"),
    [
        ("127.0.0.1:8080:80", "127.0.0.1", "8080", "80"),
        ("0.0.0.0:80:80", "0.0.0.0", "80", "80"),
        ("[::1]:8080:80", "::1", "8080", "80"),
        ("::1:8080:80", "::1", "8080", "80"),  # go-connections >= 0.5: last two parts are ports
        ("[::]:443:443", "::", "443", "443"),
        ("::ffff:10.0.0.1:80:80", "::ffff:10.0.0.1", "80", "80"),
        ("[127.0.0.1]:80:80", "127.0.0.1", "80", "80"),
    ],
)
def test_host_ip_forms(text: str, ip: str, published: str, target: str) -> None:
    spec = port(text)
    assert (spec.host_ip, spec.published, spec.target) == (ip, published, target)
    assert part(spec, spec.host_ip_span) == ip
    assert part(spec, spec.published_span) == published
    assert part(spec, spec.target_span) == target
    assert spec.host_ip_bracketed == text.startswith("[")


def test_ip_with_empty_host_port_means_ephemeral() -> None:
    spec = port("127.0.0.1::80")
    assert spec.host_ip == "127.0.0.1"
    assert spec.published is None
    assert spec.target == "80"


def test_empty_ip_and_host_port() -> None:
    spec = port("::80")
    assert (spec.host_ip, spec.published, spec.target) == (None, None, "80")
    assert part(spec, spec.target_span) == "80"


def test_empty_brackets_mean_no_ip() -> None:
    spec = port("[]:80:80")
    assert spec.host_ip is None
    assert spec.published == "80"


def test_ranges() -> None:
    spec = port("8000-8010:8000-8010")
    assert spec.published_range() == (8000, 8010)
    assert spec.target_range() == (8000, 8010)
    assert part(spec, spec.published_span) == "8000-8010"
    assert part(spec, spec.target_span) == "8000-8010"


def test_host_range_for_single_container_port() -> None:
    spec = port("8000-8001:80")
    assert spec.published_range() == (8000, 8001)
    assert spec.target_range() == (80, 80)


def test_range_of_one_written_twice() -> None:
    assert port("80-80").target_range() == (80, 80)


def test_mismatched_ranges() -> None:
    message = port_error("8000-8001:80-82")
    assert "port ranges differ in length" in message
    assert "'8000-8001'" in message and "'80-82'" in message


def test_single_host_port_for_container_range_is_an_error() -> None:
    assert "differ in length" in port_error("80:8000-8001")


def test_protocol() -> None:
    spec = port("53:53/udp")
    assert spec.protocol == "udp"
    assert part(spec, spec.protocol_span) == "udp"
    assert spec.target == "53"
    assert part(spec, spec.target_span) == "53"


def test_protocol_is_case_insensitive_and_kept_as_written() -> None:
    spec = port("127.0.0.1:5000:5000/SCTP")
    assert spec.protocol == "SCTP"
    assert spec.effective_protocol == "sctp"
    assert part(spec, spec.protocol_span) == "SCTP"


def test_empty_protocol_is_tcp() -> None:
    spec = port("80/")
    assert spec.protocol is None
    assert spec.effective_protocol == "tcp"


def test_invalid_protocol() -> None:
    assert port_error("80/http") == "invalid protocol 'http' in '80/http': use tcp, udp or sctp"


def test_out_of_range() -> None:
    assert port_error("80800:80") == "port '80800' is out of range 0-65535"
    assert port_error("8080:65536") == "port '65536' is out of range 0-65535"


def test_zero_and_max_are_valid() -> None:
    assert port("0:65535").published_range() == (0, 0)


@pytest.mark.parametrize("text", ["abc", "abc:def", "80:abc", "8o:80", "1_000:80", " 80"])
def test_invalid_syntax(text: str) -> None:
    assert port_error(text).startswith(f"invalid port syntax '{text}'")


def test_invalid_syntax_names_the_bad_part() -> None:
    assert port_error("abc:def") == "invalid port syntax 'abc:def': 'def' is not a port number"


def test_reversed_range() -> None:
    assert port_error("90-80") == "invalid port range '90-80': 80 is lower than 90"


def test_missing_container_port() -> None:
    assert port_error("") == "no container port in ''"
    assert port_error("8080:") == "no container port in '8080:'"
    assert port_error("80:/udp") == "no container port in '80:/udp'"


@pytest.mark.parametrize(
    "text", ["::8080:80", "1.2.3:80:80", "localhost:80:80", "[::1:80:80", "fe80::1%eth0:80:80"]
)
def test_invalid_host_ip(text: str) -> None:
    assert port_error(text).startswith("invalid host IP")


# ------------------------------------------------------------------- durations


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("1m30s", 90.0),
        ("1.5h", 5400.0),
        ("300ms", 0.3),
        ("10s", 10.0),
        ("0", 0.0),
        ("0s", 0.0),
        (".5s", 0.5),
        ("1.s", 1.0),
        ("2h45m", 9900.0),
        ("1us", 1e-6),
        ("1µs", 1e-6),
        ("100ns", 1e-7),
        ("1d", 86400.0),  # go-str2duration extension used by compose-go
        ("1w", 604800.0),
        ("-1s", -1.0),
        ("+5s", 5.0),
    ],
)
def test_valid_durations(text: str, seconds: float) -> None:
    assert parse_duration(text) == pytest.approx(seconds)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("10", "missing unit in duration '10' (e.g. '10s')"),
        ("1h1", "missing unit in duration '1h1'"),
        ("1sec", "unknown unit 'sec' in duration '1sec' (use ns, us, ms, s, m, h, d or w)"),
        ("1 s", "unknown unit ' s' in duration '1 s' (use ns, us, ms, s, m, h, d or w)"),
        ("", "invalid duration ''"),
        ("s", "invalid duration 's'"),
        (".s", "invalid duration '.s'"),
        ("-", "invalid duration '-'"),
        ("1S", "unknown unit 'S' in duration '1S' (use ns, us, ms, s, m, h, d or w)"),
        ("99999999999h", "duration '99999999999h' is too long"),
    ],
)
def test_invalid_durations(text: str, message: str) -> None:
    assert parse_duration(text) == message


# ------------------------------------------------------------------ byte sizes


@pytest.mark.parametrize(
    ("text", "size"),
    [
        ("1024", 1024),
        ("-1", -1),
        ("0", 0),
        ("1b", 1),
        ("1k", 1024),
        ("1K", 1024),
        ("1kb", 1024),
        ("1KiB", 1024),
        ("512m", 512 * 1024**2),
        ("512MB", 512 * 1024**2),
        ("2g", 2 * 1024**3),
        ("1.5g", 3 * 1024**3 // 2),
        ("1t", 1024**4),
        ("1p", 1024**5),
        (".5k", 512),
        ("1 k", 1024),
        ("10 ", 10),
        ("1e3", 1000),
        ("1.7b", 1),
    ],
)
def test_valid_byte_sizes(text: str, size: int) -> None:
    assert parse_byte_size(text) == size


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("abc", "invalid size 'abc': no number"),
        ("1x", "invalid size '1x': unknown unit 'x' (use b, k, m, g, t or p)"),
        ("1gig", "invalid size '1gig': unknown unit 'gig' (use b, k, m, g, t or p)"),
        ("1kbb", "invalid size '1kbb': unknown unit 'kbb' (use b, k, m, g, t or p)"),
        ("1bb", "invalid size '1bb': unknown unit 'bb' (use b, k, m, g, t or p)"),
        ("1kB2", "invalid size '1kB2': '1kB2' is not a number"),
        ("-5m", "invalid size '-5m': sizes cannot be negative"),
        ("1  k", "invalid size '1  k': '1 ' is not a number"),
        ("1,5g", "invalid size '1,5g': '1,5' is not a number"),
        ("99999999999p", "invalid size '99999999999p': too large"),
    ],
)
def test_invalid_byte_sizes(text: str, message: str) -> None:
    assert parse_byte_size(text) == message
