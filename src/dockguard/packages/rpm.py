"""rpm: the rpmdb in its three formats, header blobs parsed here.

* `rpmdb.sqlite` (RHEL 9, Fedora ≥ 33): table Packages(hnum, blob), read with sqlite3;
* `Packages` (Berkeley DB hash, RHEL ≤ 8 / CentOS 7): hash pages, values on overflow pages;
* `Packages.db` (NDB, SUSE): slot pages pointing at blobs.

A header blob is: il (int32 BE, index entries), dl (int32 BE, data bytes), il × {tag, type, offset,
count} (int32 BE each), then the data store.
"""

from __future__ import annotations

import os
import sqlite3
import struct
import tempfile

from dockguard.packages.model import Package

DIRS = ("var/lib/rpm", "usr/lib/sysimage/rpm", "usr/share/rpm")
NAMES = ("rpmdb.sqlite", "Packages.db", "Packages")

TAG_NAME, TAG_VERSION, TAG_RELEASE, TAG_EPOCH = 1000, 1001, 1002, 1003
TAG_LICENSE, TAG_VENDOR, TAG_ARCH, TAG_SOURCERPM = 1014, 1011, 1022, 1044
TAG_DIRINDEXES, TAG_BASENAMES, TAG_DIRNAMES = 1116, 1117, 1118
TAG_MODULARITYLABEL = 5096
MAX_BLOB = 64 << 20


class RpmError(ValueError):
    pass


def parse_header(blob: bytes) -> dict[int, object]:
    if len(blob) < 8:
        raise RpmError("header blob too short")
    il, dl = struct.unpack_from(">ii", blob, 0)
    if il < 0 or dl < 0 or 8 + il * 16 + dl > len(blob) or il > 100000:
        raise RpmError("bad header blob sizes")
    store = 8 + il * 16
    data = blob[store:store + dl]
    out: dict[int, object] = {}
    for i in range(il):
        tag, typ, off, count = struct.unpack_from(">iiii", blob, 8 + i * 16)
        if off < 0 or off > dl:
            continue
        if typ == 6 or typ == 9:  # STRING, I18NSTRING (first)
            end = data.find(b"\0", off)
            out[tag] = data[off:end if end >= 0 else dl].decode("utf-8", "replace")
        elif typ == 8:  # STRING_ARRAY
            items, pos = [], off
            for _ in range(count):
                end = data.find(b"\0", pos)
                if end < 0:
                    break
                items.append(data[pos:end].decode("utf-8", "replace"))
                pos = end + 1
            out[tag] = items
        elif typ == 4:
            out[tag] = list(struct.unpack_from(f">{count}i", data, off)) if off + 4 * count <= dl else []
        elif typ == 3:
            out[tag] = list(struct.unpack_from(f">{count}h", data, off)) if off + 2 * count <= dl else []
        elif typ == 5:
            out[tag] = list(struct.unpack_from(f">{count}q", data, off)) if off + 8 * count <= dl else []
    return out


def package_from_header(h: dict[int, object], location: str) -> Package | None:
    name, version = h.get(TAG_NAME), h.get(TAG_VERSION)
    if not isinstance(name, str) or not isinstance(version, str) or name == "gpg-pubkey":
        return None
    release = h.get(TAG_RELEASE) if isinstance(h.get(TAG_RELEASE), str) else None
    epoch_v = h.get(TAG_EPOCH)
    epoch = epoch_v[0] if isinstance(epoch_v, list) and epoch_v else None
    full = f"{version}-{release}" if release else version
    if epoch:
        full = f"{epoch}:{full}"
    src_name = src_ver = None
    srpm = h.get(TAG_SOURCERPM)
    if isinstance(srpm, str) and srpm.endswith(".src.rpm"):
        stem = srpm[: -len(".src.rpm")]
        try:
            n, v, r = stem.rsplit("-", 2)
            src_name, src_ver = n, f"{v}-{r}"
            if epoch:
                src_ver = f"{epoch}:{src_ver}"
        except ValueError:
            pass
    files = None
    base, dirs, idx = h.get(TAG_BASENAMES), h.get(TAG_DIRNAMES), h.get(TAG_DIRINDEXES)
    if isinstance(base, list) and isinstance(dirs, list) and isinstance(idx, list):
        files = [(dirs[i] + b).lstrip("/") for i, b in zip(idx, base) if 0 <= i < len(dirs)]
    p = Package(name=name, version=full, type="rpm", source_name=src_name or name, source_version=src_ver or full,
                arch=h.get(TAG_ARCH) if isinstance(h.get(TAG_ARCH), str) else None, epoch=epoch, release=release,
                locations=[location], files=files)
    if isinstance(h.get(TAG_LICENSE), str):
        p.licenses = [h[TAG_LICENSE]]
    if isinstance(h.get(TAG_VENDOR), str):
        p.metadata["vendor"] = h[TAG_VENDOR]
    if isinstance(h.get(TAG_MODULARITYLABEL), str):
        p.metadata["modularity_label"] = h[TAG_MODULARITYLABEL]
    return p


# -- sqlite ----------------------------------------------------------------

def sqlite_blobs(data: bytes) -> list[bytes]:
    fd, tmp = tempfile.mkstemp(suffix=".sqlite", prefix="dg-rpmdb-")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        con = sqlite3.connect(f"file:{tmp}?mode=ro&immutable=1", uri=True)
        try:
            return [bytes(r[0]) for r in con.execute("SELECT blob FROM Packages")]
        finally:
            con.close()
    except sqlite3.Error as exc:
        raise RpmError(f"rpmdb.sqlite: {exc}") from None
    finally:
        os.unlink(tmp)


# -- NDB -------------------------------------------------------------------

NDB_MAGIC = int.from_bytes(b"RpmP", "little")
NDB_SLOT_MAGIC = int.from_bytes(b"Slot", "little")
NDB_BLOB_MAGIC = int.from_bytes(b"BlbS", "little")


def ndb_blobs(data: bytes) -> list[bytes]:
    if len(data) < 32:
        raise RpmError("Packages.db too short")
    magic, version, _gen, npages = struct.unpack_from("<IIII", data, 0)
    if magic != NDB_MAGIC or version != 0:
        raise RpmError("Packages.db: not an NDB database")
    nslots = (npages * 4096 - 32) // 16
    out = []
    for i in range(nslots):
        off = 32 + i * 16
        if off + 16 > len(data):
            break
        smagic, pkgidx, blkoff, _blkcnt = struct.unpack_from("<IIII", data, off)
        if smagic != NDB_SLOT_MAGIC or pkgidx == 0:
            continue
        boff = blkoff * 16
        if boff + 16 > len(data):
            continue
        bmagic, bidx, _ck, blen = struct.unpack_from("<IIII", data, boff)
        if bmagic != NDB_BLOB_MAGIC or bidx != pkgidx or blen > MAX_BLOB:
            continue
        out.append(data[boff + 16: boff + 16 + blen])
    return out


# -- Berkeley DB hash --------------------------------------------------------

BDB_HASH_MAGIC = 0x061561
P_HASH_UNSORTED, P_OVERFLOW, P_HASHMETA, P_HASH = 2, 7, 8, 13
H_OFFPAGE = 3


def bdb_blobs(data: bytes) -> list[bytes]:
    if len(data) < 512:
        raise RpmError("Packages too short")
    e = "<"
    magic = struct.unpack_from("<I", data, 12)[0]
    if magic != BDB_HASH_MAGIC:
        if struct.unpack_from(">I", data, 12)[0] != BDB_HASH_MAGIC:
            raise RpmError("Packages: not a Berkeley DB hash database")
        e = ">"
    pagesize = struct.unpack_from(e + "I", data, 20)[0]
    last = struct.unpack_from(e + "I", data, 32)[0]
    if pagesize < 512 or pagesize > 65536:
        raise RpmError("Packages: bad page size")
    out = []
    for pgno in range(1, last + 1):
        page = data[pgno * pagesize:(pgno + 1) * pagesize]
        if len(page) < 26:
            break
        ptype = page[25]
        if ptype not in (P_HASH, P_HASH_UNSORTED):
            continue
        nentries = struct.unpack_from(e + "H", page, 20)[0]
        for k in range(1, nentries, 2):  # key, value pairs: the values
            idx = struct.unpack_from(e + "H", page, 26 + k * 2)[0]
            if idx + 12 > len(page) or page[idx] != H_OFFPAGE:
                continue
            opg, tlen = struct.unpack_from(e + "II", page, idx + 4)
            blob = _overflow(data, opg, tlen, pagesize, e)
            if blob:
                out.append(blob)
    return out


def _overflow(data: bytes, pgno: int, tlen: int, pagesize: int, e: str) -> bytes:
    parts, total, hops = [], 0, 0
    while pgno and hops < 100000 and total < MAX_BLOB:
        page = data[pgno * pagesize:(pgno + 1) * pagesize]
        if len(page) < 26 or page[25] != P_OVERFLOW:
            break
        nxt = struct.unpack_from(e + "I", page, 16)[0]
        used = struct.unpack_from(e + "H", page, 22)[0]
        chunk = page[26:26 + used] if nxt == 0 else page[26:]
        parts.append(chunk)
        total += len(chunk)
        pgno, hops = nxt, hops + 1
    return b"".join(parts)[:tlen]


def blobs(name: str, data: bytes) -> list[bytes]:
    if name == "rpmdb.sqlite":
        return sqlite_blobs(data)
    if name == "Packages.db":
        return ndb_blobs(data)
    return bdb_blobs(data)


def catalog(tree, errors: list[str] | None = None) -> list[Package]:
    for d in DIRS:
        for name in NAMES:
            path = f"{d}/{name}"
            entry = tree.get(path)
            if entry is None:
                continue
            try:
                data = tree.read(path)
            except (KeyError, OSError):
                continue
            if not data:
                continue
            try:
                out = []
                for blob in blobs(name, data):
                    try:
                        p = package_from_header(parse_header(blob), path)
                    except (RpmError, struct.error):
                        continue
                    if p is not None:
                        out.append(p)
                return out
            except (RpmError, struct.error) as exc:
                if errors is not None:
                    errors.append(f"{path}: {exc}")
    return []
