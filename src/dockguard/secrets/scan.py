"""Run the secrets engine over image layers (during the single layer pass) and over files on disk."""

from __future__ import annotations

import os
from typing import Iterator

from dockguard.model.image import FileEntry, SecretHit
from dockguard.secrets.engine import Match, SecretScanner


def image_visitor(scanner: SecretScanner):
    """A loader Visitor that runs `scanner` over every wanted file of every layer."""
    from dockguard.image.loader import Visitor

    def wants(entry: FileEntry) -> bool:
        return scanner.wants(entry.path, entry.size, image=True)

    def visit(entry: FileEntry, data: bytes) -> list[SecretHit]:
        return [
            SecretHit(path=entry.path, layer=-1, line=m.line, detector=m.detector.id,
                      description=m.detector.description, severity=m.severity, redacted=m.redacted)
            for m in scanner.scan_bytes(data)
        ]

    return Visitor(wants=wants, visit=visit)


def scan_image_files(image, scanner: SecretScanner) -> list[SecretHit]:
    """Scan an already-built image's final tree (for images built without a visitor)."""
    hits: list[SecretHit] = []
    tree = image.files
    if tree is None:
        return hits
    wanted = [e for e in tree.entries() if e.is_file and scanner.wants(e.path, e.size, image=True)]
    reader = getattr(tree, "read_many", None)
    if reader is not None:
        contents = reader([e.path for e in wanted])
    else:
        contents = {e.path: tree.read(e.path) for e in wanted}
    for e in wanted:
        for m in scanner.scan_bytes(contents.get(e.path, b"")):
            hits.append(SecretHit(e.path, e.layer, m.line, m.detector.id, m.detector.description, m.severity,
                                  m.redacted))
    return hits


def walk(paths: list[str], scanner: SecretScanner, errors: list[tuple[str, str]]) -> Iterator[str]:
    """The files under `paths` that the scanner wants (its exclude globs apply relative to each root)."""
    for root in paths:
        if os.path.isfile(root):
            yield root
            continue
        if not os.path.isdir(root):
            errors.append((root, "no such file or directory"))
            continue
        for dirpath, dirnames, filenames in os.walk(root):
            rel_dir = os.path.relpath(dirpath, root).replace(os.sep, "/")
            rel_dir = "" if rel_dir == "." else rel_dir + "/"
            dirnames[:] = sorted(d for d in dirnames if scanner.wants(rel_dir + d + "/x", 1))
            for name in sorted(filenames):
                full = os.path.join(dirpath, name)
                try:
                    st = os.lstat(full)
                except OSError:
                    continue
                if not os.path.isfile(full) or os.path.islink(full):
                    continue
                if scanner.wants(rel_dir + name, st.st_size):
                    yield full


def scan_file(path: str, scanner: SecretScanner) -> list[Match]:
    with open(path, "rb") as fh:
        data = fh.read(scanner.max_file_size + 1)
    if len(data) > scanner.max_file_size:
        return []
    return scanner.scan_bytes(data)
