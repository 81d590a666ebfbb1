"""The ``map`` command: the same paths, discovery, configuration and projects as
``check``; exit 0 when the map was drawn (it is a report), 2 on a usage or
configuration error or an unreadable path."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any


def run_map(args: Any) -> int:
    from composelint.config import ConfigError, find_config, load_config
    from composelint.map.build import build_map
    from composelint.map.render import render
    from composelint.output.style import wants_color
    from composelint.output.terminal import printable
    from composelint.rules.registry import RegistryError
    from composelint.rules.selection import known_codes

    try:
        config = load_config(
            Path(args.config_file) if args.config_file else find_config(), known_codes()
        )
    except (ConfigError, RegistryError) as exc:
        sys.stderr.write(f"composelint: error: {exc}\n")
        return 2
    if args.unsafe_fixes and not args.after_fix:
        sys.stderr.write("composelint: error: --unsafe-fixes draws a map with --after-fix\n")
        return 2
    paths = args.paths or ["."]
    missing = [p for p in paths if not os.path.exists(p)]
    for path in missing:
        sys.stderr.write(f"{path}: error: No such file or directory\n")
    graph = build_map(paths, config=config, after_fix=args.after_fix, unsafe=args.unsafe_fixes)
    color = args.output_format == "text" and wants_color(args.color, sys.stdout, os.environ)
    sys.stdout.write(render(graph, args.output_format, color=color, escape=printable))
    return 2 if missing else 0
