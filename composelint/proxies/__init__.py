"""Upstream references in reverse-proxy configs: which hosts a proxy forwards to.

CL101 needs evidence that one service reaches another by name; a proxy config
mounted into a proxy container is such evidence.  The scanners are tolerant line
and token scanners, not parsers: templates (``${VAR}``, ``{{ }}``), includes and
half-valid files are read as far as they go and never raise.

    config = scan_proxy_config("nginx/nginx.conf", text)
    config.kind                  # "nginx"
    config.upstreams[0].host     # "backend"
    text[u.start:u.end]          # "backend:8000"

Hosts are lower-cased; a port is ``None`` when the config gives none (no default is
taken from the scheme: the caller decides).  Addresses held in variables the file
does not set (``proxy_pass http://$FLASK_SERVER_ADDR``, ``server ${BACKEND}``) are
listed in ``variables`` so the caller can look them up in the container's
environment (``split_address`` parses such a value).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import PurePosixPath

from composelint.model.proxy import ProxyConfig, Upstream, VariableRef
from composelint.proxies.base import split_address
from composelint.proxies.caddy import scan_caddy
from composelint.proxies.haproxy import scan_haproxy
from composelint.proxies.nginx import scan_nginx
from composelint.proxies.yaml import scan_envoy, scan_traefik
from composelint.source import lazy_pattern

__all__ = [
    "KINDS",
    "ProxyConfig",
    "Upstream",
    "VariableRef",
    "detect_kind",
    "scan_proxy_config",
    "split_address",
    "traefik_label_port",
]

KINDS = ("nginx", "caddy", "traefik", "haproxy", "envoy", "unknown")


_NGINX_DIRS = frozenset(
    {
        "nginx",
        "conf.d",
        "sites-enabled",
        "sites-available",
        "vhost.d",
        "http.d",
        "stream.d",
        "snippets",
    }
)
_NGINX_TEXT = lazy_pattern(
    r"^[ \t]*(?:(?:server|upstream|location|http|events|stream)\b[^;{}\n]*\{"
    r"|(?:proxy_pass|fastcgi_pass|uwsgi_pass|grpc_pass|scgi_pass)[ \t]+[^\n;]+;)",
    re.MULTILINE,
)
_CADDY_TEXT = lazy_pattern(r"^[ \t]*(?:reverse_proxy|php_fastcgi)\b[^;\n]*$", re.MULTILINE)
_HAPROXY_SECTION = lazy_pattern(
    r"^[ \t]*(?:backend|frontend|listen|defaults|global)\b", re.MULTILINE
)
_HAPROXY_LINE = lazy_pattern(
    r"^[ \t]+(?:server|bind|mode|balance|default_backend)[ \t]", re.MULTILINE
)
_ENVOY_TEXT = lazy_pattern(
    r"\bsocket_address\b|^[ \t]*\"?(?:static_resources|clusters)\"?[ \t]*:", re.MULTILINE
)
_TRAEFIK_ROOT = lazy_pattern(
    r"^(?:\"?(?:http|tcp|udp)\"?[ \t]*:|\[\[?[ \t]*(?:http|tcp|udp)\b)", re.MULTILINE
)
_COMPOSE_ROOT = lazy_pattern(
    r"^(?:services|volumes|networks|include|x-[\w-]*)[ \t]*:", re.MULTILINE
)
_DOCKERFILE_TEXT = lazy_pattern(r"^[ \t]*FROM[ \t]+\S", re.MULTILINE | re.IGNORECASE)
_TRAEFIK_KEYS = lazy_pattern(
    r"\b(?:routers|services|middlewares|serversTransports?)\b", re.IGNORECASE
)
_TRAEFIK_LB = lazy_pattern(r"\bloadBalancer\b[\]\"']*[ \t]*[:\]=]", re.IGNORECASE)


def detect_kind(path: str, text: str) -> str:
    """One of ``KINDS``, from the file's name and directory, then from its text."""
    p = PurePosixPath(path.replace("\\", "/"))
    name = p.name.lower()
    dirs = {d.lower() for d in p.parts[:-1]}
    if name.startswith("dockerfile") or name.endswith(".dockerfile"):
        return "unknown"
    if "caddyfile" in name or name.endswith(".caddy"):
        return "caddy"
    if name.endswith((".yml", ".yaml", ".json", ".toml")):
        if _COMPOSE_ROOT.search(text):
            return "unknown"  # a compose file: traefik labels are not dynamic config
        if not name.endswith(".toml") and _ENVOY_TEXT.search(text):
            return "envoy"
        if _looks_traefik(text) or (
            "traefik" in path.lower() and (_TRAEFIK_KEYS.search(text) or _TRAEFIK_LB.search(text))
        ):
            return "traefik"
        return "unknown"
    if "haproxy" in name or (name.endswith(".cfg") and _looks_haproxy(text)):
        return "haproxy"
    if name.startswith("nginx") and ".conf" in name or name.endswith((".nginx", ".nginxconf")):
        return "nginx"
    if name.endswith((".conf", ".conf.template", ".template")) and (
        dirs & _NGINX_DIRS or _NGINX_TEXT.search(text)
    ):
        return "nginx"
    if _DOCKERFILE_TEXT.search(text):
        return "unknown"
    if _NGINX_TEXT.search(text):
        return "nginx"
    if _CADDY_TEXT.search(text):
        return "caddy"
    if _looks_haproxy(text):
        return "haproxy"
    return "unknown"


def _looks_haproxy(text: str) -> bool:
    return bool(_HAPROXY_SECTION.search(text) and _HAPROXY_LINE.search(text)) and "{" not in text


def _looks_traefik(text: str) -> bool:
    if _TRAEFIK_ROOT.search(text) and _TRAEFIK_KEYS.search(text):
        return True
    return bool(_TRAEFIK_LB.search(text) and re.search(r"\bservers\b", text))


def scan_proxy_config(path: str, text: str, kind: str | None = None) -> ProxyConfig:
    """The upstream references of one proxy config; ``kind`` overrides detection."""
    kind = kind or detect_kind(path, text)
    if kind == "nginx":
        ups, refs = scan_nginx(text)
    elif kind == "caddy":
        ups, refs = scan_caddy(text)
    elif kind == "traefik":
        ups, refs = scan_traefik(path, text)
    elif kind == "haproxy":
        ups, refs = scan_haproxy(text)
    elif kind == "envoy":
        ups, refs = scan_envoy(text)
    else:
        return ProxyConfig("unknown")
    unique_ups = {(u.start, u.end, u.directive): u for u in ups}
    unique_refs = {(r.start, r.end, r.directive): r for r in refs}
    return ProxyConfig(
        kind,
        tuple(sorted(unique_ups.values(), key=lambda u: (u.start, u.directive))),
        tuple(sorted(unique_refs.values(), key=lambda r: (r.start, r.directive))),
    )


_LABEL_PORT = lazy_pattern(
    r"traefik(?:\.(?:(?:http|tcp|udp)\.services\.(?P<service>[^.]+)\.loadbalancer\.server"
    r"|(?!(?:http|tcp|udp)\.)(?P<v1>[^.]+)))?\.port",
    re.IGNORECASE,
)


def traefik_label_port(labels: Mapping[str, object]) -> list[tuple[str, int]]:
    """``(service, port)`` for each traefik label naming the port a container serves on.

    ``traefik.http.services.<name>.loadbalancer.server.port=3000`` (also ``tcp``/``udp``)
    gives ``(name, 3000)``; traefik v1's ``traefik.port`` gives ``("", port)`` (the
    container's own backend) and ``traefik.<segment>.port`` gives ``(segment, port)``.
    Values that are not a literal port (``${PORT}``) are skipped.
    """
    out: list[tuple[str, int]] = []
    for key, raw in labels.items():
        m = _LABEL_PORT.fullmatch(key.strip())
        if not m:
            continue
        if isinstance(raw, bool):
            continue
        value = str(raw).strip().strip("\"'")
        if not re.fullmatch(r"[0-9]{1,5}", value) or not 0 < int(value) <= 65535:
            continue
        out.append((m.group("service") or m.group("v1") or "", int(value)))
    return out
