"""Image archives and layouts -> Images, read in place.

* `docker save` tarballs: the legacy layout (`manifest.json`, `<id>/layer.tar`, `<id>.json`) and the
  OCI layout Docker 25+ writes (`index.json`, `oci-layout`, `blobs/sha256/…` plus `manifest.json`);
* Podman `save` archives (docker-archive: `manifest.json`, `<digest>.tar`, `<digest>.json`);
* OCI image layouts, as a directory or a tar (nested indexes, multi-platform: `platform`, default
  the host's).

Blobs are read where they are: the outer tar is indexed once (member headers only) and each layer
is streamed from its offset; nothing is extracted and no layer is held in memory.
"""

from __future__ import annotations

import hashlib
import io
import os
import posixpath
import tarfile
from dataclasses import dataclass, field
from typing import Any, Callable

from dockguard.errors import InputError
from dockguard.image import oci
from dockguard.image.layers import Limits, compression_of
from dockguard.image.loader import LayerDesc, Visitor, build_image
from dockguard.model.image import Image

META_LIMIT = 16 << 20  # largest metadata blob (manifest, index, config) read into memory


class BoundedReader(io.RawIOBase):
    """`size` bytes of a file from `offset`, read through its own handle."""

    def __init__(self, path: str, offset: int, size: int):
        self.fh = open(path, "rb")
        self.fh.seek(offset)
        self.offset = offset
        self.left = size
        self.size = size

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self.size - self.left

    def seek(self, pos: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self.tell(), io.SEEK_END: self.size}[whence]
        new = min(max(0, base + pos), self.size)
        self.fh.seek(self.offset + new)
        self.left = self.size - new
        return new

    def readable(self) -> bool:
        return True

    def read(self, n: int = -1) -> bytes:
        if self.left <= 0:
            return b""
        if n is None or n < 0 or n > self.left:
            n = self.left
        data = self.fh.read(n)
        if not data:
            raise EOFError(f"archive truncated: {self.left} bytes of the blob missing")
        self.left -= len(data)
        return data

    def readinto(self, buf) -> int:
        data = self.read(len(buf))
        buf[: len(data)] = data
        return len(data)

    def close(self) -> None:
        self.fh.close()
        super().close()


def _clean(name: str) -> str:
    return posixpath.normpath("/" + name).lstrip("/")


class TarStore:
    """Blobs inside an uncompressed tar, by member name (headers indexed once)."""

    def __init__(self, path: str):
        self.path = path
        self.members: dict[str, tarfile.TarInfo] = {}
        self.errors: list[str] = []
        self.file_size = os.path.getsize(path)
        try:
            tf = tarfile.open(path, "r:")
        except tarfile.TarError as exc:
            raise InputError(path, f"not a readable tar archive ({exc})") from None
        with tf:
            while True:
                try:
                    member = tf.next()
                except tarfile.TarError as exc:
                    self.errors.append(f"archive damaged after {len(self.members)} entries ({exc})")
                    break
                if member is None:
                    break
                self.members[_clean(member.name)] = member

    def names(self) -> set[str]:
        return set(self.members)

    def _member(self, key: str) -> tarfile.TarInfo:
        key = _clean(key)
        for _ in range(10):
            m = self.members.get(key)
            if m is None:
                raise KeyError(key)
            if m.issym() or m.islnk():
                base = posixpath.dirname(key) if m.issym() else ""
                key = _clean(posixpath.join(base, m.linkname))
                continue
            return m
        raise KeyError(key)

    # Every blob is opened through its own file handle, so forked workers can read layers at once.
    forkable = True

    def size(self, key: str) -> int:
        try:
            return self._member(key).size
        except KeyError:
            return 0

    def open(self, key: str):
        m = self._member(key)
        if not m.isfile():
            raise KeyError(key)
        return BoundedReader(self.path, m.offset_data, m.size)

    def read(self, key: str, limit: int = META_LIMIT) -> bytes:
        m = self._member(key)
        if m.size > limit:
            raise InputError(self.path, f"{key} is {m.size} bytes, more than a metadata file may be")
        reader = self.open(key)
        try:
            return reader.read()
        except EOFError:
            raise InputError(self.path, f"{key}: archive truncated") from None
        finally:
            reader.close()


class DirStore:
    """Blobs in an OCI layout directory."""

    def __init__(self, path: str):
        self.path = os.path.abspath(path)

    def names(self) -> set[str]:
        out = set()
        for name in ("index.json", "oci-layout", "manifest.json"):
            if os.path.isfile(os.path.join(self.path, name)):
                out.add(name)
        return out

    def _full(self, key: str) -> str:
        full = os.path.realpath(os.path.join(self.path, _clean(key)))
        if not full.startswith(os.path.realpath(self.path) + os.sep) or not os.path.isfile(full):
            raise KeyError(key)
        return full

    forkable = True  # each blob is its own file

    def size(self, key: str) -> int:
        try:
            return os.path.getsize(self._full(key))
        except (KeyError, OSError):
            return 0

    def open(self, key: str):
        return open(self._full(key), "rb")

    def read(self, key: str, limit: int = META_LIMIT) -> bytes:
        full = self._full(key)
        if os.path.getsize(full) > limit:
            raise InputError(self.path, f"{key} is larger than a metadata file may be")
        with open(full, "rb") as fh:
            return fh.read()


def blob_key(digest: str) -> str:
    alg, _, hexd = digest.partition(":")
    if not alg or not hexd or "/" in hexd or "/" in alg:
        raise KeyError(digest)
    return f"blobs/{alg}/{hexd}"


def digest_of_key(key: str) -> str | None:
    parts = key.split("/")
    if len(parts) == 3 and parts[0] == "blobs":
        return f"{parts[1]}:{parts[2]}"
    return None


@dataclass
class Plan:
    """One image found in a layout: what build_image needs."""

    image: Image
    config_raw: bytes
    layers: list[LayerDesc] = field(default_factory=list)


def plan_images(store, names: set[str], where: str, reference: str, source: str,
                platform: str | None) -> list[Plan]:
    """Find the images in an archive or layout (docker save legacy/OCI, Podman, OCI layout)."""
    use_oci = "index.json" in names and ("manifest.json" not in names or platform is not None)
    if "manifest.json" in names and not use_oci:
        return _plan_legacy(store, where, reference, source)
    if "index.json" in names:
        return _plan_oci(store, where, reference, platform)
    raise InputError(where, "not an image archive: no manifest.json or index.json (docker save, podman save or an OCI layout)")


def _plan_legacy(store, where: str, reference: str, source: str) -> list[Plan]:
    manifest = oci.load_json(store.read("manifest.json"), f"{where}:manifest.json")
    if not isinstance(manifest, list) or not manifest:
        raise InputError(where, "manifest.json lists no image")
    plans = []
    for entry in manifest:
        if not isinstance(entry, dict) or not isinstance(entry.get("Config"), str):
            raise InputError(where, "manifest.json: an entry has no Config")
        try:
            config_raw = store.read(entry["Config"])
        except KeyError:
            raise InputError(where, f"manifest.json names a missing config {entry['Config']}") from None
        tags = [t for t in entry.get("RepoTags") or [] if isinstance(t, str)]
        image = Image(reference=reference, source=source, path=where, tags=tags,
                      config_digest="sha256:" + hashlib.sha256(config_raw).hexdigest())
        layers = []
        for name in entry.get("Layers") or []:
            if not isinstance(name, str):
                raise InputError(where, "manifest.json: a layer name is not a string")
            key = _clean(name)
            layers.append(LayerDesc(key=key, digest=digest_of_key(key)))
        plans.append(Plan(image, config_raw, layers))
    return plans


def _plan_oci(store, where: str, reference: str, platform: str | None) -> list[Plan]:
    index = oci.load_json(store.read("index.json"), f"{where}:index.json")
    if not isinstance(index, dict):
        raise InputError(where, "index.json is not a JSON object")

    def fetch(digest: str) -> bytes:
        return store.read(blob_key(digest))

    plans = []
    for desc, manifest in oci.resolve_manifests(index, fetch, where, platform):
        cfg = manifest.get("config") or {}
        if not isinstance(cfg, dict) or not isinstance(cfg.get("digest"), str):
            raise InputError(where, f"manifest {desc.get('digest')} has no config")
        try:
            config_raw = store.read(blob_key(cfg["digest"]))
        except KeyError:
            raise InputError(where, f"config blob {cfg['digest']} missing") from None
        _check_digest(config_raw, cfg["digest"], where, "config")
        ann = desc.get("annotations") or {}
        tags = [t for t in (ann.get("io.containerd.image.name"), ann.get("org.opencontainers.image.ref.name")) if t]
        image = Image(reference=reference, source="oci-layout", path=where, tags=tags,
                      digest=desc.get("digest"), config_digest=cfg["digest"])
        layers = []
        for ld in manifest.get("layers") or []:
            if not isinstance(ld, dict) or not isinstance(ld.get("digest"), str):
                raise InputError(where, "a manifest layer has no digest")
            try:
                key = blob_key(ld["digest"])
            except KeyError:
                raise InputError(where, f"bad layer digest {ld['digest']!r}") from None
            layers.append(LayerDesc(key=key, digest=ld["digest"], media_type=ld.get("mediaType"),
                                    size=int(ld.get("size") or 0)))
        plans.append(Plan(image, config_raw, layers))
    if not plans:
        raise InputError(where, "the index holds no image manifest")
    return plans


def _check_digest(data: bytes, digest: str, where: str, what: str) -> None:
    alg, _, expected = digest.partition(":")
    if alg == "sha256" and hashlib.sha256(data).hexdigest() != expected:
        raise InputError(where, f"{what} digest mismatch ({digest})")


def is_archive(path: str) -> bool:
    if os.path.isdir(path):
        return os.path.isfile(os.path.join(path, "index.json")) or os.path.isfile(os.path.join(path, "manifest.json"))
    return os.path.isfile(path)


def load_archive(
    path: str,
    *,
    platform: str | None = None,
    visitor: Visitor | None = None,
    limits: Limits | None = None,
    progress: Callable | None = None,
    reference: str | None = None,
) -> list[Image]:
    """Every image in a `docker save`/`podman save` tarball or an OCI layout (dir or tar)."""
    reference = reference or path
    if os.path.isdir(path):
        store: Any = DirStore(path)
        names = store.names()
        source = "oci-layout"
        errors: list[str] = []
    else:
        try:
            with open(path, "rb") as fh:
                head = fh.read(512)
        except OSError as exc:
            raise InputError(path, f"cannot read: {exc.strerror}") from None
        if compression_of(head) != "none":
            raise InputError(path, "a compressed archive: decompress it first (gunzip / unzstd), the scan reads the tar in place")
        store = TarStore(path)
        names = store.names()
        errors = store.errors
        source = "oci-layout" if "index.json" in names and "manifest.json" not in names else "docker-archive"
    plans = plan_images(store, names, path, reference, source, platform)
    images = []
    for plan in plans:
        plan.image.errors.extend(errors)
        images.append(build_image(plan.image, plan.config_raw, plan.layers, store, limits=limits,
                                  visitor=visitor, progress=progress))
    return images
