"""Benchmark `dockguard audit`: every compose file of the shared corpora, and a live daemon.

1. Wall time of auditing all compose files under ../shared/corpora (parse + all container rules).
2. A private dockerd (tests/support) with N containers (created, those that can start on the machine started): wall time of
   `dockguard audit --docker` (list + one inspect per container in parallel + one image inspect per
   image + the rules) against one `docker inspect` CLI call of all those containers. Target: <= 2x.
Needs root and Debian's docker.io for part 2 (see docs/testing.md); `--no-live` skips it.

    .venv/bin/python bench/audit.py [--containers 100] [--repeat 5] [--no-live]
"""

from __future__ import annotations

import argparse
import glob
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests"))
CORPORA = os.path.normpath(os.path.join(HERE, "..", "..", "shared", "corpora"))


def engine():
    from dockguard.config import Config
    from dockguard.engine import Engine
    from dockguard.rules.loader import load_rules

    return Engine(load_rules(("container",)), Config())


def bench_compose(repeat: int) -> None:
    from dockguard.audit import audit
    from dockguard.sources.compose import is_compose_name

    files = sorted(f for f in glob.glob(os.path.join(CORPORA, "**", "*.y*ml"), recursive=True) if is_compose_name(f))
    eng = engine()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = audit(eng, files)
        times.append(time.perf_counter() - t0)
    print(f"compose corpus: {len(files)} files, {result.specs} services, {len(result.findings)} findings, "
          f"{len(result.errors)} errors; wall time median {statistics.median(times) * 1000:.1f} ms "
          f"(min {min(times) * 1000:.1f} ms) over {repeat} runs")


def bench_live(n: int, repeat: int) -> None:
    from support.dockerd import Dockerd, docker_cli
    from support.images import busybox_image

    from dockguard.audit import audit

    with Dockerd() as d:
        image = busybox_image(d, "dockguard-bench/busybox:latest")
        t0 = time.perf_counter()
        flags = [[], ["--privileged"], ["-m", "64m", "--read-only"], ["--cap-add", "NET_ADMIN", "-e", "DB_PASSWORD=benchsecret123"]]
        ids = []
        for i in range(n):
            out = d.cli("create", "--name", f"bench-{i}", *flags[i % len(flags)], image, "sleep", "3600")
            ids.append(out.stdout.strip())
        started = sum(d.cli("start", cid, check=False).returncode == 0 for i, cid in enumerate(ids) if i % 4 in (0, 2))
        print(f"live daemon: {n} containers created ({started} started) in {time.perf_counter() - t0:.1f} s")
        eng = engine()
        audit_times, inspect_times = [], []
        for _ in range(repeat):
            t0 = time.perf_counter()
            subprocess.run([docker_cli() or "docker", "inspect", *ids], env=d.env(), capture_output=True, check=True)
            inspect_times.append(time.perf_counter() - t0)
            os.environ["DOCKER_HOST"] = d.host
            t0 = time.perf_counter()
            result = audit(eng, docker=True, host=d.host)
            audit_times.append(time.perf_counter() - t0)
            assert result.specs == n and not result.errors, result.errors
        # the CLI end to end too (process start, imports, output)
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "dockguard", "audit", "--docker", "-f", "json", "-o", os.devnull],
                       env=d.env(), capture_output=True)
        cli = time.perf_counter() - t0
        a, i = statistics.median(audit_times), statistics.median(inspect_times)
        print(f"live audit (in process): median {a * 1000:.0f} ms, {len(result.findings)} findings")
        print(f"`docker inspect` of all {n}: median {i * 1000:.0f} ms")
        print(f"ratio audit / inspect: {a / i:.2f}x (target <= 2x)")
        print(f"`dockguard audit --docker` CLI end to end: {cli * 1000:.0f} ms")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--containers", type=int, default=100)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--no-live", action="store_true")
    args = ap.parse_args()
    bench_compose(args.repeat)
    if not args.no_live:
        bench_live(args.containers, args.repeat)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
