"""Write a `docker save`-style archive from root filesystem tarballs (one layer each), without a daemon.

Used by the tests and the SBOM benchmark to turn a debootstrap rootfs into an image archive that
dockguard, trivy and others read the same way."""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import shutil
import tarfile
import tempfile


def _sha256_file(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def write_docker_archive(layers: list[str], dest: str, tag: str = "dockguard-test/rootfs:1", config: dict | None = None) -> str:
    """`layers`: paths of (optionally gzipped) rootfs tars, bottom first. Returns `dest`."""
    work = tempfile.mkdtemp(prefix="dg-archive-", dir=os.path.dirname(os.path.abspath(dest)))
    try:
        diff_ids, names = [], []
        for i, src in enumerate(layers):
            out = os.path.join(work, f"layer{i}.tar")
            with open(src, "rb") as fh:
                magic = fh.read(2)
            opener = gzip.open if magic == b"\x1f\x8b" else open
            with opener(src, "rb") as fin, open(out, "wb") as fout:
                shutil.copyfileobj(fin, fout, 1 << 20)
            digest = _sha256_file(out)
            diff_ids.append(f"sha256:{digest}")
            names.append((out, f"{digest}/layer.tar"))
        cfg = {
            "architecture": "amd64", "os": "linux",
            "config": {"Env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"], "Cmd": ["/bin/bash"]},
            "rootfs": {"type": "layers", "diff_ids": diff_ids},
            "history": [{"created_by": f"layer {i}"} for i in range(len(layers))],
        }
        if config:
            cfg["config"].update(config)
        cfg_raw = json.dumps(cfg).encode()
        cfg_name = hashlib.sha256(cfg_raw).hexdigest() + ".json"
        manifest = [{"Config": cfg_name, "RepoTags": [tag], "Layers": [n for _, n in names]}]
        tmp = dest + ".partial"
        with tarfile.open(tmp, "w") as tf:
            for data, name in ((cfg_raw, cfg_name), (json.dumps(manifest).encode(), "manifest.json")):
                info = tarfile.TarInfo(name)
                info.size = len(data)
                tf.addfile(info, io.BytesIO(data))
            for path, name in names:
                tf.add(path, arcname=name)
        os.replace(tmp, dest)
        return dest
    finally:
        shutil.rmtree(work, ignore_errors=True)
