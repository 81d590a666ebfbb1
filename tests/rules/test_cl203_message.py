"""CL203 says what a privileged service likely needs instead, from its image."""

from __future__ import annotations

from pathlib import Path

import pytest

from composelint.run.engine import run


@pytest.mark.parametrize(
    ("image", "grant"),
    [
        ("tailscale/tailscale:v1.76", "cap_add: [NET_ADMIN] and devices: [/dev/net/tun]"),
        ("lscr.io/linuxserver/jellyfin:10.10", "devices: [/dev/dri]"),
        ("ghcr.io/home-assistant/home-assistant:2024.12", "naming the radio adapter"),
        ("docker:27-dind", "docker:dind-rootless"),
        ("example/app:1.2", "cap_add with only the capabilities it needs"),
    ],
)
def test_the_message_names_a_narrower_grant(tmp_path: Path, image: str, grant: str) -> None:
    (tmp_path / "compose.yml").write_text(
        f"services:\n  svc:\n    image: {image}\n    privileged: true\n", encoding="utf-8"
    )
    [finding] = [d for d in run([str(tmp_path)], environ={}).diagnostics if d.code == "CL203"]
    assert finding.message.startswith("service 'svc' runs privileged: it gets every capability")
    assert "grant what it needs instead: " in finding.message and grant in finding.message
