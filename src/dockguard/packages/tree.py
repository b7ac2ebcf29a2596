"""A directory on disk as a FileTree (for `dockguard sbom DIR` / `dockguard vulns DIR`)."""

from __future__ import annotations

from dockguard.image.tree import DirTree, MemoryTree


class DirectoryTree(DirTree):
    """`DirectoryTree(root)`: every file under root, paths relative to it (symlinks not followed out)."""


__all__ = ["DirectoryTree", "MemoryTree"]
