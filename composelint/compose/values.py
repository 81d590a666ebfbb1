"""Values the compose schema lets through as strings but docker compose parses later.

Ports (short syntax), durations and byte sizes are typed ``string`` in the
schema; compose parses them in Go and refuses the file when that fails.  The
parsers here follow the Go code docker compose is built with:

* Ports: compose-go ``types.ParsePortConfig`` -> ``nat.ParsePortSpec`` in
  github.com/docker/go-connections (``nat/nat.go``, ``nat/parse.go``, v0.7.0,
  the version docker compose v5 builds with; unchanged in v0.8).
  ``splitParts`` splits on every ``:`` and takes the LAST two parts as host port
  and container port, so everything before them is the IP: ``::1:8080:80`` is
  IP ``::1``, ``[::1]:8080:80`` works too (the brackets are stripped,
  ``[127.0.0.1]`` is accepted as well).  ``::8080:80`` fails: its IP is ``:``.
  An empty host port (``127.0.0.1::80``, ``:80``) means an ephemeral port.
  The protocol is what follows the first ``/`` of the container part, compared
  case-insensitively; ``80/`` counts as tcp.  Numbers are Go ``ParseInt``
  (an optional sign, decimal digits) in 0-65535; a range is ``a-b`` cut at its
  first ``-`` with ``b >= a``.  Ranges must have the same length unless the
  container side is a single port (``8000-8010:80`` lets the engine pick one).
  go-connections v0.4.0 (the version compose-go's own go.mod names) rejected
  bare IPv6 such as ``::1:8080:80``; v0.5.0 and later accept it.
* Durations: compose-go ``types.Duration.DecodeMapstructure`` uses
  github.com/xhit/go-str2duration/v2 ``ParseDuration``, which is Go's
  ``time.ParseDuration`` plus the units ``d`` (24h) and ``w`` (7d).  The
  schema has no ``duration`` format any more, so nothing stricter runs first.
  So: an optional sign, then one or more ``<number>[.<fraction>]<unit>`` with
  units ns, us, µs, μs, ms, s, m, h, d, w; a bare ``0`` is valid, any other
  bare number (``10``) is "missing unit".  YAML integers never reach this
  parser: the schema types these fields as strings.
* Byte sizes: compose-go ``types.UnitBytes`` tries ``strconv.ParseInt`` first
  (so ``-1`` is fine) and then github.com/docker/go-units ``RAMInBytes``
  (``size.go``, v0.5.0): the number is everything up to the last digit, ``.``
  or space (one space before the suffix is allowed), parsed as a float and not
  negative; the suffix is empty, ``b``, or one of k m g t p optionally
  followed by ``b`` or ``ib``, case-insensitive, all binary (1024) multiples.
  The result is truncated to an integer.  v0.5.0 has no regular expression any
  more (older versions did).
"""

from __future__ import annotations

import ipaddress
import math

from msgspec import Struct

from composelint.source import lazy_pattern

Offsets = tuple[int, int]

_PROTOCOLS = ("tcp", "udp", "sctp")
_GO_INT = lazy_pattern(r"[+-]?[0-9]+")
_GO_DECIMAL_FLOAT = lazy_pattern(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_GO_HEX_FLOAT = lazy_pattern(
    r"[+-]?0[xX](?:[0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)[pP][+-]?[0-9]+"
)
_INT64_MAX = (1 << 63) - 1


# --------------------------------------------------------------------------- ports


class PortError(Struct, frozen=True):
    message: str


class PortSpec(Struct, frozen=True):
    """Short port syntax ``[[ip:]host[-range]:]container[-range][/proto]``.

    Every ``*_span`` is ``(start, end)`` inside ``text``, so
    ``text[start:end]`` is the part as written.  ``host_ip`` is the address
    without brackets (its span excludes them too).
    """

    text: str
    host_ip: str | None
    host_ip_span: Offsets | None
    published: str | None  # "8080", "8000-8010"; None when no host port was given
    published_span: Offsets | None
    target: str  # "80", "8000-8010"
    target_span: Offsets
    protocol: str | None  # as written ("udp", "UDP"); None when absent (tcp)
    protocol_span: Offsets | None
    host_ip_bracketed: bool = False

    @property
    def effective_protocol(self) -> str:
        return (self.protocol or "tcp").lower()

    def published_range(self) -> tuple[int, int] | None:
        if self.published is None:
            return None
        found = _port_range(self.published)
        assert not isinstance(found, str)
        return found

    def target_range(self) -> tuple[int, int]:
        found = _port_range(self.target)
        assert not isinstance(found, str)
        return found


def parse_port(text: str) -> PortSpec | PortError:
    """Parse a short-syntax port the way docker compose does."""
    segments = _split_offsets(text, ":")
    container = segments[-1]
    host = segments[-2] if len(segments) >= 2 else None
    ip = (segments[0][0], segments[-3][1]) if len(segments) >= 3 else None

    slash = text.find("/", container[0], container[1])
    target_span = container if slash < 0 else (container[0], slash)
    protocol_span = None if slash < 0 or slash + 1 == container[1] else (slash + 1, container[1])
    target = text[target_span[0] : target_span[1]]
    if not target:
        return PortError(f"no container port in '{text}'")
    protocol = None if protocol_span is None else text[protocol_span[0] : protocol_span[1]]
    if protocol is not None and protocol.lower() not in _PROTOCOLS:
        return PortError(f"invalid protocol '{protocol}' in '{text}': use tcp, udp or sctp")

    host_ip, host_ip_span, bracketed = None, None, False
    if ip is not None and ip[0] < ip[1]:
        found = _host_ip(text, ip)
        if isinstance(found, PortError):
            return found
        host_ip_span, bracketed = found
        if host_ip_span is not None:
            host_ip = text[host_ip_span[0] : host_ip_span[1]]

    target_range = _port_range(target)
    if isinstance(target_range, str):
        return PortError(_port_message(text, target_range))
    published, published_span = None, None
    if host is not None and host[0] < host[1]:
        published_span = host
        published = text[host[0] : host[1]]
        published_range = _port_range(published)
        if isinstance(published_range, str):
            return PortError(_port_message(text, published_range))
        target_count = target_range[1] - target_range[0] + 1
        published_count = published_range[1] - published_range[0] + 1
        if target_count > 1 and target_count != published_count:
            return PortError(
                f"port ranges differ in length in '{text}': published '{published}' has "
                f"{published_count} ports, target '{target}' has {target_count}"
            )
    return PortSpec(
        text,
        host_ip,
        host_ip_span,
        published,
        published_span,
        target,
        target_span,
        protocol,
        protocol_span,
        bracketed,
    )


def _split_offsets(text: str, separator: str) -> list[Offsets]:
    out: list[Offsets] = []
    start = 0
    while True:
        found = text.find(separator, start)
        if found < 0:
            out.append((start, len(text)))
            return out
        out.append((start, found))
        start = found + len(separator)


def _host_ip(text: str, span: Offsets) -> tuple[Offsets | None, bool] | PortError:
    """Span of the address (brackets stripped, None if empty) and whether it was bracketed."""
    start, end = span
    raw = text[start:end]
    bracketed = raw.startswith("[")
    if bracketed:
        # Go: net.SplitHostPort(ip + ":") -> exactly "[" address "]"
        if not raw.endswith("]") or "]" in raw[1:-1] or "[" in raw[1:]:
            return PortError(f"invalid host IP '{raw}' in '{text}'")
        start, end = start + 1, end - 1
        if start == end:
            return None, True
    address = text[start:end]
    if "%" in address or not _is_ip(address):
        return PortError(f"invalid host IP '{address}' in '{text}'")
    return (start, end), bracketed


def _is_ip(address: str) -> bool:
    try:
        ipaddress.ip_address(address)
    except ValueError:
        return False
    return True


def _port_range(text: str) -> tuple[int, int] | str:
    """go-connections ``parsePortRange``: ``(start, end)`` or a reason."""
    if not text:
        return "empty port"
    low, dash, high = text.partition("-")
    start = _port_number(low)
    if isinstance(start, str):
        return start
    if not dash or low == high:
        return start, start
    end = _port_number(high)
    if isinstance(end, str):
        return end
    if end < start:
        return f"invalid port range '{text}': {end} is lower than {start}"
    return start, end


def _port_number(text: str) -> int | str:
    if not _GO_INT.fullmatch(text):
        return f"'{text}' is not a port number" if text else "a port number is missing"
    if len(text.lstrip("+-0")) > 5:  # out of range, and int() refuses 4,300 digits
        return f"port '{text}' is out of range 0-65535"
    number = int(text)
    if not 0 <= number <= 65535:
        return f"port '{text}' is out of range 0-65535"
    return number


def _port_message(text: str, reason: str) -> str:
    if reason.startswith(("port '", "invalid port range")):
        return reason
    return f"invalid port syntax '{text}': {reason}"


# ------------------------------------------------------------------------ durations

_NANOSECONDS = {
    "ns": 1,
    "us": 1_000,
    "µs": 1_000,
    "μs": 1_000,
    "ms": 1_000_000,
    "s": 1_000_000_000,
    "m": 60_000_000_000,
    "h": 3_600_000_000_000,
    "d": 86_400_000_000_000,
    "w": 604_800_000_000_000,
}


def parse_duration(text: str) -> float | str:
    """Seconds, or why docker compose rejects ``text`` as a duration."""
    negative = text[:1] == "-"
    start = 1 if text[:1] in ("+", "-") else 0
    if text[start:] == "0":
        return 0.0
    if start == len(text):
        return f"invalid duration '{text}'"
    total, pos = 0, start
    while pos < len(text):
        parsed = _duration_term(text, pos)
        if isinstance(parsed, str):
            return parsed
        nanoseconds, pos = parsed
        total += nanoseconds
        if total > _INT64_MAX:
            return f"duration '{text}' is too long"
    return (-total if negative else total) / 1e9


def _duration_term(text: str, pos: int) -> tuple[int, int] | str:
    """One ``<number>[.<fraction>]<unit>`` at ``pos``: nanoseconds and where the next starts.

    Offsets, not slices: a value of a million terms is read in one pass."""
    if not (text[pos] == "." or text[pos].isdigit() and text[pos].isascii()):
        return f"invalid duration '{text}'"
    whole = _ascii_digits(text, pos)
    pos += len(whole)
    fraction = ""
    if text.startswith(".", pos):
        fraction = _ascii_digits(text, pos + 1)
        pos += 1 + len(fraction)
    if not whole and not fraction:
        return f"invalid duration '{text}'"
    unit_end = pos
    while (
        unit_end < len(text)
        and text[unit_end] != "."
        and not (text[unit_end].isdigit() and text[unit_end].isascii())
    ):
        unit_end += 1
    unit = text[pos:unit_end]
    if not unit:
        hint = f" (e.g. '{text}s')" if text.isdigit() else ""
        return f"missing unit in duration '{text}'{hint}"
    scale = _NANOSECONDS.get(unit)
    if scale is None:
        return f"unknown unit '{unit}' in duration '{text}' (use ns, us, ms, s, m, h, d or w)"
    # More than 19 digits is past int64 whatever the unit (and int() refuses 4,300).
    value = int(whole or "0") if len(whole.lstrip("0")) <= 19 else _INT64_MAX + 1
    if value > _INT64_MAX // scale:
        return f"duration '{text}' is too long"
    nanoseconds = value * scale
    if fraction:
        digits, divisor = _fraction(fraction)
        nanoseconds += int(float(digits) * (float(scale) / divisor))
    return nanoseconds, unit_end


def _ascii_digits(text: str, start: int) -> str:
    index = start
    while index < len(text) and "0" <= text[index] <= "9":
        index += 1
    return text[start:index]


def _fraction(digits: str) -> tuple[int, float]:
    """Go's ``leadingFraction``: digits as an int, and 10**(digits kept); stops before overflow."""
    value, divisor = 0, 1.0
    for char in digits:
        candidate = value * 10 + int(char)
        if candidate > _INT64_MAX:
            break
        value, divisor = candidate, divisor * 10
    return value, divisor


# ----------------------------------------------------------------------- byte sizes

_BINARY = {"k": 1 << 10, "m": 1 << 20, "g": 1 << 30, "t": 1 << 40, "p": 1 << 50}


def parse_byte_size(text: str) -> int | str:
    """Bytes, or why docker compose rejects ``text`` as a size (``mem_limit``, ``shm_size``...)."""
    if _GO_INT.fullmatch(text) and len(text.lstrip("+-0")) <= 19:
        number = int(text)
        if -_INT64_MAX - 1 <= number <= _INT64_MAX:
            return number
    cut = max(text.rfind(char) for char in "0123456789. ")
    if cut < 0:
        return f"invalid size '{text}': no number"
    if text[cut] == " ":
        number_text, suffix = text[:cut], text[cut + 1 :]
    else:
        number_text, suffix = text[: cut + 1], text[cut + 1 :]
    size = _go_float(number_text)
    if size is None:
        return f"invalid size '{text}': '{number_text}' is not a number"
    if size < 0:
        return f"invalid size '{text}': sizes cannot be negative"
    multiplier = _suffix_multiplier(suffix)
    if multiplier is None:
        return f"invalid size '{text}': unknown unit '{suffix}' (use b, k, m, g, t or p)"
    size *= multiplier
    if size >= 2.0**63:
        return f"invalid size '{text}': too large"
    return int(size)


def _go_float(text: str) -> float | None:
    """``strconv.ParseFloat(text, 64)`` for the forms a size can take; None when invalid."""
    if _GO_DECIMAL_FLOAT.fullmatch(text):
        value = float(text)
    elif _GO_HEX_FLOAT.fullmatch(text):
        sign = -1.0 if text.startswith("-") else 1.0
        value = sign * float.fromhex(text.lstrip("+-"))
    else:
        return None
    return None if math.isinf(value) else value


def _suffix_multiplier(suffix: str) -> int | None:
    lowered = suffix.lower()
    if lowered in ("", "b"):
        return 1
    if len(lowered) > 3 or lowered[0] not in _BINARY:
        return None
    if lowered[1:] not in ("", "b", "ib"):
        return None
    return _BINARY[lowered[0]]
