"""Peer rule id -> composelint code(s), or not carried with the reason.

A row is ``(codes, counted, note)``:

- ``codes``: the composelint codes whose finding answers the peer's finding (any one of
  them counts), or ``()`` when composelint has no rule for it;
- ``counted``: the peer rule is about security or about what docker compose refuses,
  so its tests are scored; style and ordering rules are not;
- ``note``: where composelint differs, or why the rule is not carried.
"""

from __future__ import annotations

Row = tuple[tuple[str, ...], bool, str]

COMPOSE_LINT: dict[str, Row] = {
    "CL-0001": (
        ("CL302", "CL303"),
        True,
        "the Docker, Podman and containerd sockets and the directories holding them "
        "(/run, /var/run) are CL302; / and /var are CL303",
    ),
    "CL-0002": (("CL203",), True, ""),
    "CL-0003": (("CL207",), True, "opt-in (hardening group)"),
    "CL-0004": (("CL401",), True, ""),
    "CL-0005": (
        ("CL102", "CL101"),
        True,
        "a publish used only by other containers is CL101 instead; a reverse proxy's "
        "host ports 80/443/8443 are not flagged",
    ),
    "CL-0006": (("CL208",), True, "opt-in (hardening group)"),
    "CL-0007": (("CL304",), True, "opt-in (hardening group)"),
    "CL-0008": (("CL103",), True, ""),
    "CL-0009": (("CL206",), True, ""),
    "CL-0010": (("CL205",), True, "also covers uts and userns_mode: host"),
    "CL-0011": (("CL204",), True, "one rule for every dangerous capability"),
    "CL-0013": (("CL303", "CL302"), True, ""),
    "CL-0014": (("CL406",), True, ""),
    "CL-0016": (("CL209",), True, "every host device, not only a list of dangerous ones"),
    "CL-0017": (("CL306",), True, ""),
    "CL-0018": (("CL202",), True, "also follows build: into the Dockerfile's USER"),
    "CL-0019": (("CL402",), True, "opt-in (hardening group)"),
    "CL-0020": (("CL403",), True, "the message masks the value"),
    "CL-0021": (("CL403",), True, "the message masks the value"),
    "CL-0022": (("CL305",), True, ""),
    "CL-0024": (("CL204",), True, "one rule for every dangerous capability"),
    "CL-0025": (("CL303", "CL302"), True, "writable or read-only: the path is the finding"),
    "CL-0026": (("CL407",), True, "opt-in (hardening group)"),
    "CL-0027": (("CL204",), True, "one rule for every dangerous capability"),
    "CL-0028": (("CL204",), True, "one rule for every dangerous capability"),
    "CL-0029": (("CL204",), True, "one rule for every dangerous capability"),
    "CL-0030": (("CL204",), True, "one rule for every dangerous capability"),
}

DCLINT: dict[str, Row] = {
    "no-duplicate-exported-ports": (
        ("CL105",),
        True,
        "compose up fails; CL105 skips services in profiles that never start together",
    ),
    "no-unbound-port-interfaces": (
        ("CL102", "CL101"),
        True,
        "a publish used only by other containers is CL101 instead",
    ),
    "service-image-require-explicit-tag": (
        ("CL401",),
        True,
        "custom prohibited tags are not an option",
    ),
    "no-duplicate-container-names": (
        ("CL005",),
        True,
        "compose refuses the project; profiles never enabled together are no clash",
    ),
    "service-container-name-regex": (
        ("CL005", "CL002"),
        True,
        "Docker refuses the name; the schema's own pattern (CL002) catches some",
    ),
    "no-build-and-image": (
        (),
        False,
        "not carried: build and image together is valid compose "
        "(the built image is tagged with that name)",
    ),
    "no-quotes-in-volumes": ((), False, "not carried: quoting style"),
    "require-quotes-in-ports": ((), False, "not carried: quoting style (CL005 checks the value)"),
    "no-version-field": ((), False, "not carried: compose ignores the obsolete field"),
    "require-project-name-field": ((), False, "not carried: a project convention"),
    "service-dependencies-alphabetical-order": ((), False, "not carried: ordering"),
    "service-keys-order": ((), False, "not carried: ordering"),
    "service-ports-alphabetical-order": ((), False, "not carried: ordering"),
    "services-alphabetical-order": ((), False, "not carried: ordering"),
    "top-level-properties-order": ((), False, "not carried: ordering"),
}

HADOLINT: dict[str, Row] = {
    "DL3002": (("CL201",), True, "final stage only, as hadolint"),
    "DL3004": (("CL210",), True, ""),
    "DL3006": (("CL401",), True, ""),
    "DL3007": (("CL401",), True, "CL401 also flags other tags that name no version"),
}

PEERS: dict[str, dict[str, Row]] = {
    "compose-lint": COMPOSE_LINT,
    "dclint": DCLINT,
    "hadolint": HADOLINT,
}
