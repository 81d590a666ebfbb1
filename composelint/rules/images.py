"""What an image reference tells about the container it starts."""

from __future__ import annotations

# Databases, caches and queues: reached by other containers, rarely by people.
BACKING_IMAGES = frozenset(
    {
        "postgres",
        "postgis",
        "timescaledb",
        "mysql",
        "mariadb",
        "percona",
        "mongo",
        "mongodb",
        "redis",
        "valkey",
        "keydb",
        "dragonfly",
        "memcached",
        "rabbitmq",
        "nats",
        "kafka",
        "zookeeper",
        "elasticsearch",
        "opensearch",
        "cassandra",
        "couchdb",
        "influxdb",
        "clickhouse-server",
        "etcd",
        "minio",
        "neo4j",
        "cockroach",
        "pgbouncer",
        "activemq",
        "qdrant",
        "meilisearch",
        "typesense",
        "solr",
        "mssql-server",
        "redis-stack",
    }
)

# Reverse proxies: their own 80/443 are public on purpose.
PROXY_IMAGES = frozenset(
    {
        "nginx",
        "traefik",
        "caddy",
        "haproxy",
        "envoy",
        "httpd",
        "openresty",
        "kong",
        "apisix",
        "tyk-gateway",
        "varnish",
        "nginx-proxy",
        "nginx-proxy-manager",
        "swag",
        "apache",
    }
)

# Well-known container ports of backing images (a reference without a port means this one).
DEFAULT_PORTS = {
    "postgres": 5432,
    "postgis": 5432,
    "timescaledb": 5432,
    "mysql": 3306,
    "mariadb": 3306,
    "percona": 3306,
    "mongo": 27017,
    "mongodb": 27017,
    "redis": 6379,
    "valkey": 6379,
    "keydb": 6379,
    "memcached": 11211,
    "rabbitmq": 5672,
    "elasticsearch": 9200,
    "opensearch": 9200,
    "nats": 4222,
    "kafka": 9092,
    "zookeeper": 2181,
    "cassandra": 9042,
    "couchdb": 5984,
    "influxdb": 8086,
    "clickhouse-server": 8123,
    "etcd": 2379,
    "minio": 9000,
    "neo4j": 7687,
    "pgbouncer": 6432,
    "mssql-server": 1433,
    "meilisearch": 7700,
    "qdrant": 6333,
}


def image_name(image: str | None) -> str:
    """The repository's last path part without tag or digest: ``bitnami/redis:7`` -> ``redis``."""
    if not image:
        return ""
    ref = image.split("@", 1)[0]
    last = ref.rsplit("/", 1)[-1]
    return last.split(":", 1)[0].lower()


def image_tag(image: str | None) -> str:
    if not image:
        return ""
    ref = image.split("@", 1)[0]
    last = ref.rsplit("/", 1)[-1]
    return last.split(":", 1)[1].lower() if ":" in last else ""


def is_backing_image(image: str | None) -> bool:
    name = image_name(image)
    return name in BACKING_IMAGES or any(name.startswith(b + "-") for b in BACKING_IMAGES)


def is_proxy_image(image: str | None, extra: tuple[str, ...] = ()) -> bool:
    name = image_name(image)
    return name in PROXY_IMAGES or name in extra


def runs_non_root(image: str | None) -> bool:
    """Images known to run as a non-root user by default."""
    name, tag = image_name(image), image_tag(image)
    return (
        name.endswith("-nonroot")
        or "nonroot" in tag
        or (image is not None and "distroless" in image and "nonroot" in tag)
    )


def repository(image: str | None) -> str:
    """``lscr.io/linuxserver/wireguard:1.0`` -> ``linuxserver/wireguard``; an official
    image bare (``docker.io/library/nextcloud`` -> ``nextcloud``)."""
    if not image:
        return ""
    ref = image.split("@", 1)[0].lower()
    last = ref.rsplit("/", 1)[-1]
    if ":" in last:
        ref = ref[: len(ref) - len(last)] + last.split(":", 1)[0]
    parts = ref.split("/")
    if len(parts) > 1 and ("." in parts[0] or ":" in parts[0] or parts[0] == "localhost"):
        parts = parts[1:]
    if parts[0] == "library" and len(parts) > 1:
        parts = parts[1:]
    return "/".join(parts)
