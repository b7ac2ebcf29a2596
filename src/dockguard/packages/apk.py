"""apk: lib/apk/db/installed (and usr/lib/apk/db/installed): P name, V version, o origin, F/R files."""

from __future__ import annotations

from dockguard.packages._util import read_text
from dockguard.packages.model import Package

PATHS = ("lib/apk/db/installed", "usr/lib/apk/db/installed")


def parse_installed(text: str, location: str) -> list[Package]:
    out: list[Package] = []
    cur: dict[str, str] = {}
    files: list[str] = []
    directory = ""

    def flush():
        if cur.get("P") and cur.get("V"):
            p = Package(name=cur["P"], version=cur["V"], type="apk", source_name=cur.get("o") or cur["P"],
                        source_version=cur["V"], arch=cur.get("A"), locations=[location], files=list(files))
            if cur.get("L"):
                p.licenses = [cur["L"]]
            if cur.get("m"):
                p.metadata["maintainer"] = cur["m"]
            out.append(p)

    for line in text.splitlines():
        if not line.strip():
            flush()
            cur, files, directory = {}, [], ""
            continue
        key, sep, value = line.partition(":")
        if not sep or len(key) != 1:
            continue
        if key == "F":
            directory = value
        elif key == "R":
            files.append(f"{directory}/{value}" if directory else value)
        elif key not in cur:
            cur[key] = value
    flush()
    return out


def catalog(tree) -> list[Package]:
    for path in PATHS:
        text = read_text(tree, path)
        if text is not None:
            return parse_installed(text, path)
    return []
