"""The Image model: config, history, layers and the merged (whiteout-aware) file tree.

Built by the image sources (`dockguard.sources.image_*`); read by the image rules, the secret
scanner and the package catalogers. File contents are never held for the whole image: a tree reads
a file's bytes on demand (`read`), from the layer that holds its final version.
Paths are relative, normalised, without a leading slash: "etc/passwd", "usr/bin/su".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator, Protocol


@dataclass(slots=True)
class FileEntry:
    path: str
    type: str  # file | dir | symlink | hardlink | char | block | fifo
    mode: int = 0o644  # permission bits incl. setuid/setgid/sticky (stat.S_IMODE)
    uid: int = 0
    gid: int = 0
    size: int = 0
    linkname: str | None = None
    layer: int = 0  # index of the layer that holds this version of the file

    @property
    def is_file(self) -> bool:
        return self.type == "file"

    @property
    def is_dir(self) -> bool:
        return self.type == "dir"


class FileTree(Protocol):
    """What catalogers and file rules read: an image's merged tree, or a directory on disk."""

    def entries(self) -> Iterator[FileEntry]: ...

    def get(self, path: str) -> FileEntry | None: ...

    def read(self, path: str, limit: int | None = None) -> bytes: ...


# Implementations (dockguard.image.tree): MergedTree (an image's layers, whiteouts applied; also
# `layer_entries(i)`, `hidden()` for what later layers removed, `read_many(paths)` that groups reads
# by layer), MemoryTree (tests), DirTree (a directory on disk). `read` raises KeyError for a path
# that is not a regular file of the tree (symlinks are followed; hard links read their target).


@dataclass(slots=True)
class SecretHit:
    """A secret the secrets engine found in a file of one layer (kept even if a later layer deleted it)."""

    path: str  # the file inside the image
    layer: int  # index of the layer whose file holds it
    line: int
    detector: str  # detector ID ("github-pat")
    description: str
    severity: str  # info | low | medium | high | critical
    redacted: str  # the secret, redacted: never the full value
    removed_in: int | None = None  # index of the later layer that deleted or replaced the file


@dataclass(slots=True)
class HistoryEntry:
    created_by: str
    empty_layer: bool = False
    created: str | None = None
    comment: str | None = None
    layer: int | None = None  # index of the layer it made, when not empty


@dataclass(slots=True)
class Layer:
    index: int
    digest: str  # compressed blob digest as in the manifest
    diff_id: str | None = None  # digest of the uncompressed tar (config rootfs.diff_ids)
    size: int = 0
    media_type: str | None = None
    added: list[str] = field(default_factory=list)  # paths it added or changed
    removed: list[str] = field(default_factory=list)  # paths it whited out
    history: HistoryEntry | None = None


@dataclass(slots=True)
class Image:
    reference: str  # as the user named it: "alpine:3.20", "image.tar", "registry:5000/app@sha256:…"
    source: str  # docker-archive | oci-layout | daemon | registry
    path: str  # for findings: the archive path, "docker://…" or the registry reference
    digest: str | None = None  # manifest digest
    config_digest: str | None = None
    os: str | None = None
    architecture: str | None = None
    user: str | None = None  # Config.User ("" or None = root)
    env: dict[str, str] = field(default_factory=dict)
    exposed_ports: list[str] = field(default_factory=list)  # "22/tcp"
    labels: dict[str, str] = field(default_factory=dict)
    entrypoint: list[str] | None = None
    cmd: list[str] | None = None
    healthcheck: list[str] | None = None  # Config.Healthcheck.Test; ["NONE"] = disabled
    volumes: list[str] = field(default_factory=list)
    working_dir: str | None = None
    history: list[HistoryEntry] = field(default_factory=list)
    layers: list[Layer] = field(default_factory=list)
    config: dict = field(default_factory=dict)  # the raw config JSON
    files: FileTree | None = None  # the merged tree
    errors: list[str] = field(default_factory=list)  # problems met while reading, said not hidden
    tags: list[str] = field(default_factory=list)  # RepoTags / ref names the source knows
    platform: str | None = None  # "linux/amd64", "linux/arm64/v8"
    secrets: list[SecretHit] | None = None  # filled when the source ran the secrets engine over the layers
    vulnerabilities: list | None = None  # dockguard.vulns.match.VulnMatch, attached after matching (DG590)
