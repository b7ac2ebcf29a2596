"""Node: installed packages (node_modules/**/package.json) and lock files (package-lock.json v1–v3,
yarn.lock v1 and berry, pnpm-lock.yaml)."""

from __future__ import annotations

import json
import posixpath
import re

from dockguard.packages.model import Package

LOCKS = ("package-lock.json", "npm-shrinkwrap.json", "yarn.lock", "pnpm-lock.yaml")


def is_installed_manifest(path: str) -> bool:
    """node_modules/<name>/package.json or node_modules/@scope/<name>/package.json (the package root)."""
    if not path.endswith("/package.json"):
        return False
    parts = path.split("/")
    if len(parts) >= 3 and parts[-3] == "node_modules":
        return True
    return len(parts) >= 4 and parts[-4] == "node_modules" and parts[-3].startswith("@")


def is_lock(path: str) -> bool:
    return posixpath.basename(path) in LOCKS and "/node_modules/" not in "/" + path


def parse_manifest(data: bytes, location: str) -> Package | None:
    try:
        doc = json.loads(data)
    except ValueError:
        return None
    if not isinstance(doc, dict):
        return None
    name, version = doc.get("name"), doc.get("version")
    if not isinstance(name, str) or not isinstance(version, str) or not name or not version:
        return None
    p = Package(name=name, version=version, type="npm", locations=[location])
    lic = doc.get("license")
    if isinstance(lic, str):
        p.licenses = [lic]
    elif isinstance(lic, dict) and isinstance(lic.get("type"), str):
        p.licenses = [lic["type"]]
    return p


def _name_from_path(key: str) -> str:
    i = key.rfind("node_modules/")
    return key[i + len("node_modules/"):] if i >= 0 else key


def parse_package_lock(data: bytes, location: str) -> list[Package]:
    doc = json.loads(data)
    out: dict[tuple, Package] = {}
    packages = doc.get("packages")
    if isinstance(packages, dict):  # v2, v3
        for key, spec in packages.items():
            if not key or not isinstance(spec, dict) or spec.get("link"):
                continue
            name = spec.get("name") or _name_from_path(key)
            ver = spec.get("version")
            if name and isinstance(ver, str) and "node_modules/" in key:
                p = Package(name=name, version=ver, type="npm", locations=[location])
                if spec.get("dev"):
                    p.metadata["dev"] = True
                out.setdefault((name, ver), p)
        return list(out.values())

    def walk(deps):  # v1: nested dependencies
        for name, spec in (deps or {}).items():
            if not isinstance(spec, dict):
                continue
            ver = spec.get("version")
            if isinstance(ver, str) and not ver.startswith(("file:", "git", "http")):
                p = Package(name=name, version=ver, type="npm", locations=[location])
                if spec.get("dev"):
                    p.metadata["dev"] = True
                out.setdefault((name, ver), p)
            walk(spec.get("dependencies"))

    walk(doc.get("dependencies"))
    return list(out.values())


def _yarn_name(spec: str) -> str:
    spec = spec.strip().strip('"')
    at = spec.find("@", 1)
    return spec[:at] if at > 0 else spec


def parse_yarn_lock(data: bytes, location: str) -> list[Package]:
    """yarn v1 (`"a@^1", a@~1:` / `  version "1.2.3"`) and berry (`"a@npm:^1":` / `  version: 1.2.3`)."""
    out: dict[tuple, Package] = {}
    names: list[str] = []
    for line in data.decode("utf-8", "replace").splitlines():
        if not line or line.startswith("#"):
            continue
        if not line[0].isspace() and line.rstrip().endswith(":"):
            specs = line.rstrip()[:-1]
            names = [_yarn_name(s) for s in specs.split(",") if s.strip()]
            if specs.strip().strip('"') == "__metadata":
                names = []
            continue
        m = re.match(r'^\s{2}version:?\s+"?([^"\s]+)"?\s*$', line)
        if m and names:
            specs_line = names[0]
            if "@workspace:" in specs_line or "@link:" in specs_line or "@portal:" in specs_line:
                names = []
                continue
            for n in dict.fromkeys(names):
                out.setdefault((n, m.group(1)), Package(name=n, version=m.group(1), type="npm", locations=[location]))
            names = []
    return [p for p in out.values() if not p.version.startswith("0.0.0-use.local")]


def parse_pnpm_lock(data: bytes, location: str) -> list[Package]:
    import yaml

    doc = yaml.safe_load(data) or {}
    out: dict[tuple, Package] = {}
    for key in (doc.get("packages") or {}):
        k = str(key).lstrip("/")
        k = k.split("(", 1)[0]  # peer-dependency suffix (v6+)
        m5 = re.match(r"^((?:@[^/]+/)?[^/@]+)/(\d[^/_]*)", k)  # v5: /name/1.2.3[_peer@x] or /@scope/name/1.2.3
        if m5:
            name, ver = m5.group(1), m5.group(2)
        elif "@" in k[1:]:
            at = k.rfind("@")
            name, ver = k[:at], k[at + 1:]
        else:
            continue
        if name and ver and re.match(r"^\d", ver):
            out.setdefault((name, ver), Package(name=name, version=ver, type="npm", locations=[location]))
    return list(out.values())


def parse_lock(path: str, data: bytes) -> list[Package]:
    base = posixpath.basename(path)
    if base == "yarn.lock":
        return parse_yarn_lock(data, path)
    if base == "pnpm-lock.yaml":
        return parse_pnpm_lock(data, path)
    return parse_package_lock(data, path)
