"""Values of compose fields as plain data: ports, mounts, environments, users.

Each strategy draws what a person writes in a compose file, in the short and the
long syntax, with interpolation where compose allows it, and leans towards the
cases the rules report (publishes on all interfaces, root users, writable config
mounts), so the fixer has work to do.
"""

from __future__ import annotations

from hypothesis import strategies as st

from tests.strategies.yaml_nodes import interpolated

CONTAINER_PORTS = (80, 443, 3000, 5432, 6379, 8080, 9000)
HOST_IPS = ("0.0.0.0", "127.0.0.1", "[::]", "[::1]", "192.168.1.10")
LONG_HOST_IPS = ("0.0.0.0", "127.0.0.1", "::", "::1")


@st.composite
def short_port(draw: st.DrawFn, host: int, target: int) -> str | int:
    form = draw(st.integers(0, 9))
    if form == 0:
        return f"{host}:{target}"
    if form == 1:
        return f"{draw(st.sampled_from(HOST_IPS))}:{host}:{target}"
    if form == 2:
        return draw(st.sampled_from([str(target), target]))
    if form == 3:
        return f"{host}:{target}/{draw(st.sampled_from(['udp', 'tcp']))}"
    if form == 4:
        return f"${{PORT:-{host}}}:{target}"
    if form == 5:
        return f"${{BIND:-{draw(st.sampled_from(['0.0.0.0', '127.0.0.1', '']))}}}:{host}:{target}"
    if form == 6:
        return f"{draw(st.sampled_from(HOST_IPS))}::{target}"
    if form == 7:
        return f"{host}-{host + 2}:{target}-{target + 2}"
    if form == 8:
        return f"${{WEB_PORT-{host}:{target}}}"
    return f"{target}:{target}"


@st.composite
def long_port(draw: st.DrawFn, host: int, target: int) -> dict[str, object]:
    item: dict[str, object] = {"target": target}
    if draw(st.booleans()):
        item["published"] = draw(st.sampled_from([host, str(host)]))
    if draw(st.booleans()):
        item["host_ip"] = draw(st.sampled_from(LONG_HOST_IPS))
    if draw(st.booleans()):
        item["protocol"] = draw(st.sampled_from(["tcp", "udp"]))
    if draw(st.booleans()):
        item["mode"] = "host"
    keys = draw(st.permutations(list(item)))
    return {key: item[key] for key in keys}


@st.composite
def port_item(draw: st.DrawFn, host: int, target: int) -> str | int | dict[str, object]:
    if draw(st.integers(0, 3)) == 3:
        return draw(long_port(host, target))
    return draw(short_port(host, target))


@st.composite
def port_lists(draw: st.DrawFn, target: int) -> list[str | int | dict[str, object]]:
    """1-3 publishes of one service on different host ports (ranges do not overlap)."""
    hosts = draw(st.lists(st.integers(103, 999), min_size=1, max_size=3, unique=True))
    items = [draw(port_item(host * 10, target)) for host in hosts]
    # Some forms repeat ("80", "0.0.0.0::80", "${PORT:-8080}:8080" next to "8080:8080"):
    # compose refuses a list with an item twice (after interpolation).
    seen: list[object] = []
    unique = []
    for item in items:
        key = interpolated(item) if isinstance(item, str) else item
        if key not in seen:
            seen.append(key)
            unique.append(item)
    return unique


# (host source, container target): config files, source trees, secrets, data, sockets.
BINDS = (
    ("./nginx/nginx.conf", "/etc/nginx/nginx.conf"),
    ("./app", "/srv/app"),
    ("./src", "/usr/src/app"),
    ("./certs", "/etc/ssl/private"),
    ("./init.sql", "/docker-entrypoint-initdb.d/init.sql"),
    ("./config.yml", "/app/config.yml"),
    ("./data", "/data"),
    ("/var/run/docker.sock", "/var/run/docker.sock"),
    ("${CONF_DIR:-./conf}", "/etc/app"),
    ("./Caddyfile", "/etc/caddy/Caddyfile"),
)
NAMED = (("pgdata", "/var/lib/postgresql/data"), ("cache-data", "/data"))
OPTIONS = ("ro", "rw", "z", "Z", "rw,z", "ro,Z", "cached")


@st.composite
def volume_item(draw: st.DrawFn, source: str, target: str) -> str | dict[str, object]:
    named = (source, target) in NAMED
    if draw(st.integers(0, 3)) == 3:
        item: dict[str, object] = {
            "type": "volume" if named else "bind",
            "source": source,
            "target": target,
        }
        if draw(st.booleans()):
            item["read_only"] = draw(st.booleans())
        keys = draw(st.permutations(list(item)))
        return {key: item[key] for key in keys}
    options = draw(st.none() | st.sampled_from(OPTIONS))
    return f"{source}:{target}" + (f":{options}" if options else "")


@st.composite
def volume_lists(draw: st.DrawFn) -> list[str | dict[str, object]]:
    """1-3 mounts of one service, each at its own target (compose refuses two at one)."""
    places = draw(
        st.lists(st.sampled_from(BINDS + NAMED), min_size=1, max_size=3, unique_by=lambda p: p[1])
    )
    return [draw(volume_item(source, target)) for source, target in places]


def named_volumes(items: list[object]) -> set[str]:
    """The named volumes ``items`` use (compose wants them declared at the top)."""
    names = {name for name, _target in NAMED}
    found = set()
    for item in items:
        source = item.get("source") if isinstance(item, dict) else str(item).split(":")[0]
        if source in names:
            found.add(str(source))
    return found


def address_values(other: str, port: int) -> st.SearchStrategy[tuple[str, str]]:
    """Environment entries by which a service reaches ``other`` on ``port``."""
    upper = other.upper().replace("-", "_")
    return st.sampled_from(
        [
            ("DATABASE_URL", f"postgres://app:secret@{other}:{port}/app"),
            ("UPSTREAM", f"http://{other}:{port}/"),
            (f"{upper}_HOST", other),
            (f"{upper}_ADDR", f"{other}:{port}"),
            ("REDIS_URL", f"redis://{other}:{port}/0"),
        ]
    )


USERS = ("root", "0", "0:0", "1000:1000", "app", "${APP_UID:-1000}")
CAPABILITIES = ("NET_ADMIN", "SYS_ADMIN", "ALL", "CHOWN", "SYS_PTRACE", "NET_BIND_SERVICE")
IMAGES = (
    "postgres:16",
    "redis:7",
    "nginx:1.25",
    "myapp",
    "ghcr.io/acme/api:1.2",
    "traefik:v3.0",
    "adminer:4",
    "python:3.12-slim",
)
COMMANDS = ("python app.py", "npm start", "sh -c 'sleep 1 && exec server'")
