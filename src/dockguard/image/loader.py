"""Build an `Image` from an image config and its layer blobs, whatever store they come from.

A store (archive, OCI directory, registry, daemon stream) gives the config bytes and a way to open
each layer blob as a stream. `build_image` reads each layer once (`layers.scan_layer`), checks its
digests, merges the layers into the final tree, ties layers to history entries, and collects what
the optional visitor (the secrets engine) found, per layer, including files deleted later.
"""

from __future__ import annotations

import fnmatch
import json
import re
from dataclasses import dataclass
from typing import Any, Callable, Protocol

from dockguard.image.layers import Limits, LayerScan, read_member, scan_layer
from dockguard.image.tree import MergedTree, merge
from dockguard.model.image import HistoryEntry, Image, Layer

# Small files kept in memory during the layer pass, so rules and catalogers read them without a
# second pass. Other subsystems may append patterns (fnmatch, relative paths) before loading.
KEEP_PATTERNS: list[str] = [
    "etc/passwd",
    "etc/shadow",
    "etc/group",
    "etc/gshadow",
    "etc/os-release",
    "usr/lib/os-release",
    "etc/*-release",
    "etc/*_version",
    "etc/ssh/sshd_config",
    "etc/sudoers",
    "var/lib/dpkg/status",
    "var/lib/dpkg/status.d/*",
    "lib/apk/db/installed",
    "usr/lib/apk/db/installed",
]


def keep_predicate(patterns: list[str] | None = None) -> Callable[[str], bool]:
    pats = KEEP_PATTERNS if patterns is None else patterns
    exact = {p for p in pats if not any(c in p for c in "*?[")}
    globs = [p for p in pats if p not in exact]
    rx = re.compile("|".join(fnmatch.translate(g) for g in globs)) if globs else None
    return lambda path: path in exact or (rx is not None and rx.match(path) is not None)


class Store(Protocol):
    def open(self, key: str): ...  # a raw binary stream of the blob

    def read(self, key: str, limit: int = 16 << 20) -> bytes: ...


@dataclass
class LayerDesc:
    key: str  # what store.open takes
    digest: str | None = None  # expected digest of the stored bytes (OCI/registry)
    media_type: str | None = None
    size: int = 0


@dataclass
class Visitor:
    """Hooks run on each layer's files during the single pass (the secrets engine uses these)."""

    wants: Callable | None = None
    visit: Callable | None = None


def parse_config(raw: bytes, where: str) -> dict[str, Any]:
    from dockguard.errors import InputError

    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise InputError(where, f"the image config is not valid JSON ({exc})") from None
    if not isinstance(data, dict):
        raise InputError(where, "the image config is not a JSON object")
    return data


def apply_config(image: Image, config: dict[str, Any]) -> None:
    image.config = config
    c = config.get("config") or config.get("container_config") or {}
    if not isinstance(c, dict):
        c = {}
    image.os = config.get("os")
    image.architecture = config.get("architecture")
    if image.os and image.architecture:
        image.platform = f"{image.os}/{image.architecture}" + (f"/{config['variant']}" if config.get("variant") else "")
    image.user = c.get("User") or ""
    env = {}
    for item in c.get("Env") or []:
        if isinstance(item, str):
            k, _, v = item.partition("=")
            env[k] = v
    image.env = env
    image.exposed_ports = sorted((c.get("ExposedPorts") or {}).keys()) if isinstance(c.get("ExposedPorts"), dict) else []
    image.labels = {str(k): str(v) for k, v in (c.get("Labels") or {}).items()} if isinstance(c.get("Labels"), dict) else {}
    image.entrypoint = c.get("Entrypoint")
    image.cmd = c.get("Cmd")
    hc = c.get("Healthcheck")
    image.healthcheck = hc.get("Test") if isinstance(hc, dict) else None
    image.volumes = sorted((c.get("Volumes") or {}).keys()) if isinstance(c.get("Volumes"), dict) else []
    image.working_dir = c.get("WorkingDir") or None
    image.history = []
    for h in config.get("history") or []:
        if isinstance(h, dict):
            image.history.append(
                HistoryEntry(
                    created_by=str(h.get("created_by") or ""),
                    empty_layer=bool(h.get("empty_layer")),
                    created=h.get("created"),
                    comment=h.get("comment"),
                )
            )


# Below this much layer data one process is faster than starting workers.
PARALLEL_MIN_BYTES = 32 << 20
_JOB: tuple | None = None  # what forked workers read: (layers, store, limits, visitor, keep)


def _close(raw) -> None:
    close = getattr(raw, "close", None)
    if close:
        close()


def _scan_blob(store, desc: LayerDesc, limits: Limits, visitor, keep) -> LayerScan:
    """One pass over one layer blob of the store (a missing blob is a failed scan, not an error)."""
    try:
        raw = store.open(desc.key)
    except (KeyError, OSError) as exc:
        return LayerScan(key=desc.key, complete=False, errors=[f"layer {desc.key}: missing blob ({exc})"])
    try:
        return scan_layer(
            raw, desc.key, limits=limits,
            wants=visitor.wants if visitor else None,
            visit=visitor.visit if visitor else None,
            keep=keep,
            reopen=(lambda: store.open(desc.key)) if getattr(store, "forkable", False) else None,
        )
    finally:
        _close(raw)


def _scan_one(index: int) -> tuple[int, LayerScan]:
    assert _JOB is not None
    layers, store, limits, visitor, keep = _JOB
    return index, _scan_blob(store, layers[index], limits, visitor, keep)


def _compressed(store, key: str) -> bool:
    from dockguard.image.layers import compression_of

    raw = store.open(key)
    try:
        return compression_of(raw.read(4)) != "none"
    finally:
        _close(raw)


def _scan_parallel(layers, store, limits, visitor, keep, prescanned) -> dict[int, LayerScan] | None:
    """Scan the layers of a file-backed store on every core (fork), largest first.

    Layers are independent until they are merged, and a store that reads files opens a handle per
    blob, so each worker streams its own layers. Returns None (scan in this process) when there is
    one core, little data, or a store that cannot be shared.
    """
    import os

    global _JOB
    todo = [i for i, d in enumerate(layers) if not (prescanned and d.key in prescanned)]
    jobs = min(os.cpu_count() or 1, len(todo))
    if jobs < 2 or not getattr(store, "forkable", False) or not hasattr(os, "fork"):
        return None
    sizes = {i: store.size(layers[i].key) for i in todo}
    if visitor is None:
        # Without a content visitor an uncompressed layer is walked by seeking (cheap); only
        # compressed layers, which must be inflated, are worth a worker.
        work = sum(size for i, size in sizes.items() if _compressed(store, layers[i].key))
    else:
        work = sum(sizes.values())
    if work < PARALLEL_MIN_BYTES:
        return None
    import multiprocessing

    _JOB = (layers, store, limits, visitor, keep)
    try:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            order = sorted(todo, key=lambda i: -sizes[i])
            return dict(pool.imap_unordered(_scan_one, order))
    except Exception:  # a worker that died: the layers are scanned again in this process
        return None
    finally:
        _JOB = None


def build_image(
    image: Image,
    config_raw: bytes,
    layers: list[LayerDesc],
    store: Store,
    *,
    limits: Limits | None = None,
    visitor: Visitor | None = None,
    keep: Callable[[str], bool] | None = None,
    prescanned: dict[str, LayerScan] | None = None,
    progress: Callable[[int, int, LayerDesc], None] | None = None,
) -> Image:
    """Fill `image` (reference, source and path already set) from its config and layers."""
    limits = limits or Limits()
    keep = keep or keep_predicate()
    config = parse_config(config_raw, image.path)
    apply_config(image, config)
    diff_ids = ((config.get("rootfs") or {}).get("diff_ids")) or []
    if diff_ids and len(diff_ids) != len(layers):
        image.errors.append(
            f"the config lists {len(diff_ids)} layer diff IDs but the manifest has {len(layers)} layers"
        )
    scans: list[LayerScan] = []
    used: set[int] = set()
    parallel = _scan_parallel(layers, store, limits, visitor, keep, prescanned)
    for i, desc in enumerate(layers):
        if progress:
            progress(i, len(layers), desc)
        scan = prescanned.get(desc.key) if prescanned else None
        if scan is None and parallel is not None:
            scan = parallel.get(i)
        if scan is None:
            scan = _scan_blob(store, desc, limits, visitor, keep)
        if id(scan) in used:  # the same blob twice (a repeated layer): its own entry objects
            import copy

            scan = copy.copy(scan)
            scan.entries = {p: copy.copy(e) for p, e in scan.entries.items()}
            scan.found = [copy.copy(h) for h in scan.found]
        used.add(id(scan))
        image.errors.extend(scan.errors)
        if scan.complete and desc.digest and scan.digest and desc.digest != scan.digest:
            image.errors.append(f"layer {i}: digest mismatch: manifest says {desc.digest}, blob is {scan.digest}")
        if scan.complete and i < len(diff_ids) and scan.diff_id and diff_ids[i] != scan.diff_id:
            image.errors.append(f"layer {i}: diff ID mismatch: config says {diff_ids[i]}, layer is {scan.diff_id}")
        scans.append(scan)
    if progress:
        progress(len(layers), len(layers), None)  # type: ignore[arg-type]

    per_layer = [s.entries for s in scans]
    files, removed, hidden = merge(per_layer, [s.whiteouts for s in scans], [s.opaque for s in scans])
    cache: dict[str, bytes] = {}
    for s in scans:
        for path, data in s.cache.items():
            cache[path] = data  # later layers win
    # only keep the cached version that is the final one
    cache = {p: d for p, d in cache.items() if p in files and _cached_layer(scans, p) == files[p].layer}

    def opener(index: int, wanted: set[str], limit: int | None) -> dict[str, bytes]:
        raw = store.open(layers[index].key)
        try:
            return read_member(raw, wanted, limits, limit)
        finally:
            _close(raw)

    image.files = MergedTree(files, per_layer, hidden, opener, cache)
    image.layers = []
    for i, (desc, scan) in enumerate(zip(layers, scans)):
        image.layers.append(
            Layer(
                index=i,
                digest=desc.digest or scan.digest or desc.key,
                diff_id=diff_ids[i] if i < len(diff_ids) else scan.diff_id,
                size=scan.size or desc.size,
                media_type=desc.media_type,
                added=sorted(scan.entries),
                removed=sorted(set(removed[i]) | set(scan.whiteouts)),
            )
        )
    _tie_history(image)
    if visitor is not None:
        gone = {(e.path, e.layer): by for e, by in hidden}
        hits = []
        for i, scan in enumerate(scans):
            for hit in scan.found:
                hit.layer = i
                hit.removed_in = gone.get((hit.path, i))
                hits.append(hit)
        image.secrets = hits
    return image


def _cached_layer(scans: list[LayerScan], path: str) -> int:
    for i in range(len(scans) - 1, -1, -1):
        if path in scans[i].cache:
            return i
    return -1


def _tie_history(image: Image) -> None:
    """Non-empty history entries map to layers, in order."""
    non_empty = [h for h in image.history if not h.empty_layer]
    if image.history and len(non_empty) != len(image.layers):
        image.errors.append(
            f"history has {len(non_empty)} non-empty entries for {len(image.layers)} layers;"
            " layers are tied to history by position where possible"
        )
    for layer, h in zip(image.layers, non_empty):
        h.layer = layer.index
        layer.history = h


def layer_label(image: Image, index: int) -> str:
    """"layer 3 (RUN rm /root/.aws/credentials)" — for messages."""
    if 0 <= index < len(image.layers):
        h = image.layers[index].history
        if h is not None and h.created_by:
            text = h.created_by
            text = re.sub(r"^/bin/sh -c #\(nop\)\s*", "", text)
            text = re.sub(r"^/bin/sh -c ", "RUN ", text)
            if len(text) > 80:
                text = text[:77] + "..."
            return f"layer {index} ({text})"
    return f"layer {index}"
