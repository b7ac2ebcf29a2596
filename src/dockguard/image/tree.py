"""File trees: an image's merged tree (layers with whiteouts applied), an in-memory tree, a directory.

All implement the `dockguard.model.image.FileTree` protocol:

    tree.entries()          -> every FileEntry of the final tree (no whiteouts), parents before children
    tree.get(path)          -> FileEntry | None   (paths relative, no leading slash: "etc/passwd")
    tree.read(path, limit)  -> bytes               (KeyError when not a regular file; symlinks followed)

`MergedTree` adds what the catalogers and rules need about layers:

    tree.read_many(paths)   -> {path: bytes}, one stream per layer for all the paths it holds
    tree.layer_entries(i)   -> what layer i added or changed (its own FileEntry objects)
    tree.hidden()           -> (entry, by_layer) for every file a later layer deleted or replaced
    tree.resolve(path)      -> the path with symlinks followed (None when dangling or a loop)
"""

from __future__ import annotations

import os
import posixpath
import stat
from typing import Callable, Iterable, Iterator

from dockguard.model.image import FileEntry

MAX_LINK_HOPS = 40


class _Base:
    _files: dict[str, FileEntry]

    def entries(self) -> Iterator[FileEntry]:
        for path in sorted(self._files):
            yield self._files[path]

    def __len__(self) -> int:
        return len(self._files)

    def __contains__(self, path: str) -> bool:
        return _clean(path) in self._files

    def get(self, path: str) -> FileEntry | None:
        return self._files.get(_clean(path))

    def resolve(self, path: str) -> str | None:
        """Follow symlinks (in every component) inside the tree; None for loops and dangling links."""
        path = _clean(path)
        for _ in range(MAX_LINK_HOPS):
            parts = path.split("/")
            changed = False
            for i in range(1, len(parts) + 1):
                prefix = "/".join(parts[:i])
                entry = self._files.get(prefix)
                if entry is not None and entry.type == "symlink" and entry.linkname is not None:
                    target = entry.linkname
                    base = "" if target.startswith("/") else posixpath.dirname(prefix)
                    new = posixpath.normpath("/" + posixpath.join(base, target)).lstrip("/")
                    rest = parts[i:]
                    path = "/".join([new, *rest]) if rest else new
                    path = path.lstrip("/")
                    changed = True
                    break
            if not changed:
                return path if path in self._files or path == "" else None
        return None

    def _regular(self, path: str) -> FileEntry:
        real = self.resolve(path)
        entry = self._files.get(real) if real is not None else None
        hops = 0
        while entry is not None and entry.type == "hardlink" and hops < MAX_LINK_HOPS:
            entry = self._files.get(entry.linkname or "")
            hops += 1
        if entry is None or entry.type != "file":
            raise KeyError(path)
        return entry


def _clean(path: str) -> str:
    path = path.lstrip("/")
    if path.startswith("./") or "//" in path or path.endswith("/") or "/." in path:
        path = posixpath.normpath("/" + path).lstrip("/")
    return path


class MergedTree(_Base):
    """The final file tree of an image; file bytes are read on demand from the layer holding them."""

    def __init__(
        self,
        files: dict[str, FileEntry],
        layers: list[dict[str, FileEntry]],
        hidden: list[tuple[FileEntry, int]],
        opener: Callable[[int, set[str], int | None], dict[str, bytes]] | None,
        cache: dict[str, bytes] | None = None,
    ):
        self._files = files
        self._layers = layers
        self._hidden = hidden
        self._opener = opener
        self._cache = cache or {}

    def layer_entries(self, index: int) -> dict[str, FileEntry]:
        return self._layers[index]

    def hidden(self) -> list[tuple[FileEntry, int]]:
        return self._hidden

    def read(self, path: str, limit: int | None = None) -> bytes:
        entry = self._regular(path)
        cached = self._cache.get(entry.path)
        if cached is not None:
            return cached[:limit] if limit is not None else cached
        if self._opener is None:
            raise KeyError(path)
        got = self._opener(entry.layer, {entry.path}, limit)
        if entry.path not in got:
            raise KeyError(path)
        return got[entry.path]

    def read_many(self, paths: Iterable[str], limit: int | None = None) -> dict[str, bytes]:
        """Read several files with one pass per layer; paths that are not regular files are left out."""
        by_layer: dict[int, dict[str, list[str]]] = {}
        out: dict[str, bytes] = {}
        for path in paths:
            try:
                entry = self._regular(path)
            except KeyError:
                continue
            cached = self._cache.get(entry.path)
            if cached is not None:
                out[path] = cached[:limit] if limit is not None else cached
                continue
            by_layer.setdefault(entry.layer, {}).setdefault(entry.path, []).append(path)
        if self._opener is None:
            return out
        for layer, wanted in sorted(by_layer.items()):
            got = self._opener(layer, set(wanted), limit)
            for real, asked in wanted.items():
                if real in got:
                    for p in asked:
                        out[p] = got[real]
        return out

    def read_hidden(self, entry: FileEntry, limit: int | None = None) -> bytes:
        """The bytes of a file as one (lower) layer holds it, even if a later layer deleted it."""
        if self._opener is None:
            raise KeyError(entry.path)
        got = self._opener(entry.layer, {entry.path}, limit)
        return got[entry.path]


def merge(layers: list[dict[str, FileEntry]], whiteouts: list[list[str]], opaque: list[list[str]]) -> tuple[
    dict[str, FileEntry], list[list[str]], list[tuple[FileEntry, int]]
]:
    """Apply layers in order (OCI rules): returns (final files, removed paths per layer, hidden files).

    A layer's whiteouts and opaque directories apply to the layers below it, then its entries are
    added. Every file entry that a later layer deletes or replaces is returned in `hidden` with the
    index of that later layer.
    """
    files: dict[str, FileEntry] = {}
    children: dict[str, set[str]] = {}
    removed: list[list[str]] = []
    hidden: list[tuple[FileEntry, int]] = []

    def add(path: str, entry: FileEntry) -> None:
        files[path] = entry
        parent = posixpath.dirname(path)
        children.setdefault(parent, set()).add(path)

    def remove(path: str, index: int, out: list[str]) -> None:
        stack = [path]
        while stack:
            p = stack.pop()
            entry = files.pop(p, None)
            if entry is not None:
                out.append(p)
                if entry.type != "dir":
                    hidden.append((entry, index))
                children.get(posixpath.dirname(p), set()).discard(p)
            stack.extend(children.pop(p, ()))

    for index, entries in enumerate(layers):
        gone: list[str] = []
        for directory in opaque[index]:
            for child in list(children.get(directory, ())):
                remove(child, index, gone)
        for path in whiteouts[index]:
            remove(path, index, gone)
        for path, entry in entries.items():
            entry.layer = index
            old = files.get(path)
            if old is not None and old.type != "dir":
                hidden.append((old, index))
            if old is not None and old.type == "dir" and entry.type != "dir":
                remove(path, index, [])
            add(path, entry)
        removed.append(gone)
    return files, removed, hidden


class MemoryTree(_Base):
    """A tree held in memory (tests, small inputs): {path: (FileEntry, bytes)}."""

    def __init__(self, files: dict[str, tuple[FileEntry, bytes]] | None = None):
        self._files = {}
        self._data: dict[str, bytes] = {}
        for path, (entry, data) in (files or {}).items():
            self._files[_clean(path)] = entry
            self._data[_clean(path)] = data

    def add(self, entry: FileEntry, data: bytes = b"") -> None:
        self._files[entry.path] = entry
        self._data[entry.path] = data

    def read(self, path: str, limit: int | None = None) -> bytes:
        entry = self._regular(path)
        data = self._data.get(entry.path, b"")
        return data[:limit] if limit is not None else data


class DirTree(_Base):
    """A directory on disk seen as a FileTree (symlinks not followed out of it)."""

    def __init__(self, root: str):
        self.root = os.path.abspath(root)
        self._files = {}
        for dirpath, dirnames, filenames in os.walk(self.root):
            for name in dirnames + filenames:
                full = os.path.join(dirpath, name)
                rel = os.path.relpath(full, self.root).replace(os.sep, "/")
                try:
                    st = os.lstat(full)
                except OSError:
                    continue
                if stat.S_ISDIR(st.st_mode):
                    ftype = "dir"
                elif stat.S_ISLNK(st.st_mode):
                    ftype = "symlink"
                elif stat.S_ISREG(st.st_mode):
                    ftype = "file"
                else:
                    ftype = "fifo"
                link = os.readlink(full) if ftype == "symlink" else None
                self._files[rel] = FileEntry(rel, ftype, stat.S_IMODE(st.st_mode), st.st_uid, st.st_gid,
                                             st.st_size if ftype == "file" else 0, link)

    def read(self, path: str, limit: int | None = None) -> bytes:
        entry = self._regular(path)
        with open(os.path.join(self.root, entry.path), "rb") as fh:
            return fh.read(-1 if limit is None else limit)
