"""Which options of the container command lines take a value.

Finding the image of ``docker run -it --rm -p 80:80 -v x:/y nginx sh`` needs to know
that ``-p`` and ``-v`` take the next word and ``-i``, ``-t`` and ``--rm`` do not.  The
tables follow the option lists of the Docker CLI reference (``docker container run``,
``docker service create``, ``docker compose run``, the global options of ``docker``),
with podman's and nerdctl's extras where they differ.  A long option that no table
knows is taken to need a value (most do); a short one that no table knows is taken
to be a switch.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class OptionTable:
    """One command's options: short letters to long names, and the long switches."""

    shorts: dict[str, str]  # "p" -> "publish"
    switches: frozenset[str]  # long names that take no value
    short_switches: frozenset[str] = frozenset()  # letters without a long name, no value

    def long(self, letter: str) -> str:
        return self.shorts.get(letter, letter)

    def takes_value(self, name: str) -> bool:
        if len(name) == 1:
            return name in self.shorts and self.shorts[name] not in self.switches
        return name not in self.switches


# -- docker container run / create (and podman, nerdctl) -----------------------------

RUN = OptionTable(
    shorts={
        "a": "attach",
        "c": "cpu-shares",
        "d": "detach",
        "e": "env",
        "h": "hostname",
        "i": "interactive",
        "l": "label",
        "m": "memory",
        "p": "publish",
        "P": "publish-all",
        "q": "quiet",
        "t": "tty",
        "u": "user",
        "v": "volume",
        "w": "workdir",
    },
    switches=frozenset(
        {
            # docker
            "detach",
            "disable-content-trust",
            "help",
            "init",
            "interactive",
            "no-healthcheck",
            "oom-kill-disable",
            "privileged",
            "publish-all",
            "quiet",
            "read-only",
            "rm",
            "sig-proxy",
            "tty",
            "use-api-socket",
            # podman
            "env-host",
            "http-proxy",
            "no-hostname",
            "no-hosts",
            "passwd",
            "read-only-tmpfs",
            "replace",
            "rmi",
            "rootfs",
            "tls-verify",
            "unsetenv-all",
        }
    ),
)

# -- docker compose run --------------------------------------------------------------

COMPOSE_RUN = OptionTable(
    shorts={
        "d": "detach",
        "e": "env",
        "i": "interactive",
        "l": "label",
        "p": "publish",
        "P": "service-ports",
        "T": "no-TTY",
        "t": "tty",
        "u": "user",
        "v": "volume",
        "w": "workdir",
    },
    switches=frozenset(
        {
            "build",
            "detach",
            "help",
            "interactive",
            "no-deps",
            "no-TTY",
            "quiet-build",
            "quiet-pull",
            "remove-orphans",
            "rm",
            "service-ports",
            "tty",
            "use-aliases",
        }
    ),
)

# -- docker service create -----------------------------------------------------------

SERVICE_CREATE = OptionTable(
    shorts={
        "d": "detach",
        "e": "env",
        "l": "label",
        "p": "publish",
        "q": "quiet",
        "t": "tty",
        "u": "user",
        "w": "workdir",
    },
    switches=frozenset(
        {
            "detach",
            "help",
            "init",
            "no-healthcheck",
            "no-resolve-image",
            "quiet",
            "read-only",
            "tty",
            "with-registry-auth",
        }
    ),
)

# -- docker network create ------------------------------------------------------------

NETWORK_CREATE = OptionTable(
    shorts={"d": "driver", "o": "opt"},
    switches=frozenset(
        {"attachable", "config-only", "help", "ingress", "internal", "ipv4", "ipv6"}
    ),
)

# -- options before the subcommand ---------------------------------------------------

GLOBAL = {
    "docker": OptionTable(
        shorts={"c": "context", "D": "debug", "H": "host", "l": "log-level", "v": "version"},
        switches=frozenset({"debug", "help", "tls", "tlsverify", "version"}),
    ),
    "podman": OptionTable(
        shorts={"c": "connection", "r": "remote", "v": "version"},
        switches=frozenset(
            {"help", "noout", "remote", "syslog", "transient-store", "version", "debug"}
        ),
    ),
    "nerdctl": OptionTable(
        shorts={"a": "address", "H": "host", "n": "namespace", "v": "version"},
        switches=frozenset(
            {"debug", "debug-full", "experimental", "help", "insecure-registry", "version"}
        ),
    ),
}

COMPOSE_GLOBAL = OptionTable(
    shorts={"f": "file", "p": "project-name"},
    switches=frozenset({"all-resources", "compatibility", "dry-run", "help", "version"}),
)
