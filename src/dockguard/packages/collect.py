"""Run every cataloger over one tree: OS release and OS packages first, then language packages
(skipping files an OS package owns), then lock files; dedupe; attach purls."""

from __future__ import annotations

import posixpath

from dockguard.packages import apk, dpkg, golang, java, node, osrelease, python, rpm
from dockguard.packages.model import Inventory, Package
from dockguard.packages._util import read_many
from dockguard.packages.purl import purl_for

SKIP_DIRS = ("proc/", "sys/", "dev/", ".git/")
MAX_LANG_FILE = 64 << 20
# Small files the image loader keeps in memory during its single pass over the layers.
KEEP_PATTERNS = [
    "var/lib/dpkg/info/*.list",
    "var/lib/dpkg/status.d/*",
    "*.dist-info/METADATA",
    "*.egg-info/PKG-INFO",
    "*.egg-info",
    "*node_modules/*/package.json",
    "*node_modules/@*/*/package.json",
    "*/go.mod",
    "*/pom.xml",
    "*/requirements*.txt",
    "*/poetry.lock",
    "*/uv.lock",
    "*/Pipfile.lock",
    "*/package-lock.json",
    "*/yarn.lock",
    "*/pnpm-lock.yaml",
]


def catalog(tree, target: str = "", *, lockfiles: bool = True, binaries: bool = True) -> Inventory:
    inv = Inventory(target=target)
    inv.distro = osrelease.detect(tree)
    os_pkgs: list[Package] = []
    for name, fn in (("dpkg", dpkg.catalog), ("apk", apk.catalog)):
        try:
            os_pkgs.extend(fn(tree))
        except (ValueError, UnicodeError) as exc:
            inv.errors.append(f"{name}: {exc}")
    os_pkgs.extend(rpm.catalog(tree, inv.errors))
    owned = _owned_files(tree, os_pkgs)

    metas, locks, exes, jars = [], [], [], []
    for e in tree.entries():
        path = e.path
        if not e.is_file or path.startswith(SKIP_DIRS) or "/.git/" in path:
            continue
        if python.is_metadata(path):
            metas.append(path)
        elif node.is_installed_manifest(path):
            metas.append(path)
        elif lockfiles and (python.is_lock(path) or node.is_lock(path) or golang.is_lock(path)
                            or posixpath.basename(path) == "pom.xml"):
            locks.append(path)
        elif java.is_archive(path):
            jars.append(path)
        elif binaries and e.mode & 0o111 and e.size >= golang.MIN_SIZE:
            exes.append(path)

    lang: list[Package] = []
    dropped = 0

    def is_owned(path: str) -> bool:
        if path in owned:
            return True
        if python.is_metadata(path):  # the dist-info/egg-info directory is what OS packages list
            return posixpath.dirname(path) in owned or path in owned
        return False

    keep_metas = []
    for path in metas:
        if is_owned(path):
            dropped += 1
        else:
            keep_metas.append(path)
    for path, data in _read(tree, keep_metas).items():
        p = python.parse_metadata(data, path) if python.is_metadata(path) else node.parse_manifest(data, path)
        if p is not None:
            lang.append(p)
    for path, data in _read(tree, [p for p in jars if p not in owned], limit=java.MAX_ARCHIVE).items():
        lang.extend(java.parse_archive(data, path))
    for path in [p for p in jars if p in owned]:
        dropped += 1
    exe_candidates = [p for p in exes if p not in owned]
    for path, data in _read(tree, exe_candidates, limit=golang.MAX_READ).items():
        if data[:4] == golang.ELF or data[:2] == b"MZ" or data[:4] in (b"\xcf\xfa\xed\xfe", b"\xfe\xed\xfa\xcf"):
            lang.extend(golang.parse_binary(data, path))
    if locks:
        gomod_dirs = {posixpath.dirname(p) for p in locks if p.endswith("go.mod")}
        for path, data in sorted(_read(tree, locks).items()):
            base = posixpath.basename(path)
            try:
                if base == "go.mod":
                    lang.extend(golang.parse_gomod(data.decode("utf-8", "replace"), path))
                elif base == "go.sum":
                    if posixpath.dirname(path) not in gomod_dirs:
                        lang.extend(golang.parse_gosum(data.decode("utf-8", "replace"), path))
                elif base == "pom.xml":
                    lang.extend(java.parse_pom(data, path))
                elif python.is_lock(path):
                    lang.extend(python.parse_lock(path, data))
                elif node.is_lock(path):
                    lang.extend(node.parse_lock(path, data))
            except Exception as exc:  # one malformed lock file never stops the others
                inv.errors.append(f"{path}: cannot parse: {type(exc).__name__}: {exc}"[:300])

    inv.packages = _dedupe(os_pkgs) + _dedupe(lang)
    inv.dropped = dropped
    for p in inv.packages:
        p.purl = purl_for(p, inv.distro)
    return inv


def _owned_files(tree, os_pkgs: list[Package]) -> set[str]:
    """Every file an OS package owns, also under its real path (merged /usr: bin/bash is usr/bin/bash)."""
    owned: set[str] = set()
    for p in os_pkgs:
        if p.files:
            owned.update(p.files)
    resolve = getattr(tree, "resolve", None)
    if resolve is None:
        return owned
    linked: dict[str, str | None] = {}
    extra = set()
    for path in owned:
        head, sep, rest = path.partition("/")
        if not sep:
            continue
        if head not in linked:
            e = tree.get(head)
            linked[head] = resolve(head) if e is not None and e.type == "symlink" else None
        real = linked[head]
        if real:
            extra.add(f"{real}/{rest}")
    owned |= extra
    return owned


def _read(tree, paths: list[str], limit: int | None = MAX_LANG_FILE) -> dict[str, bytes]:
    return read_many(tree, paths, limit) if paths else {}


def _dedupe(pkgs: list[Package]) -> list[Package]:
    seen: dict[tuple, Package] = {}
    for p in pkgs:
        k = p.key()
        if k in seen:
            for loc in p.locations:
                if loc not in seen[k].locations:
                    seen[k].locations.append(loc)
        else:
            seen[k] = p
    return sorted(seen.values(), key=lambda p: (p.type, p.group or "", p.name, p.version))
