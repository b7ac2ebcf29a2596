"""Java archives (.jar/.war/.ear/…: pom.properties, else MANIFEST.MF, else the file name; nested
archives, bounded) and pom.xml (direct dependencies with literal versions)."""

from __future__ import annotations

import io
import posixpath
import re
import zipfile

from dockguard.packages.model import Package

EXTS = (".jar", ".war", ".ear", ".par", ".sar", ".jpi", ".hpi", ".nar")
MAX_DEPTH = 3
MAX_NESTED_BYTES = 256 << 20
MAX_ARCHIVE = 512 << 20
_FILE_VER = re.compile(r"^(?P<name>[A-Za-z0-9_.-]+?)-(?P<ver>\d[\w.+-]*)$")


def is_archive(path: str) -> bool:
    return path.lower().endswith(EXTS)


def _props(text: str) -> dict[str, str]:
    out = {}
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith(("#", "!")) and "=" in line:
            k, _, v = line.partition("=")
            out[k.strip()] = v.strip()
    return out


def _manifest(text: str) -> dict[str, str]:
    out: dict[str, str] = {}
    last = None
    for line in text.splitlines():
        if line.startswith(" ") and last:
            out[last] += line[1:]
            continue
        if ":" in line:
            k, _, v = line.partition(":")
            last = k.strip()
            out[last] = v.strip()
        elif not line.strip():
            break  # main section only
    return out


def parse_archive(data: bytes, location: str, depth: int = 0, budget: list[int] | None = None) -> list[Package]:
    budget = budget if budget is not None else [MAX_NESTED_BYTES]
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError):
        return []
    out: list[Package] = []
    names = zf.namelist()
    props = [n for n in names if n.startswith("META-INF/maven/") and n.endswith("/pom.properties")]
    for n in props:
        try:
            kv = _props(zf.read(n).decode("utf-8", "replace"))
        except (zipfile.BadZipFile, KeyError, OSError, RuntimeError):
            continue
        if kv.get("artifactId") and kv.get("version"):
            out.append(Package(name=kv["artifactId"], version=kv["version"], type="maven", group=kv.get("groupId"),
                               locations=[location]))
    if not out:
        p = _from_manifest(zf, names, location)
        if p is not None:
            out.append(p)
    if depth < MAX_DEPTH:
        for n in names:
            if is_archive(n):
                info = zf.getinfo(n)
                if info.file_size > budget[0]:
                    continue
                budget[0] -= info.file_size
                try:
                    inner = zf.read(n)
                except (zipfile.BadZipFile, OSError, RuntimeError):
                    continue
                out.extend(parse_archive(inner, f"{location}!/{n}", depth + 1, budget))
    return out


def _from_manifest(zf: zipfile.ZipFile, names: list[str], location: str) -> Package | None:
    mf = {}
    if "META-INF/MANIFEST.MF" in names:
        try:
            mf = _manifest(zf.read("META-INF/MANIFEST.MF").decode("utf-8", "replace"))
        except (zipfile.BadZipFile, OSError, RuntimeError):
            mf = {}
    name = mf.get("Implementation-Title") or (mf.get("Bundle-SymbolicName") or "").split(";")[0] or None
    version = mf.get("Implementation-Version") or mf.get("Bundle-Version")
    group = mf.get("Implementation-Vendor-Id")
    stem = posixpath.basename(location.split("!/")[-1]).rsplit(".", 1)[0]
    m = _FILE_VER.match(stem)
    if m and (not name or not version):
        name, version = m.group("name"), m.group("ver")
    if not name or not version:
        return None
    p = Package(name=name, version=version, type="maven", group=group, locations=[location])
    p.metadata["from"] = "manifest" if mf else "filename"
    return p


def parse_pom(data: bytes, location: str) -> list[Package]:
    from xml.etree import ElementTree as ET

    try:
        root = ET.fromstring(data)
    except ET.ParseError:
        return []
    ns = ""
    if root.tag.startswith("{"):
        ns = root.tag[: root.tag.index("}") + 1]
    props = {}
    pe = root.find(f"{ns}properties")
    if pe is not None:
        for child in pe:
            props[child.tag.replace(ns, "")] = (child.text or "").strip()
    pv = root.findtext(f"{ns}version") or root.findtext(f"{ns}parent/{ns}version")
    if pv:
        props["project.version"] = pv.strip()
    out = []
    for dep in root.findall(f"{ns}dependencies/{ns}dependency"):
        g, a, v = (dep.findtext(f"{ns}{t}") for t in ("groupId", "artifactId", "version"))
        if not g or not a or not v:
            continue
        v = re.sub(r"\$\{([^}]+)\}", lambda m: props.get(m.group(1), m.group(0)), v.strip())
        if "${" in v or v.startswith(("[", "(")):
            continue
        p = Package(name=a.strip(), version=v, type="maven", group=g.strip(), locations=[location])
        scope = dep.findtext(f"{ns}scope")
        if scope:
            p.metadata["scope"] = scope.strip()
        out.append(p)
    return out
