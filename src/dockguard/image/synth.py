"""Build images from a small description: real layer tars in memory, read by the real loader.

Used by rule examples (lang `image`) and tests. The description (a dict, usually from YAML):

    reference: app:1.0                   # default "example:1.0"
    config:                              # the Docker config keys (User, Env, ExposedPorts, Healthcheck…)
      User: "1000"
      Env: [A=b]                         # or a mapping {A: b}
    layers:
      - created_by: COPY app /app        # the history entry that made the layer
        files:
          etc/passwd: "root:x:0:0::/root:/bin/sh\\n"   # a string is the content (mode 0644)
          usr/bin/su: {mode: "4755", content: "x"}     # or: content, mode, uid, gid, type, target
          bin/sh: {type: symlink, target: busybox}
        remove: [root/.aws/credentials]  # whiteouts
        opaque: [var/cache]              # opaque directories
    files: {...}                         # shorthand for one layer
    empty_history: ["ENV A=b"]           # extra empty-layer history entries (before the layers)

`build_blobs` returns the blobs of an OCI layout; `spec_image` loads them into an `Image`;
`write_oci_layout` / `write_docker_archive` write them as a directory or tarball.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import tarfile
from typing import Any

from dockguard.image import oci
from dockguard.image.layers import Limits
from dockguard.image.loader import LayerDesc, Visitor, build_image
from dockguard.model.image import Image


def _mode(value: Any, default: int) -> int:
    if value is None:
        return default
    if isinstance(value, int):
        return value
    return int(str(value), 8)


def layer_tar(files: dict[str, Any], remove: list[str] = (), opaque: list[str] = ()) -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as tf:
        dirs_done: set[str] = set()
        for d in opaque:
            info = tarfile.TarInfo(d.strip("/") + "/.wh..wh..opq")
            tf.addfile(info, io.BytesIO(b""))
        for path in remove:
            head, _, tail = path.strip("/").rpartition("/")
            info = tarfile.TarInfo((head + "/" if head else "") + ".wh." + tail)
            tf.addfile(info, io.BytesIO(b""))
        for path, spec in files.items():
            if not isinstance(spec, dict):
                spec = {"content": spec}
            name = path if path.startswith(("/", "..")) or "/../" in path else path.strip("/")
            parent = name.rsplit("/", 1)[0] if "/" in name.strip("/") else ""
            if parent and parent not in dirs_done and parent not in files and not name.startswith(("/", "..")):
                acc = ""
                for part in parent.split("/"):
                    acc = f"{acc}/{part}" if acc else part
                    if acc not in dirs_done and acc not in files:
                        d = tarfile.TarInfo(acc)
                        d.type = tarfile.DIRTYPE
                        d.mode = 0o755
                        tf.addfile(d)
                        dirs_done.add(acc)
            info = tarfile.TarInfo(name)
            kind = spec.get("type", "file")
            info.uid = int(spec.get("uid", 0))
            info.gid = int(spec.get("gid", 0))
            data = b""
            if kind == "dir":
                info.type = tarfile.DIRTYPE
                info.mode = _mode(spec.get("mode"), 0o755)
                dirs_done.add(name.strip("/"))
            elif kind == "symlink":
                info.type = tarfile.SYMTYPE
                info.linkname = spec["target"]
                info.mode = 0o777
            elif kind == "hardlink":
                info.type = tarfile.LNKTYPE
                info.linkname = spec["target"]
                info.mode = _mode(spec.get("mode"), 0o644)
            else:
                content = spec.get("content", "")
                data = content.encode() if isinstance(content, str) else bytes(content)
                info.size = len(data)
                info.mode = _mode(spec.get("mode"), 0o644)
            tf.addfile(info, io.BytesIO(data) if data else None)
    return buf.getvalue()


def _digest(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def build_blobs(spec: dict[str, Any], compression: str = "gzip") -> tuple[dict[str, bytes], str]:
    """The blobs of an OCI image ({digest: bytes}) and the manifest digest."""
    layers_spec = spec.get("layers")
    if layers_spec is None:
        layers_spec = [{"files": spec.get("files") or {}, "created_by": spec.get("created_by", "COPY rootfs/ /")}]
    config_in = dict(spec.get("config") or {})
    if isinstance(config_in.get("Env"), dict):
        config_in["Env"] = [f"{k}={v}" for k, v in config_in["Env"].items()]
    if isinstance(config_in.get("ExposedPorts"), list):
        config_in["ExposedPorts"] = {p if "/" in str(p) else f"{p}/tcp": {} for p in config_in["ExposedPorts"]}
    blobs: dict[str, bytes] = {}
    diff_ids, layer_descs, history = [], [], []
    for text in spec.get("empty_history") or []:
        history.append({"created_by": text, "empty_layer": True})
    for layer in layers_spec:
        tar = layer_tar(layer.get("files") or {}, layer.get("remove") or [], layer.get("opaque") or [])
        diff_ids.append(_digest(tar))
        if compression == "gzip":
            blob = gzip.compress(tar, mtime=0)
            mt = "application/vnd.oci.image.layer.v1.tar+gzip"
        elif compression == "zstd":
            import zstandard

            blob = zstandard.ZstdCompressor().compress(tar)
            mt = "application/vnd.oci.image.layer.v1.tar+zstd"
        else:
            blob = tar
            mt = "application/vnd.oci.image.layer.v1.tar"
        d = _digest(blob)
        blobs[d] = blob
        layer_descs.append({"mediaType": mt, "digest": d, "size": len(blob)})
        history.append({"created_by": layer.get("created_by", "COPY . /")})
    config = {
        "architecture": spec.get("architecture", "amd64"),
        "os": "linux",
        "config": config_in,
        "rootfs": {"type": "layers", "diff_ids": diff_ids},
        "history": history,
    }
    config_raw = json.dumps(config).encode()
    blobs[_digest(config_raw)] = config_raw
    manifest = {
        "schemaVersion": 2,
        "mediaType": oci.OCI_MANIFEST,
        "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": _digest(config_raw),
                   "size": len(config_raw)},
        "layers": layer_descs,
    }
    manifest_raw = json.dumps(manifest).encode()
    blobs[_digest(manifest_raw)] = manifest_raw
    return blobs, _digest(manifest_raw)


class MemoryStore:
    def __init__(self, blobs: dict[str, bytes]):
        self.blobs = blobs

    def open(self, key: str):
        return io.BytesIO(self.blobs[key])

    def read(self, key: str, limit: int = 16 << 20) -> bytes:
        return self.blobs[key]


def spec_image(spec: dict[str, Any], *, visitor: Visitor | None = None, limits: Limits | None = None) -> Image:
    """An Image built from a description through the real layer reader and merger."""
    blobs, manifest_digest = build_blobs(spec)
    manifest = json.loads(blobs[manifest_digest])
    ref = spec.get("reference", "example:1.0")
    image = Image(reference=ref, source="memory", path=ref, digest=manifest_digest,
                  config_digest=manifest["config"]["digest"], tags=[ref])
    layers = [LayerDesc(key=l["digest"], digest=l["digest"], media_type=l["mediaType"], size=l["size"])
              for l in manifest["layers"]]
    return build_image(image, blobs[manifest["config"]["digest"]], layers, MemoryStore(blobs),
                       visitor=visitor, limits=limits)


def write_oci_layout(spec: dict[str, Any], dest: str, *, compression: str = "gzip", ref_name: str = "latest",
                     as_tar: bool = False) -> str:
    """Write the image as an OCI layout directory, or a tar of one (`as_tar`)."""
    blobs, manifest_digest = build_blobs(spec, compression)
    index = {"schemaVersion": 2, "mediaType": oci.OCI_INDEX, "manifests": [{
        "mediaType": oci.OCI_MANIFEST, "digest": manifest_digest, "size": len(blobs[manifest_digest]),
        "annotations": {"org.opencontainers.image.ref.name": ref_name},
        "platform": {"os": "linux", "architecture": spec.get("architecture", "amd64")},
    }]}
    files = {"oci-layout": b'{"imageLayoutVersion": "1.0.0"}', "index.json": json.dumps(index).encode()}
    for d, data in blobs.items():
        files["blobs/" + d.replace(":", "/")] = data
    return _write(files, dest, as_tar)


def write_docker_archive(spec: dict[str, Any], dest: str, tag: str = "example:1.0", *,
                         compression: str = "none") -> str:
    """Write a legacy `docker save` tarball (`manifest.json`, `<n>/layer.tar`, `<config>.json`)."""
    blobs, manifest_digest = build_blobs(spec, compression)
    manifest = json.loads(blobs[manifest_digest])
    cfg_digest = manifest["config"]["digest"]
    files = {f"{cfg_digest.split(':')[1]}.json": blobs[cfg_digest]}
    layer_names = []
    for i, l in enumerate(manifest["layers"]):
        name = f"{i:04d}{l['digest'].split(':')[1][:8]}/layer.tar"
        files[name] = blobs[l["digest"]]
        layer_names.append(name)
    files["manifest.json"] = json.dumps([{"Config": f"{cfg_digest.split(':')[1]}.json", "RepoTags": [tag],
                                          "Layers": layer_names}]).encode()
    return _write(files, dest, True)


def _write(files: dict[str, bytes], dest: str, as_tar: bool) -> str:
    if as_tar:
        with tarfile.open(dest, "w") as tf:
            for name, data in files.items():
                info = tarfile.TarInfo(name)
                info.size = len(data)
                tf.addfile(info, io.BytesIO(data))
        return dest
    for name, data in files.items():
        full = os.path.join(dest, name)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "wb") as fh:
            fh.write(data)
    return dest
