"""Tests for composelint.proxies: upstream references in nginx, Caddy, traefik, haproxy
and envoy configs, with exact positions; and the real proxy configs of the corpus."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from composelint.proxies import (
    ProxyConfig,
    Upstream,
    detect_kind,
    scan_proxy_config,
    split_address,
    traefik_label_port,
)
from tests.conftest import CORPUS_REAL, manifest_rows


def found(config: ProxyConfig) -> list[tuple[str, int | None, str]]:
    return [(u.host, u.port, u.directive) for u in config.upstreams]


def check_spans(text: str, config: ProxyConfig) -> None:
    """Every span is the host[:port] text, and ``line`` is the span's line."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n")
    for u in config.upstreams:
        written = text[u.start : u.end].lower()
        host = f"[{u.host}]" if ":" in u.host else u.host
        assert written in (host, f"{host}:{u.port}"), (u, written)
        assert lines[: u.start - text[: u.start].count("\r\n")].count("\n") == u.line
    for v in config.variables:
        assert v.name in text[v.start : v.end]


def scan(path: str, text: str) -> ProxyConfig:
    config = scan_proxy_config(path, text)
    check_spans(text, config)
    return config


# --- nginx ------------------------------------------------------------------------------


def test_nginx_proxy_pass_with_uri_and_upper_case_host() -> None:
    text = "server {\n  location /api/ {\n    proxy_pass http://Backend:8000/api/;\n  }\n}\n"
    config = scan("nginx.conf", text)
    assert config.kind == "nginx"
    (u,) = config.upstreams
    assert (u.host, u.port, u.scheme, u.directive, u.line) == (
        "backend",
        8000,
        "http",
        "proxy_pass",
        2,
    )
    assert text[u.start : u.end] == "Backend:8000"


def test_nginx_upstream_block_and_proxy_pass_naming_it() -> None:
    text = (
        "upstream app_servers {\n"
        "    least_conn;\n"
        "    server web1:5000 weight=2 max_fails=3;\n"
        "    server web2 backup;\n"
        "    server 10.0.0.7:5000;\n"
        "    server unix:/run/app.sock;\n"
        "}\n"
        "server {\n    listen 80;\n    location / { proxy_pass http://app_servers; }\n}\n"
    )
    config = scan("conf.d/default.conf", text)
    assert found(config) == [
        ("web1", 5000, "server"),
        ("web2", None, "server"),
        ("10.0.0.7", 5000, "server"),
        ("app_servers", None, "proxy_pass"),
    ]
    assert [u.host for u in config.servers_of("app_servers")] == ["web1", "web2", "10.0.0.7"]
    assert config.upstreams[-1].group is None
    assert config.hosts == {"web1", "web2", "10.0.0.7", "app_servers"}


def test_nginx_other_pass_directives() -> None:
    text = (
        "location ~ \\.php$ { fastcgi_pass php:9000; }\n"
        "location /u { uwsgi_pass uwsgi://flask:3031; }\n"
        "location /u2 { uwsgi_pass flask2:3031; }\n"
        "location /g { grpc_pass grpc://grpc-svc:50051; }\n"
        "location /s { scgi_pass scgi:4000; }\n"
        "location /m { memcached_pass cache:11211; }\n"
    )
    config = scan("site.conf", text)
    assert found(config) == [
        ("php", 9000, "fastcgi_pass"),
        ("flask", 3031, "uwsgi_pass"),
        ("flask2", 3031, "uwsgi_pass"),
        ("grpc-svc", 50051, "grpc_pass"),
        ("scgi", 4000, "scgi_pass"),
        ("cache", 11211, "memcached_pass"),
    ]
    assert [u.scheme for u in config.upstreams[:4]] == [None, "uwsgi", None, "grpc"]


def test_nginx_comments_are_ignored() -> None:
    text = (
        "# proxy_pass http://ghost:1;\n"
        "location / {\n"
        "    #proxy_pass http://ghost2:2;\n"
        "    proxy_pass http://real:3; # proxy_pass http://ghost3:4;\n"
        "}\n"
    )
    assert found(scan("nginx.conf", text)) == [("real", 3, "proxy_pass")]


def test_nginx_variables_are_skipped_and_listed() -> None:
    text = (
        "location / { proxy_pass http://$FLASK_SERVER_ADDR; }\n"
        "location /b { proxy_pass http://${BACKEND}/; }\n"
        "upstream u { server ${SOCKETIO} fail_timeout=0; }\n"
    )
    config = scan("default.conf.template", text)
    assert config.upstreams == ()
    assert [(v.name, v.directive, v.line) for v in config.variables] == [
        ("FLASK_SERVER_ADDR", "proxy_pass", 0),
        ("BACKEND", "proxy_pass", 1),
        ("SOCKETIO", "server", 2),
    ]
    assert [text[v.start : v.end] for v in config.variables] == [
        "$FLASK_SERVER_ADDR",
        "${BACKEND}",
        "${SOCKETIO}",
    ]


def test_nginx_uri_variable_after_the_address() -> None:
    text = "location / { proxy_pass http://api:8080$request_uri; }\n"
    config = scan("nginx.conf", text)
    assert found(config) == [("api", 8080, "proxy_pass")]
    assert config.variables == ()


def test_nginx_unix_sockets_are_skipped() -> None:
    text = (
        "location / { proxy_pass http://unix:/tmp/app.sock:/; }\n"
        "location ~ \\.php$ { fastcgi_pass unix:/run/php/php-fpm.sock; }\n"
    )
    assert scan("nginx.conf", text).upstreams == ()


def test_nginx_ip_literals_are_reported() -> None:
    text = (
        "location / { proxy_pass http://127.0.0.1:9000; }\n"
        "location /6 { proxy_pass http://[::1]:8080; }\n"
    )
    config = scan("nginx.conf", text)
    assert found(config) == [("127.0.0.1", 9000, "proxy_pass"), ("::1", 8080, "proxy_pass")]
    assert text[config.upstreams[1].start : config.upstreams[1].end] == "[::1]:8080"


def test_nginx_set_variable_used_by_proxy_pass() -> None:
    # linuxserver/swag style: resolver + set so nginx starts before the backend.
    text = (
        "location / {\n"
        "    resolver 127.0.0.11 valid=30s;\n"
        "    set $upstream_app web;\n"
        "    set $upstream_port 8080;\n"
        "    set $upstream_proto http;\n"
        "    proxy_pass $upstream_proto://$upstream_app:$upstream_port;\n"
        "}\n"
    )
    config = scan("proxy-confs/web.subdomain.conf", text)
    assert found(config) == [("web", 8080, "set")]
    assert config.upstreams[0].line == 2
    assert {v.name for v in config.variables} == {"upstream_proto", "upstream_app", "upstream_port"}


def test_nginx_set_whole_url() -> None:
    text = (
        'set $target "http://ui:3000";\n'
        'if ($x) { set $target "http://api"; }\n'
        "proxy_pass $target;\n"
    )
    config = scan("nginx.conf", text)
    assert [(u.host, u.port, u.scheme, u.directive) for u in config.upstreams] == [
        ("ui", 3000, "http", "set"),
        ("api", None, "http", "set"),
    ]


def test_nginx_stream_proxy_pass_without_scheme() -> None:
    text = "stream {\n  server {\n    listen 5432;\n    proxy_pass db:5432;\n  }\n}\n"
    config = scan("nginx.conf", text)
    assert [(u.host, u.port, u.scheme, u.line) for u in config.upstreams] == [("db", 5432, None, 3)]


def test_nginx_quoted_and_crlf() -> None:
    text = 'upstream a {\r\n  server "lemmy:8536";\r\n}\r\nlocation / {\r\n  proxy_pass "http://a";\r\n}\r\n'
    config = scan("nginx.conf", text)
    assert [(u.host, u.port, u.line) for u in config.upstreams] == [
        ("lemmy", 8536, 1),
        ("a", None, 4),
    ]


def test_nginx_go_template_does_not_produce_hosts() -> None:
    text = (
        "upstream app {\n"
        "{{ range $c := .Containers }}\n"
        "    server {{ $c.IP }}:{{ $c.Port }};\n"
        "{{ end }}\n"
        "    server fallback:80;\n"
        "}\n"
        "server { location / { proxy_pass http://{{ .Name }}; } }\n"
    )
    config = scan("nginx.tmpl.conf", text)
    assert found(config) == [("fallback", 80, "server")]


def test_nginx_port_that_is_not_a_number() -> None:
    text = "location / { proxy_pass http://api:$api_port/; }\n"
    config = scan("nginx.conf", text)
    assert found(config) == [("api", None, "proxy_pass")]
    u = config.upstreams[0]
    assert text[u.start : u.end] == "api"


# --- Caddy ------------------------------------------------------------------------------


def test_caddy_reverse_proxy_forms() -> None:
    text = (
        "example.com {\n"
        "    reverse_proxy app:8080 App2:8080\n"
        "    reverse_proxy /api/* api:3000\n"
        "    reverse_proxy @websockets ws:6001\n"
        "    reverse_proxy http://web:80\n"
        "    php_fastcgi php:9000\n"
        "    # reverse_proxy ghost:1\n"
        "    reverse_proxy unix//run/app.sock\n"
        "}\n"
    )
    config = scan("Caddyfile", text)
    assert config.kind == "caddy"
    assert found(config) == [
        ("app", 8080, "reverse_proxy"),
        ("app2", 8080, "reverse_proxy"),
        ("api", 3000, "reverse_proxy"),
        ("ws", 6001, "reverse_proxy"),
        ("web", 80, "reverse_proxy"),
        ("php", 9000, "php_fastcgi"),
    ]
    assert config.upstreams[4].scheme == "http"
    assert config.upstreams[1].line == 1


def test_caddy_to_inside_reverse_proxy_block() -> None:
    text = (
        ":80 {\n"
        "    handle /x {\n"
        "        to ignored:1\n"
        "    }\n"
        "    reverse_proxy /api/* {\n"
        "        to api1:3000 api2:3000\n"
        "        lb_policy round_robin\n"
        "        header_up Host {upstream_hostport}\n"
        "    }\n"
        "    reverse_proxy {$UPSTREAM}\n"
        "}\n"
    )
    config = scan("Caddyfile.prod", text)
    assert found(config) == [("api1", 3000, "to"), ("api2", 3000, "to")]
    assert [(v.name, v.directive) for v in config.variables] == [("UPSTREAM", "reverse_proxy")]


def test_caddy_site_addresses_are_not_upstreams() -> None:
    text = ":3000 {\n    reverse_proxy grafana:3000\n}\nlocalhost:8080 {\n    respond 200\n}\n"
    assert found(scan("Caddyfile", text)) == [("grafana", 3000, "reverse_proxy")]


# --- traefik ----------------------------------------------------------------------------


def test_traefik_yaml_services() -> None:
    text = (
        "http:\n"
        "  routers:\n"
        "    whoami:\n"
        "      rule: Host(`whoami.example.com`)\n"
        "      service: whoami-svc\n"
        "  services:\n"
        "    whoami-svc:\n"
        "      loadBalancer:\n"
        "        servers:\n"
        '          - url: "http://WhoAmI:80/"\n'
        "          - url: http://whoami2\n"
        "tcp:\n"
        "  services:\n"
        "    pg:\n"
        "      loadBalancer:\n"
        "        servers:\n"
        '          - address: "db:5432"\n'
    )
    config = scan("rules/dynamic.yml", text)
    assert config.kind == "traefik"
    assert [(u.host, u.port, u.scheme, u.directive, u.group) for u in config.upstreams] == [
        ("whoami", 80, "http", "loadBalancer.servers.url", "whoami-svc"),
        ("whoami2", None, "http", "loadBalancer.servers.url", "whoami-svc"),
        ("db", 5432, None, "loadBalancer.servers.address", "pg"),
    ]
    assert config.upstreams[0].line == 9


def test_traefik_toml() -> None:
    text = (
        "[http.routers.app]\n"
        '  rule = "Host(`app.example.com`)"\n'
        '  service = "app"\n'
        "[[http.services.app.loadBalancer.servers]]\n"
        '  url = "http://app:3000"\n'
        "[http.services.pair.loadBalancer]\n"
        '  servers = [{ url = "http://a:1" }, { url = "http://b:2" }]\n'
        "[http.middlewares.auth.forwardAuth]\n"
        '  address = "http://auth:4181/verify"\n'
    )
    config = scan("dynamic.toml", text)
    assert config.kind == "traefik"
    assert [(u.host, u.port, u.directive, u.group) for u in config.upstreams] == [
        ("app", 3000, "loadBalancer.servers.url", "app"),
        ("a", 1, "loadBalancer.servers.url", "pair"),
        ("b", 2, "loadBalancer.servers.url", "pair"),
        ("auth", 4181, "forwardAuth.address", None),
    ]


def test_traefik_go_template_and_entrypoints() -> None:
    text = (
        "entryPoints:\n"
        "  web:\n"
        '    address: ":80"\n'
        "http:\n"
        "  services:\n"
        "    app:\n"
        "      loadBalancer:\n"
        "        servers:\n"
        "{{ range $i, $e := until 3 }}\n"
        '          - url: "http://app-{{ $i }}:80"\n'
        "{{ end }}\n"
        '          - url: "http://{{ env "API_HOST" }}:80"\n'
        '          - url: "http://static:8080"\n'
        "  middlewares:\n"
        "    auth:\n"
        "      forwardAuth:\n"
        '        address: "http://authelia:9091/api/verify?rd=https://auth.{{env "DOMAIN"}}"\n'
    )
    config = scan("traefik/rules/app.yml", text)
    assert found(config) == [
        ("static", 8080, "loadBalancer.servers.url"),
        ("authelia", 9091, "forwardAuth.address"),
    ]
    assert [v.name for v in config.variables] == ["API_HOST"]


@pytest.mark.parametrize(
    ("labels", "expected"),
    [
        ({"traefik.http.services.web.loadbalancer.server.port": "3000"}, [("web", 3000)]),
        ({"traefik.http.services.Web.loadBalancer.server.port": " 8080 "}, [("Web", 8080)]),
        ({"traefik.tcp.services.pg.loadbalancer.server.port": "5432"}, [("pg", 5432)]),
        ({"traefik.http.services.g.loadbalancer.server.port": "${GRAFANA_PORT}"}, []),
        ({"traefik.port": 80, "traefik.enable": "true"}, [("", 80)]),
        ({"traefik.api.port": "8080"}, [("api", 8080)]),
        ({"traefik.http.routers.web.rule": "Host(`x`)", "traefik.port": True}, []),
        ({"traefik.http.services.x.loadbalancer.server.port": "70000"}, []),
    ],
)
def test_traefik_label_port(labels: dict[str, object], expected: list[tuple[str, int]]) -> None:
    assert traefik_label_port(labels) == expected


# --- haproxy ----------------------------------------------------------------------------


def test_haproxy_servers_in_backends() -> None:
    text = (
        "global\n    log stdout format raw local0\n"
        "resolvers docker\n    nameserver dns1 127.0.0.11:53\n"
        "frontend http\n    bind *:80\n    default_backend web\n"
        "backend web\n"
        "    balance roundrobin\n"
        "    server web1 web1:8080 check  # first\n"
        "    server web2 ipv4@Web2:8080 check resolvers docker\n"
        "    server sock unix@/run/app.sock\n"
        "    server env ${APP_HOST}:80\n"
        "    # server ghost ghost:1\n"
        "    server-template app 1-3 app:3000 check\n"
        "listen stats\n"
        "    bind :8404\n"
        "    server api api\n"
    )
    config = scan("haproxy.cfg", text)
    assert config.kind == "haproxy"
    assert [(u.host, u.port, u.directive, u.group) for u in config.upstreams] == [
        ("web1", 8080, "server (haproxy)", "web"),
        ("web2", 8080, "server (haproxy)", "web"),
        ("app", 3000, "server-template (haproxy)", "web"),
        ("api", None, "server (haproxy)", "stats"),
    ]
    assert [v.name for v in config.variables] == ["APP_HOST"]
    assert config.upstreams[0].line == 9


# --- envoy ------------------------------------------------------------------------------

ENVOY_YAML = """\
static_resources:
  listeners:
  - name: listener_0
    address:
      socket_address:
        address: 0.0.0.0
        port_value: 10000
  clusters:
  - name: service_backend
    type: STRICT_DNS
    load_assignment:
      cluster_name: service_backend
      endpoints:
      - lb_endpoints:
        - endpoint:
            address:
              socket_address:
                address: Backend
                port_value: 8080
        - endpoint:
            address:
              socket_address: { address: backend2, port_value: 8081 }
admin:
  address:
    socket_address: { address: 0.0.0.0, port_value: 9901 }
"""

ENVOY_JSON = """\
{
  "static_resources": {
    "clusters": [
      {
        "name": "api",
        "load_assignment": {
          "cluster_name": "api",
          "endpoints": [{"lb_endpoints": [{"endpoint": {"address": {
            "socket_address": {
              "address": "api-svc",
              "port_value": 9000
            }
          }}}]}]
        }
      }
    ]
  }
}
"""


def test_envoy_yaml() -> None:
    config = scan("envoy.yaml", ENVOY_YAML)
    assert config.kind == "envoy"
    assert [(u.host, u.port, u.directive, u.group, u.line) for u in config.upstreams] == [
        ("backend", 8080, "socket_address", "service_backend", 17),
        ("backend2", 8081, "socket_address", "service_backend", 21),
    ]


def test_envoy_json() -> None:
    config = scan("envoy.json", ENVOY_JSON)
    assert config.kind == "envoy"
    assert [(u.host, u.port, u.group) for u in config.upstreams] == [("api-svc", 9000, "api")]


# --- detection and helpers --------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "text", "kind"),
    [
        ("nginx/nginx.conf", "", "nginx"),
        ("proxy/nginx.conf", "events {}\n", "nginx"),
        ("conf.d/app.conf", "", "nginx"),
        ("site.conf", "location / {\n  proxy_pass http://x;\n}\n", "nginx"),
        ("proxy/conf", "server {\n  listen 80;\n}\n", "nginx"),
        ("templates/default.conf.template", "server {\n}\n", "nginx"),
        ("Caddyfile", "", "caddy"),
        ("caddy/Caddyfile.dev", "", "caddy"),
        ("site.caddy", "", "caddy"),
        ("haproxy/haproxy.cfg", "", "haproxy"),
        ("lb.cfg", "defaults\n    mode http\nbackend b\n    server s s:1\n", "haproxy"),
        ("rules/app.yml", "http:\n  routers:\n    a:\n      rule: Host(`a`)\n", "traefik"),
        ("dyn.toml", "[http.services.a.loadBalancer]\n", "traefik"),
        ("envoy.yaml", ENVOY_YAML, "envoy"),
        (
            "compose.yaml",
            "services:\n  web:\n    labels:\n      traefik.http.routers.a.rule: x\n",
            "unknown",
        ),
        ("traefik/compose.yml", "services:\n  traefik:\n    image: traefik\n", "unknown"),
        ("Dockerfile", "FROM nginx\nRUN echo 'server {' > /x\n", "unknown"),
        ("notes.txt", "hello\n", "unknown"),
    ],
)
def test_detect_kind(path: str, text: str, kind: str) -> None:
    assert detect_kind(path, text) == kind


def test_unknown_kind_and_override() -> None:
    assert scan_proxy_config("readme.txt", "proxy_pass http://a:1") == ProxyConfig("unknown")
    forced = scan_proxy_config("readme.txt", "proxy_pass http://a:1;", kind="nginx")
    assert found(forced) == [("a", 1, "proxy_pass")]


def test_split_address() -> None:
    assert split_address("flask-app:8000") == ("flask-app", 8000, None)
    assert split_address(" http://Backend:3000/api ") == ("backend", 3000, "http")
    assert split_address("db") == ("db", None, None)
    assert split_address("$X") is None
    assert split_address("unix:/run/a.sock") is None


def test_results_are_frozen() -> None:
    u = Upstream("a", 1, None, "server", 0, 3, 0)
    with pytest.raises(AttributeError):
        u.host = "b"  # type: ignore[misc]


FRAGMENTS = [
    "proxy_pass ",
    "server ",
    "upstream ",
    "reverse_proxy ",
    "to ",
    "url: ",
    "url = ",
    "address: ",
    "socket_address:",
    "port_value: ",
    "backend ",
    "http://",
    "grpc://",
    "a",
    "Web1",
    "127.0.0.1",
    "[::1]",
    ":",
    "8080",
    "99999",
    "$",
    "${X}",
    "{$Y}",
    "{{ ",
    " }}",
    "{",
    "}",
    ";",
    "#",
    '"',
    "'",
    "`",
    "/",
    " ",
    "\t",
    "\n",
    "\r\n",
    "- ",
    "[[",
    "]]",
    "unix:",
    "@",
    "servers:",
    "clusters:",
    "loadBalancer:",
    "services:",
    "é",
    "\u2028",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=40))
def test_any_text_scans_without_error(parts: list[str]) -> None:
    text = "".join(parts)
    for kind in ("nginx", "caddy", "traefik", "haproxy", "envoy"):
        check_spans(text, scan_proxy_config("x.conf", text, kind=kind))
    detect_kind("x.yml", text)


# --- the corpus -------------------------------------------------------------------------


def notes(row: dict[str, str]) -> dict[str, str]:
    return dict(item.partition("=")[::2] for item in row.get("notes", "").split(";") if item)


PROXY_ROWS = [r for r in manifest_rows() if r.get("kind") == "proxy-config"]


def test_corpus_has_the_proxy_configs() -> None:
    assert len(PROXY_ROWS) == 11


@pytest.mark.parametrize("row", PROXY_ROWS, ids=[r["file"] for r in PROXY_ROWS])
def test_corpus_proxy_config_upstreams(row: dict[str, str]) -> None:
    text = (CORPUS_REAL / row["file"]).read_text(encoding="utf-8")
    expected = [e for e in notes(row)["upstreams"].split("|") if e]
    for path in (row["path"], row["file"]):  # the original path and the flat name
        config = scan(path, text)
        assert config.kind != "unknown"
        pairs = {(u.host, u.port) for u in config.upstreams}
        names = {v.name for v in config.variables}
        for item in expected:
            if item.startswith("$"):
                assert item[1:] in names, (item, names)
                assert not any("$" in u.host for u in config.upstreams)
                continue
            host, _, port = item.partition(":")
            if port:
                assert (host, int(port)) in pairs, (item, pairs)
            else:
                assert host in config.hosts, (item, config.hosts)


def test_corpus_every_file_every_scanner_is_safe() -> None:
    """No file of the corpus makes any scanner raise or report a span that is not
    host[:port] text, whatever kind it is read as."""
    assert PROXY_ROWS
    for row in manifest_rows():
        text = (CORPUS_REAL / row["file"]).read_text(encoding="utf-8", errors="replace")
        if row["kind"] != "proxy-config":
            assert detect_kind(row["path"], text) == "unknown", row["file"]
        for kind in ("nginx", "caddy", "traefik", "haproxy", "envoy"):
            check_spans(text, scan_proxy_config(row["path"], text, kind=kind))
