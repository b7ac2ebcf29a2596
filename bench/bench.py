"""Benchmark `dockguard bench` on a private daemon with N running containers.

Reports wall time and the Engine API calls made (one inspect per container and per image at most;
every check is evaluated in memory). Needs root and Debian's docker.io (see docs/testing.md).

    .venv/bin/python bench/bench.py [--containers 50]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections import Counter

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests"))


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--containers", type=int, default=50)
    args = ap.parse_args()
    from support.dockerd import Dockerd
    from support.images import busybox_image

    from dockguard.bench import run_bench
    from dockguard.config import Config
    from dockguard.engine import Engine
    from dockguard.rules.loader import load_rules
    from dockguard.sources.host import from_live

    with Dockerd() as d:
        image = busybox_image(d, "dockguard-bench/busybox:latest")
        client = d.client()
        t0 = time.perf_counter()
        for i in range(args.containers):
            client.containers.run(image, "sleep 3600", detach=True, network_mode="none", name=f"bench-{i}",
                                  mem_limit="64m" if i % 2 else None)
        setup = time.perf_counter() - t0
        t0 = time.perf_counter()
        ruleset = load_rules(("host", "image", "container"))
        engine = Engine(ruleset, Config())
        t1 = time.perf_counter()
        host, counter = from_live(d.host, environ={})
        t2 = time.perf_counter()
        result = run_bench(host, engine)
        t3 = time.perf_counter()
        def kind(p: str) -> str:
            parts = p.split("/")
            if len(parts) >= 4 and parts[1] in ("containers", "images"):
                return f"{parts[0]}/{parts[1]}/{{id}}/{parts[3]}"
            return p

        kinds = Counter(kind(p) for p in counter.paths)
        per_container = sum(1 for p in counter.paths if p.startswith("GET /containers/") and p.endswith("/json") and p != "GET /containers/json")
        print(f"containers running: {host.running}, images: {len(host.images or [])}")
        print(f"setup (start {args.containers} containers): {setup:.1f}s")
        print(f"bench wall time: {t3 - t0:.2f}s (load rules {t1 - t0:.2f}s, collect {t2 - t1:.2f}s, evaluate {t3 - t2:.3f}s)")
        print(f"Engine API calls: {counter.calls} ({per_container} container inspects)")
        for k, n in sorted(kinds.items()):
            print(f"  {n:4d}  {k}")
        print(f"checks: {result.counts()}, score {result.score}")
        for c in client.containers.list(all=True):
            c.remove(force=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
