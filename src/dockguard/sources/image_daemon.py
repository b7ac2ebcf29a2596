"""An image in the local Docker daemon -> Image, streamed from the Engine API (`GET /images/{name}/get`).

The export stream (a `docker save` tar) is read once, front to back, without a temporary file:
every layer blob is scanned as it passes (metadata, secrets, small files kept), metadata blobs
(JSON, small) are kept in memory, and the layout (legacy or OCI) is resolved at the end of the
stream, when `manifest.json` / `index.json` have been seen. Reading a file that was not kept
(`image.files.read(...)`) starts a new export and streams it to that layer again.
"""

from __future__ import annotations

import io
import posixpath
import tarfile
from typing import Callable

from dockguard.errors import InputError
from dockguard.image.layers import CHUNK, Limits, LayerScan, compression_of, looks_like_tar, scan_layer, PrefixedReader
from dockguard.image.loader import Visitor, build_image, keep_predicate
from dockguard.model.image import Image
from dockguard.sources.image_archive import plan_images

META_LIMIT = 16 << 20


class ChunkReader(io.RawIOBase):
    """A file object over an iterator of byte chunks (the HTTP response stream)."""

    def __init__(self, chunks):
        self.chunks = iter(chunks)
        self.buf = b""

    def readable(self) -> bool:
        return True

    def read(self, n: int = -1) -> bytes:
        if n is None or n < 0:
            data = self.buf + b"".join(self.chunks)
            self.buf = b""
            return data
        while len(self.buf) < n:
            try:
                self.buf += next(self.chunks)
            except StopIteration:
                break
        data, self.buf = self.buf[:n], self.buf[n:]
        return data

    def readinto(self, b) -> int:
        data = self.read(len(b))
        b[: len(data)] = data
        return len(data)


def _client(host: str | None = None):
    import docker

    try:
        if host:
            return docker.APIClient(base_url=host, version="auto", timeout=600)
        return docker.from_env(timeout=600).api
    except docker.errors.DockerException as exc:
        raise InputError("docker", f"cannot reach the Docker daemon ({exc})") from None


def _export(api, name: str) -> ChunkReader:
    import docker

    try:
        return ChunkReader(api.get_image(name, chunk_size=CHUNK))
    except docker.errors.ImageNotFound:
        raise InputError(name, "no such image in the Docker daemon") from None
    except docker.errors.APIError as exc:
        raise InputError(name, f"the daemon refused the export ({exc.explanation or exc})") from None


class _StreamStore:
    """What one pass over the export kept: metadata blobs in memory; layers as scans."""

    def __init__(self, api, name: str):
        self.api = api
        self.name = name
        self.small: dict[str, bytes] = {}
        self.links: dict[str, str] = {}
        self._keepalive = None

    def _real(self, key: str) -> str:
        for _ in range(10):
            if key in self.links:
                key = self.links[key]
        return key

    def read(self, key: str, limit: int = META_LIMIT) -> bytes:
        return self.small[self._real(posixpath.normpath(key))]

    def open(self, key: str):
        """Re-export and stream to the blob `key` (only for reads of files not kept)."""
        key = self._real(key)
        reader = _export(self.api, self.name)
        tf = tarfile.open(fileobj=reader, mode="r|", bufsize=CHUNK)
        for member in tf:
            if posixpath.normpath(member.name) == key and member.isfile():
                fh = tf.extractfile(member)
                self._keepalive = (tf, reader)
                return fh
        raise KeyError(key)


def load_daemon(
    name: str,
    *,
    host: str | None = None,
    visitor: Visitor | None = None,
    limits: Limits | None = None,
    progress: Callable | None = None,
    platform: str | None = None,
) -> list[Image]:
    api = _client(host)
    import docker

    try:
        info = api.inspect_image(name)
    except docker.errors.ImageNotFound:
        raise InputError(name, "no such image in the Docker daemon") from None
    except docker.errors.APIError as exc:
        raise InputError(name, f"cannot inspect the image ({exc.explanation or exc})") from None
    except docker.errors.DockerException as exc:
        raise InputError(name, f"cannot reach the Docker daemon ({exc})") from None
    limits = limits or Limits()
    keep = keep_predicate()
    store = _StreamStore(api, name)
    prescanned: dict[str, LayerScan] = {}
    errors: list[str] = []
    reader = _export(api, name)
    done = 0
    try:
        tf = tarfile.open(fileobj=reader, mode="r|", bufsize=CHUNK)
        for member in tf:
            key = posixpath.normpath(member.name)
            if member.issym() or member.islnk():
                target = posixpath.normpath(posixpath.join(posixpath.dirname(key), member.linkname)
                                            if member.issym() else member.linkname)
                store.links[key] = target
                continue
            if not member.isfile():
                continue
            fh = tf.extractfile(member)
            head = fh.read(512)
            if head[:1] in (b"{", b"[") and member.size <= META_LIMIT:
                store.small[key] = head + fh.read()
            elif compression_of(head) != "none" or looks_like_tar(head):
                done += 1
                if progress:
                    progress(done, 0, None)
                prescanned[key] = scan_layer(
                    PrefixedReader(head, fh), key, limits=limits,
                    wants=visitor.wants if visitor else None, visit=visitor.visit if visitor else None, keep=keep,
                )
            elif member.size <= 4096:
                store.small[key] = head + fh.read()
    except (tarfile.TarError, EOFError, OSError) as exc:
        errors.append(f"the export stream broke ({exc})")
    for alias, target in store.links.items():
        if target in prescanned and alias not in prescanned:
            prescanned[alias] = prescanned[target]
    names = set(store.small) | set(prescanned)
    plans = plan_images(store, names, f"docker://{name}", name, "daemon", platform)
    images = []
    for plan in plans:
        plan.image.source = "daemon"
        plan.image.digest = plan.image.digest or info.get("Id")
        plan.image.tags = plan.image.tags or list(info.get("RepoTags") or [])
        plan.image.errors.extend(errors)
        images.append(build_image(plan.image, plan.config_raw, plan.layers, store, limits=limits,
                                  visitor=visitor, prescanned=prescanned, progress=None))
    return images
