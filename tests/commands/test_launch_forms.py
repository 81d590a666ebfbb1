"""Which command lines start a container, and which do not."""

from __future__ import annotations

import pytest

from tests.commands.support import launch, launches


@pytest.mark.parametrize(
    ("line", "form", "image"),
    [
        ("docker run nginx:1.27", "docker run", "nginx:1.27"),
        ("docker create nginx:1.27", "docker create", "nginx:1.27"),
        ("docker container run nginx:1.27", "docker container run", "nginx:1.27"),
        ("docker container create nginx:1.27", "docker container create", "nginx:1.27"),
        ("podman run nginx:1.27", "podman run", "nginx:1.27"),
        ("podman create nginx:1.27", "podman create", "nginx:1.27"),
        ("podman container run nginx:1.27", "podman container run", "nginx:1.27"),
        ("nerdctl run nginx:1.27", "nerdctl run", "nginx:1.27"),
        ("/usr/bin/docker run nginx:1.27", "docker run", "nginx:1.27"),
        ("$DOCKER run nginx:1.27", "docker run", "nginx:1.27"),
        ('"${CONTAINER_ENGINE}" run nginx:1.27', "docker run", "nginx:1.27"),
        ("docker -H tcp://10.0.0.5:2376 run nginx:1.27", "docker run", "nginx:1.27"),
        ("docker --host=ssh://me@box run nginx:1.27", "docker run", "nginx:1.27"),
        ("docker --context prod run nginx:1.27", "docker run", "nginx:1.27"),
        ("docker -c prod --debug run nginx:1.27", "docker run", "nginx:1.27"),
        ("docker --log-level debug --tlsverify run nginx:1.27", "docker run", "nginx:1.27"),
        ("podman --remote --connection box run nginx:1.27", "podman run", "nginx:1.27"),
        ("nerdctl -n k8s.io run nginx:1.27", "nerdctl run", "nginx:1.27"),
        ("docker compose run -p 80:80 web", "docker compose run", "web"),
        ("docker compose -f a.yml -p proj run --rm -p 80:80 web", "docker compose run", "web"),
        ("docker-compose run -p 80:80 web", "docker-compose run", "web"),
        ("docker service create --publish 80:80 nginx:1.27", "docker service create", "nginx:1.27"),
    ],
)
def test_launch_forms(line: str, form: str, image: str) -> None:
    found = launch(line)
    assert found.form == form
    assert found.image is not None and found.image.text == image


@pytest.mark.parametrize(
    "text",
    [
        "docker ps -a",
        "docker port web 80",
        "docker exec -it web sh",
        "docker build -t app .",
        "docker logs -f web",
        "docker rm -f web",
        "docker compose up -d",
        "docker service ls",
        "docker container ls",
        "podman pod create -p 80:80",
        'echo "docker run -p 80:80 nginx"',
        "printf 'docker run -p %s nginx\\n' 80:80",
        "# docker run -p 80:80 nginx",
        "cat <<EOF\ndocker run -p 80:80 nginx\nEOF\n",
        "cat <<'EOF'\ndocker run -p 80:80 nginx\nEOF\n",
        "bash <<EOF\ndocker run -p 80:80 nginx\nEOF\n",
        "x='docker run -p 80:80 nginx'",
        "dockerd --ip 0.0.0.0",
        "my-docker run -p 80:80 nginx",
        "docker",
    ],
)
def test_not_launches(text: str) -> None:
    assert launches(text) == ()


@pytest.mark.parametrize(
    "line",
    [
        "sudo docker run -p 80:80 nginx:1.27",
        "sudo -E docker run -p 80:80 nginx:1.27",
        "sudo -u root -g docker docker run -p 80:80 nginx:1.27",
        "sudo --user=root docker run -p 80:80 nginx:1.27",
        "exec docker run -p 80:80 nginx:1.27",
        "env docker run -p 80:80 nginx:1.27",
        "env -i A=1 B=2 docker run -p 80:80 nginx:1.27",
        "time docker run -p 80:80 nginx:1.27",
        "nohup docker run -p 80:80 nginx:1.27 &",
        "command docker run -p 80:80 nginx:1.27",
        "timeout 60 docker run -p 80:80 nginx:1.27",
        "nice -n 5 docker run -p 80:80 nginx:1.27",
        "FOO=1 BAR=2 docker run -p 80:80 nginx:1.27",
        "sudo env nohup docker run -p 80:80 nginx:1.27",
        "true && docker run -p 80:80 nginx:1.27",
        "false || docker run -p 80:80 nginx:1.27",
        "cd /srv; docker run -p 80:80 nginx:1.27",
        "docker run -p 80:80 nginx:1.27 | tee log",
        "(docker run -p 80:80 nginx:1.27)",
        "{ docker run -p 80:80 nginx:1.27; }",
        "start() {\n  docker run -p 80:80 nginx:1.27\n}",
        "function start {\n  docker run -p 80:80 nginx:1.27\n}",
        "if true; then\n  docker run -p 80:80 nginx:1.27\nfi",
        "if false; then :; else docker run -p 80:80 nginx:1.27; fi",
        "for i in 1; do docker run -p 80:80 nginx:1.27; done",
        "while true; do docker run -p 80:80 nginx:1.27; break; done",
        'case "$1" in\n  up) docker run -p 80:80 nginx:1.27 ;;\nesac',
        "id=$(docker run -d -p 80:80 nginx:1.27)",
        "id=`docker run -d -p 80:80 nginx:1.27`",
        'echo "$(docker run -d -p 80:80 nginx:1.27)"',
        "local id=$(docker run -d -p 80:80 nginx:1.27)",
        "cat <<EOF\n$(docker run -d -p 80:80 nginx:1.27)\nEOF\n",
        "docker run \\\n  -p 80:80 \\\n  nginx:1.27",
        "docker run -p 80:80 nginx:1.27 > out.log 2>&1",
    ],
)
def test_launches_wherever_the_shell_runs_a_command(line: str) -> None:
    found = launch(line)
    assert found.image is not None and found.image.text == "nginx:1.27"
    assert [p.target for p in found.service.ports] == ["80"]


def test_the_launch_span_covers_the_prefixes() -> None:
    text = "sudo docker run nginx:1.27\n"
    found = launch(text)
    assert text[found.start : found.end] == "sudo docker run nginx:1.27"


def test_names_are_unique_in_a_script() -> None:
    found = launches(
        "docker run --name db postgres:16\ndocker rm -f db\ndocker run --name db postgres:16\n"
        "docker run redis:7\n"
    )
    assert [f.service.name for f in found] == ["db", "db (line 3)", "redis (line 4)"]
    assert found[0].service.path == ("services", "db")


def test_a_command_line_held_in_a_variable_and_run() -> None:
    text = 'Cmd="docker run -d -p 9090 --name parent app:1"\necho "$Cmd"\n$Cmd\n'
    found = launch(text)
    assert text[found.start : found.end] == "$Cmd"
    (port,) = found.service.ports
    assert port.origin is not None and port.origin.raw == "9090"
    assert text.index("9090") == port.origin.node.start
    assert found.service.name == "parent"


def test_a_quoted_variable_run_as_a_command_is_not_split() -> None:
    assert launches('Cmd="docker run -p 80:80 nginx:1.27"\n"$Cmd"\n') == ()
