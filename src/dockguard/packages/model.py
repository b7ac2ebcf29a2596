"""What the catalogers find: packages, the OS release, and the inventory of one target."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# Package.type values and the OSV ecosystem of language packages.
LANG_ECOSYSTEMS = {
    "python": "PyPI",
    "npm": "npm",
    "go": "Go",
    "maven": "Maven",
    "cargo": "crates.io",
    "gem": "RubyGems",
}
OS_TYPES = ("deb", "apk", "rpm")


@dataclass(slots=True)
class Package:
    name: str
    version: str
    type: str  # deb | apk | rpm | python | npm | go | maven | cargo | gem
    source_name: str | None = None  # dpkg Source:, apk origin, rpm source RPM name
    source_version: str | None = None
    arch: str | None = None
    epoch: int | None = None  # rpm
    release: str | None = None  # rpm
    licenses: list[str] = field(default_factory=list)
    locations: list[str] = field(default_factory=list)  # where it was found (db file, METADATA, binary, lock)
    files: list[str] | None = None  # files an OS package owns (relative paths)
    group: str | None = None  # maven groupId
    purl: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)

    @property
    def is_os(self) -> bool:
        return self.type in OS_TYPES

    @property
    def ecosystem(self) -> str | None:
        return LANG_ECOSYSTEMS.get(self.type)

    @property
    def match_name(self) -> str:
        """The name advisories use: the source package for OS packages, group:artifact for Maven."""
        if self.is_os:
            return self.source_name or self.name
        if self.type == "maven" and self.group:
            return f"{self.group}:{self.name}"
        return self.name

    @property
    def match_version(self) -> str:
        if self.is_os:
            return self.source_version or self.version
        return self.version

    def key(self) -> tuple:
        return (self.type, self.group or "", self.name, self.version, self.arch or "")


@dataclass(slots=True)
class Distro:
    id: str  # os-release ID: debian, ubuntu, alpine, rhel, rocky, almalinux, centos, fedora, …
    version_id: str | None = None
    codename: str | None = None
    pretty_name: str | None = None
    id_like: list[str] = field(default_factory=list)
    source: str | None = None  # the file it was read from

    @property
    def label(self) -> str:
        """`debian-12`, the purl `distro` qualifier."""
        return f"{self.id}-{self.version_id}" if self.version_id else self.id


@dataclass(slots=True)
class Inventory:
    target: str
    distro: Distro | None = None
    packages: list[Package] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dropped: int = 0  # language packages dropped because an OS package owns their files

    def by_type(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for p in self.packages:
            out[p.type] = out.get(p.type, 0) + 1
        return out
