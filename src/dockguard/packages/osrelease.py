"""The OS release: etc/os-release, usr/lib/os-release, then alpine-release / debian_version / redhat-release."""

from __future__ import annotations

import re
import shlex

from dockguard.packages._util import read_text
from dockguard.packages.model import Distro

_RH = re.compile(r"^(?P<name>.+?) release (?P<ver>[\d.]+)")
_RH_IDS = {"red hat enterprise linux": "rhel", "centos linux": "centos", "centos stream": "centos",
           "rocky linux": "rocky", "almalinux": "almalinux", "fedora": "fedora", "oracle linux server": "ol",
           "amazon linux": "amzn"}


def parse_os_release(text: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, _, value = line.partition("=")
        try:
            parts = shlex.split(value, posix=True)
            value = parts[0] if parts else ""
        except ValueError:
            value = value.strip().strip("\"'")
        out[key.strip()] = value
    return out


def detect(tree) -> Distro | None:
    for path in ("etc/os-release", "usr/lib/os-release"):
        text = read_text(tree, path, 1 << 16)
        if text:
            kv = parse_os_release(text)
            if kv.get("ID"):
                d = Distro(id=kv["ID"].lower(), version_id=kv.get("VERSION_ID"),
                           codename=kv.get("VERSION_CODENAME"), pretty_name=kv.get("PRETTY_NAME"),
                           id_like=kv.get("ID_LIKE", "").split(), source=path)
                if d.id == "alpine" or (d.id == "debian" and not d.version_id):
                    _refine(tree, d)
                return d
    text = read_text(tree, "etc/alpine-release", 256)
    if text:
        return Distro(id="alpine", version_id=text.strip(), source="etc/alpine-release")
    for path in ("etc/redhat-release", "etc/centos-release", "etc/rocky-release", "etc/almalinux-release",
                 "etc/system-release"):
        text = read_text(tree, path, 1024)
        m = _RH.match(text.strip()) if text else None
        if m:
            name = m.group("name").lower()
            ident = next((v for k, v in _RH_IDS.items() if name.startswith(k)), name.split()[0])
            return Distro(id=ident, version_id=m.group("ver"), pretty_name=text.strip(), source=path)
    text = read_text(tree, "etc/debian_version", 256)
    if text:
        ver = text.strip()
        major = ver.split(".")[0]
        return Distro(id="debian", version_id=major if major.isdigit() else None, codename=None if major.isdigit() else ver.split("/")[0],
                      source="etc/debian_version")
    return None


def _refine(tree, d: Distro) -> None:
    if d.id == "alpine":
        text = read_text(tree, "etc/alpine-release", 256)
        if text and text.strip():
            d.version_id = text.strip()
    elif d.id == "debian":
        text = read_text(tree, "etc/debian_version", 256)
        major = text.strip().split(".")[0] if text else ""
        if major.isdigit():
            d.version_id = major


def osv_ecosystems(d: Distro | None) -> list[str]:
    """The OSV ecosystem names whose advisories apply to this release (most specific first)."""
    if d is None or not d.version_id:
        return []
    v = d.version_id
    major = v.split(".")[0]
    ident = d.id
    if ident == "debian":
        return [f"Debian:{major}"]
    if ident == "ubuntu":
        mm = ".".join(v.split(".")[:2])
        y, _, m = mm.partition(".")
        lts = m == "04" and y.isdigit() and int(y) % 2 == 0
        return [f"Ubuntu:{mm}:LTS", f"Ubuntu:Pro:{mm}:LTS"] if lts else [f"Ubuntu:{mm}"]
    if ident == "alpine":
        return [f"Alpine:v{'.'.join(v.split('.')[:2])}"]
    if ident == "rocky":
        return [f"Rocky Linux:{major}"]
    if ident == "almalinux":
        return [f"AlmaLinux:{major}"]
    if ident in ("rhel", "centos"):
        return [f"Red Hat:{major}"]  # db key: every "Red Hat:<stream>:<major>…" ecosystem
    if ident == "wolfi":
        return ["Wolfi"]
    if ident == "chainguard":
        return ["Chainguard"]
    return []
