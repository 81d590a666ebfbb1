"""``-v``, ``--mount`` and ``--tmpfs`` values as the model's ``Mount``."""

from __future__ import annotations

from composelint.commands.argv import Option
from composelint.commands.located import origin_of
from composelint.commands.ports import split_fields
from composelint.model.container import Mount
from composelint.model.origin import Path
from composelint.source import Source

PROPAGATION = frozenset({"shared", "rshared", "slave", "rslave", "private", "rprivate"})
_TRUE = frozenset({"", "1", "true"})


def volume(source: Source, option: Option, path: Path, form: str = "container") -> Mount:
    """``-v src:dst[:opts]``: a bind mount when the source is a path (or built from a
    variable or the working directory), else a named volume; ``-v /dst`` is anonymous."""
    text = option.text or ""
    parts = split_fields(text)
    if len(parts) >= 2 and len(parts[0]) == 1 and parts[0].isalpha() and len(parts) > 2:
        parts = [f"{parts[0]}:{parts[1]}", *parts[2:]]  # a Windows drive: C:\data:/data
    options: tuple[str, ...] = ()
    if len(parts) >= 3:
        options = tuple(o for o in parts[-1].split(",") if o)
        parts = [":".join(parts[:-2]), parts[-2]] if len(parts) > 3 else parts[:2]
    if len(parts) == 1:
        return Mount(path, origin_of(source, option, form), False, "volume", None, parts[0], False)
    src, dst = parts[0], parts[1]
    kind = "bind" if _is_path(src) else "volume"
    propagation = next((o for o in options if o in PROPAGATION), None)
    return Mount(
        path,
        origin_of(source, option, form),
        False,
        kind,
        src,
        dst,
        "ro" in options or "readonly" in options,
        options,
        propagation,
    )


def _is_path(src: str) -> bool:
    return src[:1] in ("/", ".", "~", "$", "\\") or (len(src) > 1 and src[1] == ":")


def mount(source: Source, option: Option, path: Path, form: str = "container") -> Mount:
    """``--mount type=bind,source=…,target=…,readonly`` (``src``/``dst``/``ro`` too)."""
    fields: dict[str, str] = {}
    volume_opts: dict[str, str] = {}  # volume-opt=o=bind, volume-opt=device=/x, ...
    for item in _csv(option.text or ""):
        key, _eq, value = item.partition("=")
        if key.strip().lower() == "volume-opt":
            name, _eq, opt = value.partition("=")
            volume_opts[name.strip()] = opt.strip()
        fields[key.strip().lower()] = value.strip()
    kind = fields.get("type", "volume") or "volume"
    device = volume_opts.get("device", "")
    binds = "bind" in [o.strip() for o in volume_opts.get("o", "").split(",")]
    if kind == "volume" and binds and device.startswith("/"):
        # the local driver binding a host path: the same mount as type=bind
        kind, fields["source"] = "bind", device
    read_only = any(fields.get(k, "x").lower() in _TRUE for k in ("readonly", "ro"))
    written = any(fields.get(k, "x").lower() in ("false", "0") for k in ("readonly", "ro"))
    source_path = next((fields[k] for k in ("source", "src") if k in fields), None)
    target = next((fields[k] for k in ("target", "dst", "destination") if k in fields), None)
    tmpfs = tuple(f"{k}={v}" for k, v in fields.items() if k.startswith("tmpfs-"))
    return Mount(
        path,
        origin_of(source, option, form),
        True,
        kind,
        source_path,
        target,
        read_only,
        (),
        fields.get("bind-propagation") or None,
        tmpfs,
        written,
    )


def _csv(text: str) -> list[str]:
    """Comma-separated fields; a field in double quotes may hold commas."""
    items: list[str] = []
    current: list[str] = []
    quoted = False
    for char in text:
        if char == '"':
            quoted = not quoted
        elif char == "," and not quoted:
            items.append("".join(current))
            current = []
            continue
        current.append(char)
    items.append("".join(current))
    return [i.replace('"', "") for i in items if i]


def tmpfs(source: Source, option: Option, path: Path, form: str = "container") -> Mount:
    """``--tmpfs /run:rw,noexec,size=64m``."""
    target, _colon, opts = (option.text or "").partition(":")
    options = tuple(o for o in opts.split(",") if o)
    return Mount(
        path,
        origin_of(source, option, form),
        False,
        "tmpfs",
        None,
        target,
        "ro" in options,
        (),
        None,
        options,
    )
