"""Python: installed distributions (*.dist-info/METADATA, *.egg-info[/PKG-INFO]) and lock files
(requirements*.txt pinned with ==, poetry.lock, uv.lock, Pipfile.lock)."""

from __future__ import annotations

import json
import posixpath
import re
from email.parser import HeaderParser

from dockguard.packages.model import Package

_NORM = re.compile(r"[-_.]+")
LOCKS = ("poetry.lock", "uv.lock", "Pipfile.lock")


def normalize(name: str) -> str:
    """PEP 503 name: lowercase, runs of -_. as one dash."""
    return _NORM.sub("-", name).lower()


def is_metadata(path: str) -> bool:
    base = posixpath.basename(path)
    parent = posixpath.basename(posixpath.dirname(path))
    if base == "METADATA" and parent.endswith(".dist-info"):
        return True
    if base == "PKG-INFO" and (parent.endswith(".egg-info") or parent == "EGG-INFO"):
        return True
    return base.endswith(".egg-info") and "/" in path  # a single-file egg-info


def is_lock(path: str) -> bool:
    base = posixpath.basename(path)
    return base in LOCKS or (base.startswith("requirements") and base.endswith(".txt"))


def parse_metadata(data: bytes, location: str) -> Package | None:
    head = data.split(b"\n\n", 1)[0].decode("utf-8", "replace")
    msg = HeaderParser().parsestr(head)
    name, version = msg.get("Name"), msg.get("Version")
    if not name or not version:
        return None
    p = Package(name=normalize(name.strip()), version=version.strip(), type="python", locations=[location])
    p.metadata["display_name"] = name.strip()
    lic = msg.get("License-Expression") or msg.get("License")
    if lic and len(lic) < 100 and "\n" not in lic.strip():
        p.licenses = [lic.strip()]
    return p


def owned_paths(path: str) -> list[str]:
    """The paths of a dist-info's own package (from RECORD), for OS-ownership checks: its METADATA file."""
    return [path]


_REQ = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?\s*===?\s*([A-Za-z0-9!+._*-]+)\s*(;.*)?$")


def parse_requirements(text: str, location: str) -> list[Package]:
    out = []
    for line in text.splitlines():
        line = line.split(" #", 1)[0].strip()
        if not line or line.startswith(("#", "-")):
            continue
        line = line.split("\\", 1)[0].strip()
        m = _REQ.match(line)
        if m and "*" not in m.group(3):
            out.append(Package(name=normalize(m.group(1)), version=m.group(3), type="python", locations=[location]))
    return out


def parse_lock(path: str, data: bytes) -> list[Package]:
    base = posixpath.basename(path)
    text = data.decode("utf-8", "replace")
    if base.startswith("requirements"):
        return parse_requirements(text, path)
    if base == "Pipfile.lock":
        doc = json.loads(text)
        out = []
        for section in ("default", "develop"):
            for name, spec in (doc.get(section) or {}).items():
                ver = (spec or {}).get("version", "") if isinstance(spec, dict) else ""
                if ver.startswith("=="):
                    p = Package(name=normalize(name), version=ver[2:], type="python", locations=[path])
                    if section == "develop":
                        p.metadata["dev"] = True
                    out.append(p)
        return out
    import tomllib

    doc = tomllib.loads(text)
    out = []
    for item in doc.get("package") or []:
        name, ver = item.get("name"), item.get("version")
        if not name or not ver:
            continue
        src = item.get("source")
        if base == "uv.lock" and isinstance(src, dict) and ("editable" in src or "virtual" in src):
            continue  # the project itself
        out.append(Package(name=normalize(name), version=str(ver), type="python", locations=[path]))
    return out
