"""Archives and layouts crafted with tarfile: layouts, compression, whiteouts, bad input."""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import resource
import tarfile

import pytest

from dockguard.errors import InputError
from dockguard.image.layers import Limits
from dockguard.image.synth import build_blobs, layer_tar, spec_image, write_docker_archive, write_oci_layout
from dockguard.secrets.engine import SecretScanner
from dockguard.secrets.examples import expand
from dockguard.secrets.scan import image_visitor
from dockguard.sources.image_archive import load_archive

TOKEN = "gh" + "p_" + expand("{r36}")
SPEC = {
    "config": {"User": "1000", "Env": {"PATH": "/bin"}},
    "layers": [
        {"created_by": "COPY rootfs/ /", "files": {
            "etc/passwd": "root:x:0:0::/root:/bin/sh\n",
            "bin/busybox": {"mode": "0755", "content": "BB"},
            "bin/sh": {"type": "symlink", "target": "busybox"},
            "var/cache/app/a": "1",
            "var/cache/app/b": "2",
            "root/token.txt": f"token={TOKEN}\n",
            "app/link": {"type": "hardlink", "target": "etc/passwd"},
        }},
        {"created_by": "/bin/sh -c rm /root/token.txt && rm -rf /var/cache/app/*", "remove": ["root/token.txt"],
         "opaque": ["var/cache/app"], "files": {"var/cache/app/c": "3"}},
        {"created_by": "COPY app /app", "files": {"app/main": "print(1)\n", "etc/passwd": "root:x:0:0::/root:/bin/sh\napp:x:1000:1000::/app:/bin/false\n"}},
    ],
}


def visitor():
    return image_visitor(SecretScanner())


def check_image(img):
    assert img.errors == []
    tree = img.files
    paths = {e.path for e in tree.entries()}
    assert "root/token.txt" not in paths
    assert {"var/cache/app/c"} == {p for p in paths if p.startswith("var/cache/app/")}
    assert tree.read("bin/sh") == b"BB"  # symlink followed
    assert b"app:x:1000" in tree.read("etc/passwd")  # the last layer's version
    assert tree.get("etc/passwd").layer == 2
    assert tree.read("app/main") == b"print(1)\n"
    assert tree.read_many(["app/main", "bin/busybox", "missing"]) == {"app/main": b"print(1)\n", "bin/busybox": b"BB"}
    assert [l.history.created_by for l in img.layers] == [h["created_by"] for h in SPEC["layers"]]
    assert "root/token.txt" in img.layers[1].removed
    assert "var/cache/app/a" in img.layers[1].removed
    assert "app/main" in img.layers[2].added
    hidden = {(e.path, e.layer, by) for e, by in tree.hidden()}
    assert ("root/token.txt", 0, 1) in hidden and ("etc/passwd", 0, 2) in hidden
    [hit] = [h for h in img.secrets if h.detector == "github-pat"]
    assert (hit.path, hit.layer, hit.removed_in, hit.line) == ("root/token.txt", 0, 1, 1)
    assert TOKEN not in hit.redacted
    assert img.user == "1000" and img.env == {"PATH": "/bin"}


@pytest.mark.parametrize("compression", ["gzip", "zstd", "none"])
@pytest.mark.parametrize("as_tar", [False, True])
def test_oci_layout(tmp_path, compression, as_tar):
    dest = str(tmp_path / ("img.tar" if as_tar else "img"))
    write_oci_layout(SPEC, dest, compression=compression, as_tar=as_tar)
    [img] = load_archive(dest, visitor=visitor())
    assert img.source == "oci-layout"
    check_image(img)


@pytest.mark.parametrize("compression", ["none", "gzip"])
def test_docker_archive_legacy(tmp_path, compression):
    dest = str(tmp_path / "img.tar")
    write_docker_archive(SPEC, dest, tag="acme/app:2", compression=compression)
    [img] = load_archive(dest, visitor=visitor())
    assert img.source == "docker-archive" and img.tags == ["acme/app:2"]
    check_image(img)


def test_memory_spec_image():
    check_image(spec_image(SPEC, visitor=visitor()))


def _multi_platform(tmp_path, nested: bool):
    files = {"oci-layout": b'{"imageLayoutVersion":"1.0.0"}'}
    manifests = []
    for arch in ("amd64", "arm64"):
        spec = {"architecture": arch, "files": {f"arch-{arch}": arch}}
        blobs, mdigest = build_blobs(spec)
        for d, data in blobs.items():
            files["blobs/" + d.replace(":", "/")] = data
        manifests.append({"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": mdigest,
                          "size": len(blobs[mdigest]),
                          "platform": {"os": "linux", "architecture": arch, **({"variant": "v8"} if arch == "arm64" else {})}})
    manifests.append({"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": manifests[0]["digest"],
                      "size": 1, "platform": {"os": "unknown", "architecture": "unknown"},
                      "annotations": {"vnd.docker.reference.type": "attestation-manifest"}})
    index = {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": manifests}
    raw = json.dumps(index).encode()
    if nested:
        d = "sha256:" + hashlib.sha256(raw).hexdigest()
        files["blobs/" + d.replace(":", "/")] = raw
        raw = json.dumps({"schemaVersion": 2, "manifests": [
            {"mediaType": "application/vnd.oci.image.index.v1+json", "digest": d, "size": len(raw)}]}).encode()
    files["index.json"] = raw
    for name, data in files.items():
        p = tmp_path / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data)
    return str(tmp_path)


@pytest.mark.parametrize("nested", [False, True])
def test_multi_platform(tmp_path, nested):
    path = _multi_platform(tmp_path, nested)
    [img] = load_archive(path, platform="linux/arm64")
    assert img.architecture == "arm64" and img.files.get("arch-arm64")
    [img] = load_archive(path, platform="linux/amd64")
    assert img.files.get("arch-amd64")
    with pytest.raises(InputError, match="no image for platform linux/s390x"):
        load_archive(path, platform="linux/s390x")


# -- bad input ---------------------------------------------------------------------------------


def _oci_with_layer(tmp_path, layer_blob: bytes, diff_id: str | None = None, digest: str | None = None):
    blobs, mdigest = build_blobs({"files": {"a": "x"}})
    manifest = json.loads(blobs[mdigest])
    config = json.loads(blobs[manifest["config"]["digest"]])
    real = "sha256:" + hashlib.sha256(layer_blob).hexdigest()
    config["rootfs"]["diff_ids"] = [diff_id or config["rootfs"]["diff_ids"][0]]
    craw = json.dumps(config).encode()
    cd = "sha256:" + hashlib.sha256(craw).hexdigest()
    manifest["config"]["digest"] = cd
    manifest["layers"][0]["digest"] = digest or real
    mraw = json.dumps(manifest).encode()
    md = "sha256:" + hashlib.sha256(mraw).hexdigest()
    out = {cd: craw, md: mraw, digest or real: layer_blob}
    for d, data in out.items():
        p = tmp_path / "blobs" / d.replace(":", "/")
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data)
    (tmp_path / "index.json").write_text(json.dumps({"schemaVersion": 2, "manifests": [
        {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": md, "size": len(mraw)}]}))
    (tmp_path / "oci-layout").write_text('{"imageLayoutVersion":"1.0.0"}')
    return str(tmp_path)


def test_digest_mismatch(tmp_path):
    blob = gzip.compress(layer_tar({"a": "x"}))
    fake = "sha256:" + "0" * 64
    path = _oci_with_layer(tmp_path, blob, digest=fake)
    [img] = load_archive(path)
    assert any("digest mismatch" in e for e in img.errors)
    assert img.files.get("a") is not None  # the rest still read


def test_diff_id_mismatch(tmp_path):
    blob = gzip.compress(layer_tar({"a": "x"}))
    path = _oci_with_layer(tmp_path, blob, diff_id="sha256:" + "1" * 64)
    [img] = load_archive(path)
    assert any("diff ID mismatch" in e for e in img.errors)


def test_truncated_layer(tmp_path):
    blob = gzip.compress(layer_tar({"a": "x" * 50000, "b": os.urandom(50000)}))
    path = _oci_with_layer(tmp_path, blob[: len(blob) // 2])
    [img] = load_archive(path)
    assert any("truncated" in e or "corrupt" in e for e in img.errors), img.errors


def test_corrupt_layer(tmp_path):
    blob = b"\x1f\x8b" + os.urandom(2000)
    path = _oci_with_layer(tmp_path, blob)
    [img] = load_archive(path)
    assert any("corrupt" in e or "unreadable" in e for e in img.errors), img.errors


def test_decompression_bomb(tmp_path):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as tf:
        info = tarfile.TarInfo("zeros")
        info.size = 64 << 20

        class Zeros(io.RawIOBase):
            left = info.size

            def read(self, n=-1):
                n = min(n if n >= 0 else self.left, self.left)
                self.left -= n
                return b"\0" * n

        tf.addfile(info, Zeros())
    blob = gzip.compress(buf.getvalue(), compresslevel=9)
    path = _oci_with_layer(tmp_path, blob)
    limits = Limits(max_ratio=50, ratio_after=1 << 20)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    [img] = load_archive(path, limits=limits)
    assert any("decompression bomb" in e for e in img.errors), img.errors
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 200_000  # KiB


def test_dotdot_and_absolute_entries(tmp_path):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as tf:
        for name in ("../../etc/evil", "/abs/file", "ok/file", "a/../../b"):
            info = tarfile.TarInfo(name)
            info.size = 1
            tf.addfile(info, io.BytesIO(b"x"))
        link = tarfile.TarInfo("hl")
        link.type = tarfile.LNKTYPE
        link.linkname = "../../etc/shadow"
        tf.addfile(link)
    path = _oci_with_layer(tmp_path, buf.getvalue())
    [img] = load_archive(path)
    paths = {e.path for e in img.files.entries()}
    assert "abs/file" in paths and "ok/file" in paths
    assert not any(".." in p for p in paths) and "etc/evil" not in paths and "hl" not in paths
    assert any("climbs out" in e for e in img.errors)
    assert any("absolute path" in e for e in img.errors)
    assert any("leaves the root" in e for e in img.errors)
    assert not os.path.exists(tmp_path / "etc")


def test_symlink_loop():
    img = spec_image({"files": {"a": {"type": "symlink", "target": "b"}, "b": {"type": "symlink", "target": "a"}}})
    assert img.files.resolve("a") is None
    with pytest.raises(KeyError):
        img.files.read("a")


@pytest.mark.parametrize("content,message", [
    (b"not json", "malformed JSON"),
    (b"[]", "not a JSON object"),
])
def test_malformed_index(tmp_path, content, message):
    (tmp_path / "index.json").write_bytes(content)
    (tmp_path / "oci-layout").write_text("{}")
    with pytest.raises(InputError, match=message):
        load_archive(str(tmp_path))


def test_malformed_manifest_json(tmp_path):
    p = tmp_path / "x.tar"
    with tarfile.open(p, "w") as tf:
        info = tarfile.TarInfo("manifest.json")
        info.size = 3
        tf.addfile(info, io.BytesIO(b"{x]"))
    with pytest.raises(InputError, match="malformed JSON"):
        load_archive(str(p))


def test_not_an_archive(tmp_path):
    p = tmp_path / "x.tar"
    p.write_bytes(b"hello")
    with pytest.raises(InputError):
        load_archive(str(p))
    gz = tmp_path / "x.tar.gz"
    gz.write_bytes(gzip.compress(b"x"))
    with pytest.raises(InputError, match="decompress it first"):
        load_archive(str(gz))


def test_truncated_outer_archive(tmp_path):
    dest = str(tmp_path / "img.tar")
    write_docker_archive(SPEC, dest)
    data = open(dest, "rb").read()
    cut = tmp_path / "cut.tar"
    cut.write_bytes(data[: int(len(data) * 0.8)])
    try:
        images = load_archive(str(cut))
    except InputError as exc:
        assert "truncated" in str(exc) or "missing" in str(exc) or "manifest" in str(exc)
    else:
        assert images[0].errors


def test_scan_command_formats(tmp_path, capsys):
    from dockguard.cli import main

    dest = str(tmp_path / "img.tar")
    write_docker_archive(SPEC, dest, tag="acme/app:latest")
    for fmt in ("text", "json", "sarif", "junit", "gitlab", "checkstyle"):
        rc = main(["scan", dest, "-f", fmt, "--no-progress"])
        out = capsys.readouterr().out
        assert rc == 1, fmt
        assert "DG518" in out and TOKEN not in out, fmt
    main(["scan", dest, "-f", "json"])
    data = json.loads(capsys.readouterr().out)
    rules = {f["rule"] for f in data["findings"]}
    assert {"DG518", "DG506", "DG507"} <= rules
    [secret] = [f for f in data["findings"] if f["rule"] == "DG518"]
    assert secret["location"] == {"path": dest, "object": "/root/token.txt:1 @ layer 0 (COPY rootfs/ /)"}
    assert "removed in layer 1 (RUN rm /root/token.txt" in secret["message"]


@pytest.mark.parametrize("as_tar", [False, True])
def test_layers_scanned_in_parallel_give_the_same_image(tmp_path, monkeypatch, as_tar):
    """Forked workers scan the layers of file-backed stores; the result is the serial one."""
    from dockguard.image import loader

    dest = str(tmp_path / ("img.tar" if as_tar else "img"))
    write_oci_layout(SPEC, dest, compression="gzip", as_tar=as_tar)
    monkeypatch.setattr(loader, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    calls = []
    real = loader._scan_parallel
    monkeypatch.setattr(loader, "_scan_parallel", lambda *a: calls.append(r := real(*a)) or r)
    [img] = load_archive(dest, visitor=visitor())
    assert calls and calls[0] is not None and len(calls[0]) == 3  # all three layers came from workers
    check_image(img)


# Uncompressed layers in files are walked by seeking past unread data while a thread digests
# the blob: a short or altered blob must still be caught.
def test_uncompressed_truncated_layer(tmp_path):
    blob = layer_tar({"a": "x" * 50000, "b": "y" * 50000})
    path = _oci_with_layer(tmp_path, blob[:20000])
    [img] = load_archive(path)
    assert any("truncated" in e for e in img.errors), img.errors


def test_uncompressed_digest_and_diff_id_mismatch(tmp_path):
    blob = layer_tar({"a": "x"})
    path = _oci_with_layer(tmp_path, blob, digest="sha256:" + "0" * 64, diff_id="sha256:" + "1" * 64)
    [img] = load_archive(path)
    assert any("digest mismatch" in e for e in img.errors), img.errors
    assert any("diff ID mismatch" in e for e in img.errors), img.errors
    assert img.files.read("a") == b"x"


def test_uncompressed_layer_digest_is_verified_when_it_matches(tmp_path):
    blob = layer_tar({"a": "x", "dir/b": "y" * 3000})
    path = _oci_with_layer(tmp_path, blob, diff_id="sha256:" + hashlib.sha256(blob).hexdigest())
    [img] = load_archive(path)
    assert img.errors == []
    assert img.layers[0].diff_id == "sha256:" + hashlib.sha256(blob).hexdigest()
    assert img.files.read("dir/b") == b"y" * 3000
