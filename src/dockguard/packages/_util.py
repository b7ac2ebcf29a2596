"""Small helpers the catalogers share."""

from __future__ import annotations

from typing import Iterator


def read_text(tree, path: str, limit: int = 64 << 20) -> str | None:
    try:
        return tree.read(path, limit).decode("utf-8", "replace")
    except (KeyError, OSError):
        return None


def read_many(tree, paths: list[str], limit: int | None = None) -> dict[str, bytes]:
    """Several files at once: one pass per layer on an image tree."""
    fn = getattr(tree, "read_many", None)
    if fn is not None:
        return fn(paths, limit)
    out = {}
    for p in paths:
        try:
            out[p] = tree.read(p, limit)
        except (KeyError, OSError):
            pass
    return out


def paragraphs(text: str) -> Iterator[dict[str, str]]:
    """RFC 822 stanzas (dpkg status): {Field: value}; continuation lines joined with newlines."""
    para: dict[str, str] = {}
    last = None
    for line in text.splitlines():
        if not line.strip():
            if para:
                yield para
            para, last = {}, None
            continue
        if line[0] in " \t":
            if last is not None:
                para[last] += "\n" + line[1:]
            continue
        key, sep, value = line.partition(":")
        if not sep:
            continue
        last = key.strip()
        para[last] = value.strip()
    if para:
        yield para
