"""dpkg: var/lib/dpkg/status and distroless var/lib/dpkg/status.d/*, file lists from info/*.list."""

from __future__ import annotations

import posixpath

from dockguard.packages._util import paragraphs, read_many, read_text
from dockguard.packages.model import Package

STATUS = "var/lib/dpkg/status"
STATUS_D = "var/lib/dpkg/status.d/"
INFO = "var/lib/dpkg/info/"


def parse_status(text: str, location: str) -> list[Package]:
    out = []
    for para in paragraphs(text):
        name = para.get("Package")
        version = para.get("Version")
        if not name or not version:
            continue
        status = para.get("Status")
        if status is not None and status.split()[-1:] not in (["installed"],):
            continue  # config-files, half-installed, not-installed
        src_name, src_version = None, None
        source = para.get("Source")
        if source:
            src_name, _, rest = source.partition(" ")
            rest = rest.strip()
            if rest.startswith("(") and rest.endswith(")"):
                src_version = rest[1:-1].strip()
        pkg = Package(name=name, version=version, type="deb", source_name=src_name or name,
                      source_version=src_version or version, arch=para.get("Architecture"),
                      locations=[location])
        if para.get("Maintainer"):
            pkg.metadata["maintainer"] = para["Maintainer"]
        out.append(pkg)
    return out


def catalog(tree) -> list[Package]:
    packages: list[Package] = []
    text = read_text(tree, STATUS)
    if text is not None:
        packages.extend(parse_status(text, STATUS))
    distroless = [e.path for e in tree.entries() if e.path.startswith(STATUS_D) and e.is_file
                  and "/" not in e.path[len(STATUS_D):] and not e.path.endswith(".md5sums")]
    if distroless:
        for path, data in sorted(read_many(tree, distroless).items()):
            packages.extend(parse_status(data.decode("utf-8", "replace"), path))
    if packages:
        _attach_files(tree, packages)
    return packages


def _attach_files(tree, packages: list[Package]) -> None:
    """Which files each package owns: info/<pkg>[:<arch>].list, or status.d/<pkg>.md5sums (distroless)."""
    wanted: dict[str, Package] = {}
    for p in packages:
        if p.locations and p.locations[0].startswith(STATUS_D):
            base = posixpath.basename(p.locations[0])
            wanted[f"{STATUS_D}{base}.md5sums"] = p
            continue
        wanted[f"{INFO}{p.name}.list"] = p
        if p.arch:
            wanted[f"{INFO}{p.name}:{p.arch}.list"] = p
    present = [path for path in wanted if tree.get(path) is not None]
    for path, data in read_many(tree, present).items():
        p = wanted[path]
        files = []
        for line in data.decode("utf-8", "replace").splitlines():
            if path.endswith(".md5sums"):
                _, _, line = line.partition("  ")
            line = line.strip().lstrip("/")
            if line and line not in (".",):
                files.append(line)
        p.files = (p.files or []) + files
