"""Go: module build info of Go binaries (`\\xff Go buildinf:`, Go ≥ 1.18 layout) and go.mod/go.sum."""

from __future__ import annotations

import posixpath
import re

from dockguard.packages.model import Package

MAGIC = b"\xff Go buildinf:"
ELF = b"\x7fELF"
MIN_SIZE = 1 << 16
MAX_READ = 256 << 20


def _varint(data: bytes, pos: int) -> tuple[int, int]:
    value = shift = 0
    while pos < len(data):
        b = data[pos]
        pos += 1
        value |= (b & 0x7F) << shift
        if not b & 0x80:
            return value, pos
        shift += 7
        if shift > 63:
            break
    raise ValueError("bad varint")


def read_buildinfo(data: bytes) -> tuple[str, str] | None:
    """(go version, modinfo text) of a Go binary, or None (not Go, or pre-1.18 pointer layout)."""
    i = data.find(MAGIC)
    while i >= 0 and i % 16:
        i = data.find(MAGIC, i + 1)
    if i < 0 or i + 32 > len(data):
        return None
    flags = data[i + 15]
    if not flags & 2:
        return None  # Go < 1.18: pointers into the data segment (not read)
    try:
        n, pos = _varint(data, i + 32)
        version = data[pos:pos + n].decode("utf-8", "replace")
        pos += n
        n, pos = _varint(data, pos)
        mod = data[pos:pos + n]
    except ValueError:
        return None
    if len(mod) >= 33 and mod[-17] == 0x0A:
        mod = mod[16:-16]
    return version, mod.decode("utf-8", "replace")


def parse_modinfo(go_version: str, modinfo: str, location: str) -> list[Package]:
    out: list[Package] = []
    main: Package | None = None
    settings: dict[str, str] = {}
    for line in modinfo.splitlines():
        parts = line.split("\t")
        if parts[0] == "mod" and len(parts) >= 3:
            main = Package(name=parts[1], version=parts[2], type="go", locations=[location])
            main.metadata["main"] = True
        elif parts[0] == "dep" and len(parts) >= 3:
            out.append(Package(name=parts[1], version=parts[2], type="go", locations=[location]))
        elif parts[0] == "=>" and len(parts) >= 3 and out:
            prev = out[-1]
            prev.metadata["replaced_by"] = parts[1]
            if not parts[1].startswith((".", "/")):
                out[-1] = Package(name=parts[1], version=parts[2], type="go", locations=[location],
                                  metadata={"replaces": prev.name})
        elif parts[0] == "build" and len(parts) >= 2:
            k, _, v = parts[1].partition("=")
            settings[k] = v
    pkgs = []
    if main is not None and main.version not in ("(devel)", ""):
        pkgs.append(main)
    pkgs.extend(out)
    if go_version.startswith("go"):
        std = Package(name="stdlib", version="v" + go_version[2:].split(" ")[0].split("-")[0], type="go",
                      locations=[location])
        std.metadata["toolchain"] = go_version
        pkgs.append(std)
    for p in pkgs:
        if settings.get("vcs.revision"):
            p.metadata.setdefault("vcs.revision", settings["vcs.revision"])
    return pkgs


def parse_binary(data: bytes, location: str) -> list[Package]:
    info = read_buildinfo(data)
    if info is None:
        return []
    return parse_modinfo(info[0], info[1], location)


_REQ = re.compile(r"^\s*([^\s()]+)\s+(v[^\s]+)(\s*//\s*indirect)?")


def parse_gomod(text: str, location: str) -> list[Package]:
    out: dict[str, Package] = {}
    replaces: dict[str, tuple[str, str]] = {}
    block = None
    for raw in text.splitlines():
        line = raw.split("//", 1)[0].rstrip() if "// indirect" not in raw else raw.rstrip()
        stripped = line.strip()
        if block:
            if stripped == ")":
                block = None
                continue
            _stmt(block, stripped, out, replaces, location)
            continue
        for kw in ("require", "replace"):
            if stripped.startswith(kw + " ") or stripped.startswith(kw + "("):
                rest = stripped[len(kw):].strip()
                if rest == "(":
                    block = kw
                else:
                    _stmt(kw, rest, out, replaces, location)
    for name, (new, ver) in replaces.items():
        if name in out and ver and not new.startswith((".", "/")):
            out[name] = Package(name=new, version=ver, type="go", locations=[location], metadata={"replaces": name})
    return list(out.values())


def _stmt(kind: str, text: str, out, replaces, location) -> None:
    if kind == "require":
        m = _REQ.match(text)
        if m:
            p = Package(name=m.group(1), version=m.group(2), type="go", locations=[location])
            if m.group(3):
                p.metadata["indirect"] = True
            out[p.name] = p
    elif "=>" in text:
        left, _, right = text.partition("=>")
        lname = left.split()[0] if left.split() else ""
        r = right.split()
        if lname and r:
            replaces[lname] = (r[0], r[1] if len(r) > 1 else "")


def parse_gosum(text: str, location: str) -> list[Package]:
    out: dict[str, Package] = {}
    for line in text.splitlines():
        parts = line.split()
        if len(parts) >= 2:
            ver = parts[1].removesuffix("/go.mod")
            out[parts[0]] = Package(name=parts[0], version=ver, type="go", locations=[location])
    return list(out.values())


def is_lock(path: str) -> bool:
    return posixpath.basename(path) in ("go.mod", "go.sum")
