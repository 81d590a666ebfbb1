"""The suppression comment the quick fix inserts, in each form the parser understands."""

from __future__ import annotations

import pytest

from composelint.diagnostics import make
from composelint.lsp.suppression import suppression_edit
from composelint.source import Source


def suppressed(text: str, kind: str, code: str, needle: str) -> str | None:
    source = Source.from_text("/p/file", text)
    start = text.index(needle)
    diagnostic = make(code, "finding", source.span(start, start + len(needle)))
    edit = suppression_edit(source, kind, diagnostic)
    if edit is None:
        return None
    return text[: edit.start] + edit.new_text + text[edit.end :]


def test_yaml_line_without_a_comment_gets_a_trailing_one():
    text = 'services:\n  web:\n    ports:\n      - "8080:8080"\n'
    assert suppressed(text, "yaml", "CL102", '"8080') == (
        'services:\n  web:\n    ports:\n      - "8080:8080"  # composelint: ignore CL102\n'
    )


def test_yaml_line_with_a_comment_gets_one_above():
    text = 'services:\n  db:\n    ports:\n      - "5432:5432"  # for the app\n'
    assert suppressed(text, "yaml", "CL101", '"5432') == (
        "services:\n  db:\n    ports:\n      # composelint: ignore CL101\n"
        '      - "5432:5432"  # for the app\n'
    )


def test_an_existing_suppression_gets_the_code_added():
    text = "services:\n  db:  # composelint: ignore CL202 -- the DBA knows\n    privileged: true\n"
    assert suppressed(text, "yaml", "CL203", "db") == (
        "services:\n  db:  # composelint: ignore CL202, CL203 -- the DBA knows\n"
        "    privileged: true\n"
    )


def test_crlf_files_keep_their_newlines():
    text = "services:\r\n  db:  # note\r\n    user: root\r\n"
    assert suppressed(text, "yaml", "CL202", "db") == (
        "services:\r\n  # composelint: ignore CL202\r\n  db:  # note\r\n    user: root\r\n"
    )


def test_dockerfile_gets_the_comment_above_the_whole_instruction():
    text = "FROM alpine:3.20\nRUN apk add \\\n    sudo\n"
    assert suppressed(text, "dockerfile", "CL210", "sudo") == (
        "FROM alpine:3.20\n# composelint: ignore CL210\nRUN apk add \\\n    sudo\n"
    )


@pytest.mark.parametrize(
    ("text", "needle", "expected"),
    [
        pytest.param(
            "docker run -p 8080:80 app\n",
            "8080",
            "docker run -p 8080:80 app  # composelint: ignore CL102\n",
            id="one-line command: trailing",
        ),
        pytest.param(
            "docker run -d \\\n  -p 8080:80 \\\n  app\n",
            "8080",
            "# composelint: ignore CL102\ndocker run -d \\\n  -p 8080:80 \\\n  app\n",
            id="never after a continuation: above the command",
        ),
        pytest.param(
            "docker run -d \\\n  -p 8080:80 app\n",
            "8080",
            "docker run -d \\\n  -p 8080:80 app  # composelint: ignore CL102\n",
            id="the command's last line: trailing",
        ),
        pytest.param(
            "if up; then\n  docker run -p 8080:80 app  # the API\nfi\n",
            "8080",
            "if up; then\n  # composelint: ignore CL102\n  docker run -p 8080:80 app  # the API\nfi\n",
            id="a line with a comment: above, indented like the command",
        ),
        pytest.param(
            "build | \\\n  docker run -i -p 8080:80 app \\\n  --rm\n",
            "8080",
            "build | \\\n  docker run -i -p 8080:80 app \\\n  --rm  # composelint: ignore CL102\n",
            id="a command continuing another: trailing on its last line",
        ),
        pytest.param(
            "docker run -p 8080:80 app sh -c 'serve\n  --all'\n",
            "8080",
            "# composelint: ignore CL102\ndocker run -p 8080:80 app sh -c 'serve\n  --all'\n",
            id="a line ending inside a string: above",
        ),
        pytest.param(
            "docker run -d \\\r\n  -p 8080:80 \\\r\n  app\r\n",
            "8080",
            "# composelint: ignore CL102\r\ndocker run -d \\\r\n  -p 8080:80 \\\r\n  app\r\n",
            id="CRLF",
        ),
        pytest.param(
            "# composelint: ignore CL101 -- a reason\ndocker run -d \\\n  -p 8080:80 \\\n  app\n",
            "8080",
            "# composelint: ignore CL101, CL102 -- a reason\n"
            "docker run -d \\\n  -p 8080:80 \\\n  app\n",
            id="a suppression above gets the code",
        ),
    ],
)
def test_shell_suppression_forms(text: str, needle: str, expected: str):
    assert suppressed(text, "shell", "CL102", needle) == expected


@pytest.mark.parametrize("code", ["CL000", "CL001", "CL003", "CL004"])
def test_meta_findings_are_not_suppressible(code: str):
    assert suppressed("services:\n  web:\n    image: x\n", "yaml", code, "web") is None


def test_a_multi_line_string_is_never_cut_by_a_comment():
    # A trailing "#" inside a quoted scalar would be text, not a comment: the edit goes above.
    text = 'services:\n  web:\n    command: "run\n      --port 80"\n'
    result = suppressed(text, "yaml", "CL999", "run")
    assert (
        result
        == 'services:\n  web:\n    # composelint: ignore CL999\n    command: "run\n      --port 80"\n'
    )


@pytest.mark.parametrize(
    ("text", "needle", "expected"),
    [
        pytest.param(
            'import docker\n\ndocker.from_env().containers.run("pg:16", ports={"5432/tcp": 5432})\n',
            "5432}",
            'import docker\n\ndocker.from_env().containers.run("pg:16", ports={"5432/tcp": 5432})'
            "  # composelint: ignore CL102\n",
            id="trailing on the call's line",
        ),
        pytest.param(
            "import docker\n\n\ndef db():\n    docker.from_env().containers.run(\n"
            '        "pg:16", ports={"5432/tcp": 5432}  # the port\n    )\n',
            "5432}",
            "import docker\n\n\ndef db():\n    # composelint: ignore CL102\n"
            '    docker.from_env().containers.run(\n        "pg:16", ports={"5432/tcp": 5432}'
            "  # the port\n    )\n",
            id="a line with a comment: above the call, indented",
        ),
        pytest.param(
            'import docker\nc = docker.from_env()\nc.containers.run("pg:16", \\\n'
            '    ports={"5432/tcp": 5432}, \\\n    detach=True)\n',
            "5432}",
            'import docker\nc = docker.from_env()\n# composelint: ignore CL102\nc.containers.run("pg:16", \\\n'
            '    ports={"5432/tcp": 5432}, \\\n    detach=True)\n',
            id="never after a backslash: above the call's first line",
        ),
        pytest.param(
            'import os\nos.system("""docker run \\\n  -p 8080:8080 web""")\n',
            "8080:",
            'import os\nos.system("""docker run \\\n  -p 8080:8080 web""")'
            "  # composelint: ignore CL102\n",
            id="never inside a string: the call's last line",
        ),
        pytest.param(
            "import docker\n"
            'x = docker.from_env().containers.run("pg", ports={"5432/tcp": 5432})'
            "  # composelint: ignore CL301 -- why\n",
            "5432}",
            "import docker\n"
            'x = docker.from_env().containers.run("pg", ports={"5432/tcp": 5432})'
            "  # composelint: ignore CL301, CL102 -- why\n",
            id="a suppression there gets the code",
        ),
    ],
)
def test_python_suppression_forms(text: str, needle: str, expected: str):
    result = suppressed(text, "python", "CL102", needle)
    assert result == expected
    compile(result, "conftest.py", "exec")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "run:\n\tdocker run -p 8080:80 shop:1.4\n",
            "run:\n\tdocker run -p 8080:80 shop:1.4  # composelint: ignore CL102\n",
            id="trailing on the recipe line",
        ),
        pytest.param(
            "run:\n\tdocker run \\\n\t  -p 8080:80 \\\n\t  shop:1.4\n",
            "run:\n# composelint: ignore CL102\n\tdocker run \\\n\t  -p 8080:80 \\\n\t  shop:1.4\n",
            id="never after a backslash: a make comment above, at the first column",
        ),
    ],
)
def test_makefile_suppression_forms(text: str, expected: str):
    assert suppressed(text, "makefile", "CL102", "8080:80") == expected


@pytest.mark.parametrize(
    ("text", "code", "needle", "expected"),
    [
        pytest.param(
            "Run:\n```sh\ndocker run -p 8080:80 shop:1.4\n```\n",
            "CL102",
            "8080:80",
            "Run:\n<!-- composelint: ignore CL102 -->\n```sh\ndocker run -p 8080:80 shop:1.4\n```\n",
            id="above the fence",
        ),
        pytest.param(
            "1. Run it:\r\n\r\n   ```sh\r\n   docker run -p 8080:80 shop:1.4\r\n   ```\r\n",
            "CL102",
            "8080:80",
            "1. Run it:\r\n\r\n   <!-- composelint: ignore CL102 -->\r\n"
            "   ```sh\r\n   docker run -p 8080:80 shop:1.4\r\n   ```\r\n",
            id="in a list item, CRLF",
        ),
        pytest.param(
            "Run:\n<!-- composelint: ignore CL102 -- a demo -->\n~~~console\n"
            "$ docker run -p 8080:80 -v ./conf:/etc/x shop:1.4\nstarted\n~~~\n",
            "CL301",
            "./conf",
            "Run:\n<!-- composelint: ignore CL102, CL301 -- a demo -->\n~~~console\n"
            "$ docker run -p 8080:80 -v ./conf:/etc/x shop:1.4\nstarted\n~~~\n",
            id="a suppression above gets the code",
        ),
    ],
)
def test_markdown_suppression_forms(text: str, code: str, needle: str, expected: str):
    assert suppressed(text, "markdown", code, needle) == expected


def test_prose_in_markdown_is_never_suppressed():
    assert suppressed("Run `docker run -p 8080:80 shop`.\n", "markdown", "CL102", "8080") is None
