"""CL105: one host port published twice by containers that run at the same time."""

from __future__ import annotations

from pathlib import Path

import pytest

from composelint.diagnostics import Severity
from tests.rules.support import findings, lines


def _compose(*services: str) -> dict[str, str]:
    return {"compose.yaml": "services:\n" + "".join(services)}


def _svc(name: str, *ports: str, extra: str = "") -> str:
    items = "".join(f'      - "{p}"\n' for p in ports)
    return f"  {name}:\n    image: ghcr.io/acme/{name}:1\n{extra}    ports:\n{items}"


@pytest.mark.parametrize(
    ("first", "second", "clash"),
    [
        ("8080:80", "8080:3000", True),
        ("127.0.0.1:8080:80", "8080:80", True),  # all interfaces clash with any address
        ("0.0.0.0:8080:80", "192.168.1.2:8080:80", True),
        ("[::]:8080:80", "127.0.0.1:8080:80", True),
        ("127.0.0.1:80:80", "192.168.1.2:80:80", False),
        ("127.0.0.1:80:80", "127.0.0.1:80:8080", True),
        ("53:53/udp", "53:53", False),  # another protocol
        ("53:53/udp", "53:5353/udp", True),
        ("8000-8010:8000-8010", "8005:80", True),  # a range takes every port in it
        ("8000-8010:8000-8010", "8011:80", False),
        ("8000-8010:80", "8005:80", False),  # a host range for one port: Docker picks
        ("80", "80", False),  # no host port: Docker picks one
        ("8080:80", "8081:80", False),
    ],
)
def test_two_services(tmp_path: Path, first: str, second: str, clash: bool) -> None:
    files = _compose(_svc("web", first), _svc("api", second))
    assert lines(tmp_path, files, "CL105") == ([9] if clash else [])


def test_sits_on_the_later_publish_with_the_earlier_as_related(tmp_path: Path) -> None:
    files = _compose(_svc("web", "8080:80"), _svc("api", "127.0.0.1:8080:3000"))
    [found] = findings(tmp_path, files, "CL105")
    assert found.severity == Severity.ERROR
    assert (found.span.start.line, found.span.start.column) == (8, 8)  # 0-based
    [related] = found.related
    assert (related.span.start.line, related.span.start.column) == (4, 8)
    assert "127.0.0.1:8080 is already published by service 'web'" in found.message
    assert "service 'api'" in found.message


def test_load_order_is_file_order(tmp_path: Path) -> None:
    files = {
        "compose.yaml": "services:\n" + _svc("web", "8080:80"),
        "compose.override.yaml": "services:\n" + _svc("api", "8080:3000"),
    }
    [found] = findings(tmp_path, files, "CL105")
    assert found.span.path.endswith("compose.override.yaml")
    assert found.related[0].span.path.endswith("compose.yaml")


@pytest.mark.parametrize(
    ("web", "api", "clash"),
    [
        ("[dev]", "[prod]", False),  # never active together
        ("[dev]", "[dev, test]", True),
        ("[dev, ci]", "[test, dev]", True),  # --profile dev starts both
        ("[dev]", None, True),  # a service without profiles always starts
        (None, None, True),
    ],
)
def test_profiles(tmp_path: Path, web: str | None, api: str | None, clash: bool) -> None:
    def profiles(value: str | None) -> str:
        return f"    profiles: {value}\n" if value else ""

    files = _compose(
        _svc("web", "9229:9229", extra=profiles(web)), _svc("api", "9229:9229", extra=profiles(api))
    )
    assert bool(findings(tmp_path, files, "CL105")) is clash


def test_variants_of_one_template_are_not_duplicates(tmp_path: Path) -> None:
    text = (
        "services:\n"
        "  base:\n    image: ghcr.io/acme/app:1\n    ports: ['8080:8080']\n    profiles: [none]\n"
        "  from-image:\n    extends: base\n    profiles: [image]\n"
        "  local-code:\n    extends: base\n    profiles: [local]\n"
    )
    assert findings(tmp_path, {"compose.yaml": text}, "CL105") == []


def test_one_service_twice(tmp_path: Path) -> None:
    files = _compose(_svc("web", "8080:80", "8080:443", "9000:9000", "9000:9000"))
    [found] = findings(tmp_path, files, "CL105")
    assert found.span.start.line == 5
    assert "published twice by service 'web', to container ports 80 and 443" in found.message


@pytest.mark.parametrize("extra", ["    network_mode: host\n", "    network_mode: service:web\n"])
def test_ports_docker_ignores_are_not_duplicates(tmp_path: Path, extra: str) -> None:
    files = _compose(_svc("web", "8080:80"), _svc("api", "8080:80", extra=extra))
    assert findings(tmp_path, files, "CL105") == []


def test_a_port_from_an_unset_variable_is_not_judged(tmp_path: Path) -> None:
    files = _compose(_svc("web", "${PORT}:80"), _svc("api", "${PORT}:80"))
    assert findings(tmp_path, files, "CL105") == []


def test_a_default_is_what_compose_up_uses(tmp_path: Path) -> None:
    files = _compose(_svc("web", "${PORT:-8080}:80"), _svc("api", "8080:80"))
    assert lines(tmp_path, files, "CL105") == [9]


# -- scripts --------------------------------------------------------------------------


def _script(body: str) -> dict[str, str]:
    return {"deploy.sh": "#!/bin/sh\nset -e\n" + body}


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "docker run -d --name web -p 8080:80 nginx:1.27\n"
            "docker run -d --name api -p 8080:3000 ghcr.io/acme/api:2\n",
            [4],
        ),
        (  # the first is removed before the second starts
            "docker run -d --name web -p 8080:80 nginx:1.27\n"
            "docker rm -f web\n"
            "docker run -d --name web -p 8080:80 nginx:1.28\n",
            [],
        ),
        (  # stopped
            "docker run -d --name web -p 8080:80 nginx:1.27\n"
            "docker stop web\n"
            "docker run -d --name api -p 8080:80 nginx:1.28\n",
            [],
        ),
        (  # a function of the script might stop it
            "cleanup() { docker rm -f web; }\n"
            "docker run -d --name web -p 8080:80 nginx:1.27\n"
            "cleanup\n"
            "docker run -d --name api -p 8080:80 nginx:1.28\n",
            [],
        ),
        (  # in the foreground, the first has exited before the next line runs
            "docker run --rm -p 8080:80 ghcr.io/acme/migrate:1\n"
            "docker run -d -p 8080:80 nginx:1.27\n",
            [],
        ),
        (  # two branches
            'if [ "$1" = blue ]; then\n'
            "  docker run -d -p 8080:80 ghcr.io/acme/blue:1\n"
            "else\n"
            "  docker run -d -p 8080:80 ghcr.io/acme/green:1\n"
            "fi\n",
            [],
        ),
        (  # the second runs only when the first failed
            "docker run -d -p 8080:80 nginx:1.27 || docker run -d -p 8080:80 nginx:1.26\n",
            [],
        ),
        (  # docker create does not start it
            "docker create --name web -p 8080:80 nginx:1.27\ndocker run -d -p 8080:80 nginx:1.28\n",
            [],
        ),
        (  # the same branch: both run
            'if [ -n "$DEV" ]; then\n'
            "  docker run -d -p 5432:5432 postgres:16\n"
            "  docker run -d -p 5432:5432 postgres:15\n"
            "fi\n",
            [5],
        ),
        (  # other addresses
            "docker run -d -p 127.0.0.1:80:80 nginx:1.27\n"
            "docker run -d -p 192.168.1.2:80:80 nginx:1.27\n",
            [],
        ),
    ],
)
def test_scripts(tmp_path: Path, body: str, expected: list[int]) -> None:
    assert lines(tmp_path, _script(body), "CL105") == expected


def test_a_script_finding_names_both_containers(tmp_path: Path) -> None:
    files = _script(
        "docker run -d --name web -p 8080:80 nginx:1.27\n"
        "docker run -d --name api -p 8080:3000 ghcr.io/acme/api:2\n"
    )
    [found] = findings(tmp_path, files, "CL105")
    assert "already published by container 'web'" in found.message
    assert "container 'api'" in found.message
    assert found.related[0].span.start.line == 2
