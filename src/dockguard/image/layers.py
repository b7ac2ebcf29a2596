"""Reading one layer: detect its compression, stream its tar, verify its digests, guard against bombs.

A layer is read as a stream, once: `scan_layer` walks its tar members, records their metadata (and
the whiteouts), hands the bytes of the files a visitor wants to it one member at a time, and checks
the blob digest (compressed bytes) and the diff ID (uncompressed tar) when the stream ends. Nothing
is written to disk and no more than one file's bytes (bounded) is held at once.
"""

from __future__ import annotations

import hashlib
import io
import posixpath
import stat
import tarfile
from dataclasses import dataclass, field
from typing import Callable, Iterable

from dockguard.model.image import FileEntry

GZIP_MAGIC = b"\x1f\x8b"
ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"
WHITEOUT = ".wh."
OPAQUE = ".wh..wh..opq"
PLINK = ".wh..wh.plnk"
CHUNK = 1 << 20


class LayerError(Exception):
    """A layer that cannot be read to its end (truncated, corrupt, a bomb, a digest mismatch)."""


@dataclass
class Limits:
    """Bounds on what one layer may expand to (decompression bombs)."""

    max_layer_bytes: int = 32 << 30  # uncompressed size of one layer
    max_ratio: int = 200  # uncompressed / compressed, checked past `ratio_after` bytes
    ratio_after: int = 64 << 20
    max_entries: int = 2_000_000
    keep_max: int = 1 << 20  # largest file kept in the small-file cache
    read_max: int = 16 << 20  # largest file handed to a visitor


class HashingReader(io.RawIOBase):
    """Counts and hashes the bytes read through it (the blob digest)."""

    def __init__(self, raw, algorithm: str = "sha256"):
        self.raw = raw
        self.hash = hashlib.new(algorithm)
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buf) -> int:
        data = self.raw.read(len(buf))
        n = len(data)
        buf[:n] = data
        self.hash.update(data)
        self.count += n
        return n

    def read(self, n: int = -1) -> bytes:
        data = self.raw.read() if n is None or n < 0 else self.raw.read(n)
        self.hash.update(data)
        self.count += len(data)
        return data

    def drain(self) -> None:
        while self.read(CHUNK):
            pass


class GuardedReader(io.RawIOBase):
    """Decompressed bytes: hashed (diff ID), counted, and stopped when they grow like a bomb."""

    def __init__(self, stream, source: HashingReader, limits: Limits):
        self.stream = stream
        self.source = source
        self.limits = limits
        self.hash = hashlib.sha256()
        self.count = 0

    def readable(self) -> bool:
        return True

    def read(self, n: int = -1) -> bytes:
        try:
            data = self.stream.read(CHUNK if n is None or n < 0 else n)
        except EOFError as exc:
            raise LayerError(f"truncated compressed stream ({exc})") from None
        except OSError as exc:  # gzip.BadGzipFile, zlib errors
            raise LayerError(f"corrupt compressed stream ({exc})") from None
        except Exception as exc:  # zstandard.ZstdError
            if type(exc).__name__ == "ZstdError":
                raise LayerError(f"corrupt zstd stream ({exc})") from None
            raise
        self.hash.update(data)
        self.count += len(data)
        limits = self.limits
        if self.count > limits.max_layer_bytes:
            raise LayerError(f"layer expands past {limits.max_layer_bytes} bytes (decompression bomb?)")
        if self.count > limits.ratio_after and self.count > limits.max_ratio * max(self.source.count, 1):
            raise LayerError(
                f"layer expands more than {limits.max_ratio}x ({self.count} bytes from {self.source.count}):"
                " decompression bomb"
            )
        return data

    def readinto(self, buf) -> int:
        data = self.read(len(buf))
        buf[: len(data)] = data
        return len(data)

    def drain(self) -> None:
        while self.read(CHUNK):
            pass


class PrefixedReader(io.RawIOBase):
    """Bytes already peeked, then the rest of a stream."""

    def __init__(self, prefix: bytes, rest):
        self.prefix = prefix
        self.rest = rest

    def readable(self) -> bool:
        return True

    def read(self, n: int = -1) -> bytes:
        if self.prefix:
            if n is None or n < 0:
                data, self.prefix = self.prefix + self.rest.read(), b""
                return data
            data, self.prefix = self.prefix[:n], self.prefix[n:]
            return data
        return self.rest.read() if n is None or n < 0 else self.rest.read(n)

    def readinto(self, buf) -> int:
        data = self.read(len(buf))
        buf[: len(data)] = data
        return len(data)


def compression_of(head: bytes) -> str:
    if head.startswith(GZIP_MAGIC):
        return "gzip"
    if head.startswith(ZSTD_MAGIC):
        return "zstd"
    return "none"


def looks_like_tar(head: bytes) -> bool:
    return len(head) >= 262 and head[257:262] == b"ustar"


def open_layer_stream(raw, limits: Limits) -> tuple[GuardedReader, HashingReader, str]:
    """Wrap a raw blob stream: (decompressed guarded stream, hashing raw reader, compression)."""
    hashing = HashingReader(raw)
    head = hashing.read(4)
    comp = compression_of(head)
    source = PrefixedReader(head, hashing)
    if comp == "gzip":
        import gzip

        stream = gzip.GzipFile(fileobj=source, mode="rb")
    elif comp == "zstd":
        import zstandard

        stream = zstandard.ZstdDecompressor().stream_reader(source, read_across_frames=True)
    else:
        stream = source
    return GuardedReader(stream, hashing, limits), hashing, comp


def normalize(name: str) -> tuple[str | None, str | None]:
    """A tar member name -> (relative normalised path, problem). None path = skip the member."""
    problem = None
    path = name.replace("\\", "/") if "\\" in name and "/" not in name else name
    if path.startswith("/"):
        problem = f"absolute path {name!r} in a layer (read as relative)"
    path = posixpath.normpath("/" + path).lstrip("/") if ".." not in path.split("/") else None
    if path is None:
        return None, f"entry {name!r} climbs out of the root with '..' (skipped)"
    if path in ("", "."):
        return None, None
    return path, problem


_TYPES = {
    tarfile.REGTYPE: "file",
    tarfile.AREGTYPE: "file",
    tarfile.CONTTYPE: "file",
    tarfile.DIRTYPE: "dir",
    tarfile.SYMTYPE: "symlink",
    tarfile.LNKTYPE: "hardlink",
    tarfile.CHRTYPE: "char",
    tarfile.BLKTYPE: "block",
    tarfile.FIFOTYPE: "fifo",
}


# A visitor gets (entry, bytes) for the files it wants and returns findings (any objects).
Wants = Callable[[FileEntry], bool]
Visit = Callable[[FileEntry, bytes], Iterable]


@dataclass
class LayerScan:
    """What one pass over a layer found."""

    key: str  # the blob's name in its store (archive member, digest)
    entries: dict[str, FileEntry] = field(default_factory=dict)
    whiteouts: list[str] = field(default_factory=list)  # paths it deletes from lower layers
    opaque: list[str] = field(default_factory=list)  # directories whose lower contents it hides
    digest: str | None = None  # sha256 of the bytes as stored (compressed)
    diff_id: str | None = None  # sha256 of the uncompressed tar
    compression: str = "none"
    size: int = 0  # stored bytes
    uncompressed: int = 0
    cache: dict[str, bytes] = field(default_factory=dict)  # small files kept for read()
    found: list = field(default_factory=list)  # what the visitor returned
    errors: list[str] = field(default_factory=list)
    complete: bool = True  # False when the stream broke before its end


def scan_layer(
    raw,
    key: str,
    *,
    limits: Limits | None = None,
    wants: Wants | None = None,
    visit: Visit | None = None,
    keep: Callable[[str], bool] | None = None,
) -> LayerScan:
    """Stream the layer blob `raw` once; never raises for bad content (errors are recorded)."""
    limits = limits or Limits()
    scan = LayerScan(key=key)
    hashing = None
    try:
        stream, hashing, scan.compression = open_layer_stream(raw, limits)
        tf = tarfile.open(fileobj=stream, mode="r|", bufsize=CHUNK)
        count = 0
        for member in tf:
            count += 1
            if count > limits.max_entries:
                raise LayerError(f"more than {limits.max_entries} entries")
            _member(tf, member, scan, limits, wants, visit, keep)
        stream.drain()  # the end-of-archive padding and anything after it belong to the diff ID
        hashing.drain()
        scan.diff_id = "sha256:" + stream.hash.hexdigest()
        scan.uncompressed = stream.count
    except LayerError as exc:
        scan.errors.append(f"layer {key}: {exc}")
        scan.complete = False
    except tarfile.TarError as exc:
        scan.errors.append(f"layer {key}: not a readable tar ({exc})")
        scan.complete = False
    except (EOFError, OSError) as exc:
        scan.errors.append(f"layer {key}: truncated or unreadable ({exc})")
        scan.complete = False
    if hashing is not None:
        scan.size = hashing.count
        if scan.complete:
            scan.digest = "sha256:" + hashing.hash.hexdigest()
    return scan


def _member(tf, member: tarfile.TarInfo, scan: LayerScan, limits: Limits, wants, visit, keep) -> None:
    path, problem = normalize(member.name)
    if problem:
        scan.errors.append(f"layer {scan.key}: {problem}")
    if path is None:
        return
    base = posixpath.basename(path)
    if base.startswith(WHITEOUT):
        parent = posixpath.dirname(path)
        if base == OPAQUE:
            scan.opaque.append(parent)
        elif base.startswith(PLINK):
            pass  # AUFS hard-link directory: not a file of the image
        else:
            scan.whiteouts.append(posixpath.join(parent, base[len(WHITEOUT):]))
        return
    if base.startswith(PLINK) or path.startswith(PLINK):
        return
    ftype = _TYPES.get(member.type)
    if ftype is None:
        return  # pax headers are consumed by tarfile; unknown types are ignored
    linkname = None
    if ftype in ("symlink", "hardlink"):
        linkname = member.linkname
        if ftype == "hardlink":
            target, hl_problem = normalize(member.linkname)
            if target is None:
                scan.errors.append(f"layer {scan.key}: hard link {path} -> {member.linkname!r} leaves the root")
                return
            linkname = target
    entry = FileEntry(
        path=path,
        type=ftype,
        mode=stat.S_IMODE(member.mode),
        uid=member.uid,
        gid=member.gid,
        size=member.size if ftype == "file" else 0,
        linkname=linkname,
    )
    scan.entries[path] = entry
    if ftype != "file" or member.size == 0:
        return
    want_visit = visit is not None and member.size <= limits.read_max and (wants is None or wants(entry))
    want_keep = keep is not None and member.size <= limits.keep_max and keep(path)
    if not (want_visit or want_keep):
        return
    fh = tf.extractfile(member)
    if fh is None:
        return
    data = fh.read()
    if len(data) != member.size:
        raise LayerError(f"truncated inside {path}")
    if want_keep:
        scan.cache[path] = data
    if want_visit:
        scan.found.extend(visit(entry, data))


def read_member(raw, wanted: set[str], limits: Limits | None = None, limit: int | None = None) -> dict[str, bytes]:
    """Stream a layer blob and return the bytes of the members at the `wanted` paths."""
    limits = limits or Limits()
    out: dict[str, bytes] = {}
    stream, _, _ = open_layer_stream(raw, limits)
    tf = tarfile.open(fileobj=stream, mode="r|", bufsize=CHUNK)
    for member in tf:
        if not member.isfile():
            continue
        path, _ = normalize(member.name)
        if path in wanted and path not in out:
            fh = tf.extractfile(member)
            out[path] = fh.read(limit if limit is not None else -1) if fh else b""
            if len(out) == len(wanted):
                break
    return out
