"""Open what `dockguard sbom|vulns TARGET` names: a plain directory (its files and lock files), or an
image through the image sources' entry point (`dockguard.commands.scan.load_image`: a `docker save`
tarball or OCI layout, the daemon, a registry)."""

from __future__ import annotations

import os

from dockguard.model.image import Image


def keep_patterns() -> None:
    """Ask the image loader to keep the small package-database files in memory during its one pass."""
    from dockguard.image import loader
    from dockguard.packages.collect import KEEP_PATTERNS

    for p in KEEP_PATTERNS:
        if p not in loader.KEEP_PATTERNS:
            loader.KEEP_PATTERNS.append(p)


def is_plain_dir(target: str) -> bool:
    return os.path.isdir(target) and not os.path.isfile(os.path.join(target, "oci-layout"))


def open_target(target: str, *, source: str = "auto", platform: str | None = None,
                insecure: tuple[str, ...] | list[str] = ()) -> list[Image]:
    """Images for TARGET; a plain directory becomes an Image of source "directory" over its files."""
    if source in ("auto", "dir") and is_plain_dir(target):
        from dockguard.packages.tree import DirectoryTree

        return [Image(reference=target, source="directory", path=target, files=DirectoryTree(target))]
    keep_patterns()
    from dockguard.commands.scan import load_image

    return load_image(target, "auto" if source == "dir" else source, platform=platform, insecure=list(insecure))
