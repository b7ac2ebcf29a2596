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

    def __init__(self, stream, source: HashingReader, limits: Limits, compressed: bool = True):
        self.stream = stream
        self.source = source
        self.limits = limits
        # An uncompressed layer's diff ID is its blob digest: hash its bytes once, in `source`.
        self.hash = hashlib.sha256() if compressed else source.hash
        self._hashing = compressed
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
        if self._hashing:
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


class TarMember:
    __slots__ = ("name", "type", "mode", "uid", "gid", "size", "linkname")

    def __init__(self, name, type_, mode, uid, gid, size, linkname):
        self.name = name
        self.type = type_
        self.mode = mode
        self.uid = uid
        self.gid = gid
        self.size = size
        self.linkname = linkname


_TYPE_CHARS = {b"0": "file", b"\0": "file", b"7": "file", b"1": "hardlink", b"2": "symlink", b"3": "char",
               b"4": "block", b"5": "dir", b"6": "fifo"}


def _num(field: bytes) -> int:
    if field and field[0] & 0x80:  # base-256 (GNU) for large values
        value = int.from_bytes(field[1:], "big")
        return value
    field = field.split(b"\0", 1)[0].strip()
    if not field:
        return 0
    try:
        return int(field, 8)
    except ValueError:
        raise LayerError(f"corrupt tar header (number {field[:12]!r})") from None


def _str(field: bytes) -> str:
    return field.split(b"\0", 1)[0].decode("utf-8", "surrogateescape")


class TarWalker:
    """A minimal, fast reader of tar streams (ustar, pax, GNU long names) that never seeks.

    Iterating yields TarMember objects; `read(member)` returns the current member's bytes (call it
    before advancing); unread data is skipped when the walk moves on.
    """

    def __init__(self, stream, seekable: bool = False):
        self.f = io.BufferedReader(stream, CHUNK) if not isinstance(stream, io.BufferedReader) else stream
        self._left = 0  # data bytes of the current member not read yet
        self._pad = 0
        # Unread member data is skipped with a seek when nothing needs to see every byte (the
        # digest is then computed by another reader of the same blob).
        self._seek = seekable

    def _exact(self, n: int) -> bytes:
        data = self.f.read(n)
        if len(data) != n:
            raise LayerError("truncated tar stream")
        return data

    def _skip(self) -> None:
        left = self._left + self._pad
        if self._seek and left > 0:
            self.f.seek(left, io.SEEK_CUR)
            self._left = self._pad = 0
            return
        while left > 0:
            chunk = self.f.read(min(left, CHUNK))
            if not chunk:
                raise LayerError("truncated tar stream")
            left -= len(chunk)
        self._left = self._pad = 0

    def read(self, member: TarMember, limit: int | None = None) -> bytes:
        n = self._left if limit is None else min(limit, self._left)
        data = self._exact(n)
        self._left -= n
        return data

    def __iter__(self):
        pax: dict[str, str] = {}
        long_name = long_link = None
        while True:
            self._skip()
            header = self.f.read(512)
            if len(header) == 0:
                return
            if len(header) != 512:
                raise LayerError("truncated tar stream")
            if header == bytes(512):
                return  # end-of-archive marker
            stored = _num(header[148:156])
            if stored != sum(header) - sum(header[148:156]) + 256:
                raise LayerError("corrupt tar header (bad checksum)")
            tflag = header[156:157]
            size = _num(header[124:136])
            if size < 0:
                raise LayerError("corrupt tar header (negative size)")
            self._left = size
            self._pad = (-size) % 512
            if tflag in (b"x", b"g", b"L", b"K"):
                if size > 16 << 20:
                    raise LayerError("oversized tar extended header")
                data = self.read(None)  # type: ignore[arg-type]
                if tflag == b"x":
                    pax = _parse_pax(data)
                elif tflag == b"L":
                    long_name = _str(data)
                elif tflag == b"K":
                    long_link = _str(data)
                continue
            name = _str(header[0:100])
            if header[257:262] == b"ustar":
                prefix = _str(header[345:500])
                if prefix:
                    name = prefix + "/" + name
            if long_name is not None:
                name = long_name
            linkname = long_link if long_link is not None else _str(header[157:257])
            uid = _num(header[108:116])
            gid = _num(header[116:124])
            if pax:
                name = pax.get("path", name)
                linkname = pax.get("linkpath", linkname)
                if "size" in pax:
                    size = int(pax["size"])
                    self._left = size
                    self._pad = (-size) % 512
                uid = int(pax.get("uid", uid))
                gid = int(pax.get("gid", gid))
            pax = {}
            long_name = long_link = None
            ftype = _TYPE_CHARS.get(tflag, "other")
            if ftype == "file" and name.endswith("/") and tflag == b"\0":
                ftype = "dir"
            yield TarMember(name, ftype, _num(header[100:108]), uid, gid, size, linkname)


def _parse_pax(data: bytes) -> dict[str, str]:
    out: dict[str, str] = {}
    pos = 0
    while pos < len(data):
        sp = data.find(b" ", pos)
        if sp < 0:
            break
        try:
            length = int(data[pos:sp])
        except ValueError:
            raise LayerError("corrupt pax header") from None
        if length <= 0:
            break
        record = data[sp + 1: pos + length - 1]
        key, _, value = record.partition(b"=")
        out[key.decode("utf-8", "replace")] = value.decode("utf-8", "surrogateescape")
        pos += length
    return out


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
    return GuardedReader(stream, hashing, limits, compressed=comp != "none"), hashing, comp


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


class _BlobDigest:
    """The sha256 and length of a whole blob, computed by a thread on its own stream.

    hashlib and file reads release the GIL, so the digest costs no time of the thread that walks
    the tar."""

    def __init__(self, raw):
        import threading

        self.raw = raw
        self.hash = hashlib.sha256()
        self.count = 0
        self.error: Exception | None = None
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            while True:
                data = self.raw.read(CHUNK)
                if not data:
                    break
                self.hash.update(data)
                self.count += len(data)
        except Exception as exc:  # reported by result()
            self.error = exc
        finally:
            close = getattr(self.raw, "close", None)
            if close:
                close()

    def result(self) -> tuple[str, int]:
        self._thread.join()
        if self.error is not None:
            raise LayerError(f"unreadable blob ({self.error})")
        return "sha256:" + self.hash.hexdigest(), self.count


def _seekable(raw) -> bool:
    try:
        return bool(raw.seekable())
    except (AttributeError, OSError, ValueError):
        return False


def _scan_uncompressed(raw, reopen, scan: LayerScan, limits: Limits, wants, visit, keep) -> bool:
    """Walk an uncompressed, seekable blob by seeking past the data nobody reads, while a thread
    digests the whole blob through a second handle. False when the blob is not of that kind."""
    if reopen is None or not _seekable(raw):
        return False
    start = raw.tell()
    head = raw.read(4)
    raw.seek(start)
    if compression_of(head) != "none":
        return False
    digest = _BlobDigest(reopen())
    try:
        walker = TarWalker(raw, seekable=True)
        count = 0
        for member in walker:
            count += 1
            if count > limits.max_entries:
                raise LayerError(f"more than {limits.max_entries} entries")
            _member(walker, member, scan, limits, wants, visit, keep)
        end = walker.f.tell() - start
    finally:
        scan.digest, scan.size = digest.result()
    if end > scan.size:
        raise LayerError("truncated tar stream")
    scan.diff_id = scan.digest  # an uncompressed layer's diff ID is its blob digest
    scan.uncompressed = scan.size
    return True


def scan_layer(
    raw,
    key: str,
    *,
    limits: Limits | None = None,
    wants: Wants | None = None,
    visit: Visit | None = None,
    keep: Callable[[str], bool] | None = None,
    reopen: Callable[[], object] | None = None,
) -> LayerScan:
    """Stream the layer blob `raw` once; never raises for bad content (errors are recorded).

    `reopen` (a second stream of the same blob) lets an uncompressed, seekable blob be walked by
    seeking while another thread computes its digest."""
    limits = limits or Limits()
    scan = LayerScan(key=key)
    hashing = None
    try:
        if _scan_uncompressed(raw, reopen, scan, limits, wants, visit, keep):
            return scan
        stream, hashing, scan.compression = open_layer_stream(raw, limits)
        walker = TarWalker(stream)
        count = 0
        for member in walker:
            count += 1
            if count > limits.max_entries:
                raise LayerError(f"more than {limits.max_entries} entries")
            _member(walker, member, scan, limits, wants, visit, keep)
        stream.drain()  # the end-of-archive padding and anything after it belong to the diff ID
        hashing.drain()
        scan.diff_id = "sha256:" + stream.hash.hexdigest()
        scan.uncompressed = stream.count
    except LayerError as exc:
        scan.errors.append(f"layer {key}: {exc}")
        scan.complete = False
    except (EOFError, OSError) as exc:
        scan.errors.append(f"layer {key}: truncated or unreadable ({exc})")
        scan.complete = False
    if hashing is not None:
        scan.size = hashing.count
        if scan.complete:
            scan.digest = "sha256:" + hashing.hash.hexdigest()
    return scan


def _member(walker: TarWalker, member: TarMember, scan: LayerScan, limits: Limits, wants, visit, keep) -> None:
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
    ftype = member.type
    if ftype == "other":
        return  # unknown entry types are ignored
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
        mode=member.mode & 0o7777,
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
    data = walker.read(member)
    if want_keep:
        scan.cache[path] = data
    if want_visit:
        scan.found.extend(visit(entry, data))


def read_member(raw, wanted: set[str], limits: Limits | None = None, limit: int | None = None) -> dict[str, bytes]:
    """Stream a layer blob and return the bytes of the members at the `wanted` paths."""
    limits = limits or Limits()
    out: dict[str, bytes] = {}
    stream, _, _ = open_layer_stream(raw, limits)
    walker = TarWalker(stream)
    for member in walker:
        if member.type != "file":
            continue
        path, _ = normalize(member.name)
        if path in wanted and path not in out:
            out[path] = walker.read(member, limit)
            if len(out) == len(wanted):
                break
    return out
