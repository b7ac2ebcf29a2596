"""`dockguard bench` against real private daemons: the verdicts follow the daemon's configuration."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from support.dockerd import Dockerd, missing_requirements

from tests.conftest import require


def bench(d: Dockerd, *args: str) -> tuple[int, dict]:
    env = d.env()
    env.pop("DOCKER_CONTENT_TRUST", None)
    proc = subprocess.run(
        [sys.executable, "-m", "dockguard", "bench", "-f", "json", *args],
        env=env, capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode in (0, 1), proc.stderr
    return proc.returncode, json.loads(proc.stdout)


def statuses(doc: dict) -> dict[str, str]:
    return {c["id"]: c["status"] for c in doc["checks"]}


@pytest.fixture(scope="module")
def hardened():
    require(missing_requirements())
    # icc=false needs iptables, which the isolated test daemons leave off: icc is covered offline
    cfg = {"live-restore": True, "no-new-privileges": True, "userns-remap": "default",
           "log-level": "info", "userland-proxy": False}
    with Dockerd(config=cfg) as d:
        yield d


@pytest.fixture(scope="module")
def loose():
    require(missing_requirements())
    with Dockerd(config={"log-level": "debug", "insecure-registries": ["10.0.0.5:5000"]}, extra_args=["--experimental"]) as d:
        yield d


def test_hardened_daemon_passes_its_settings(hardened):
    _, doc = bench(hardened, "--no-images")
    st = statuses(doc)
    assert doc["mode"] == "live"
    for cid in ("2.3", "2.5", "2.9", "2.14", "2.15", "2.16", "2.18"):
        assert st[cid] == "pass", (cid, [c for c in doc["checks"] if c["id"] == cid])
    # swarm inactive: section 7 is not applicable, never a free pass
    assert all(st[f"7.{n}"] == "not_applicable" for n in range(1, 10))
    assert st["5.1"] == "pass"


def test_loose_daemon_warns(loose):
    rc, doc = bench(loose, "--no-images")
    st = statuses(doc)
    assert rc == 1
    for cid in ("2.2", "2.3", "2.5", "2.9", "2.14", "2.15", "2.16", "2.18"):
        assert st[cid] == "warn", cid
    check = next(c for c in doc["checks"] if c["id"] == "2.5")
    assert "10.0.0.5:5000" in check["messages"][0]
    # the dockerd process was found and its flag read (experimental came from the command line)
    assert "dockerd command line" not in doc["skipped"]


def test_check_selection_and_level(loose):
    _, doc = bench(loose, "--no-images", "--check", "2.2,3.*", "--level", "1")
    ids = [c["id"] for c in doc["checks"]]
    assert "2.2" in ids and "3.1" in ids and "2.9" not in ids and "1.1.1" not in ids
    assert all(c["level"] == 1 for c in doc["checks"])


def test_one_inspect_per_container_and_image(dockerd, busybox_image):
    from dockguard.sources.host import from_live

    client = dockerd.client()
    started = [
        client.containers.run(busybox_image, "sleep 300", detach=True, network_mode="none", name=f"dg-bench-{i}")
        for i in range(3)
    ]
    try:
        host, counter = from_live(dockerd.host, environ={})
        inspects = [p for p in counter.paths if p.startswith("GET /containers/") and p.endswith("/json")
                    and p != "GET /containers/json"]
        assert len(inspects) == len(set(inspects)) >= 3
        image_inspects = [p for p in counter.paths if p.startswith("GET /images/") and p.endswith("/json")
                          and p != "GET /images/json"]
        assert len(image_inspects) == len(set(image_inspects)) >= 1
        assert host.running >= 3
        assert any(i.reference == busybox_image for i in host.images)
    finally:
        for c in started:
            c.remove(force=True)


def test_junit_has_a_testcase_per_check(loose):
    env = loose.env()
    proc = subprocess.run([sys.executable, "-m", "dockguard", "bench", "-f", "junit", "--no-images", "--check", "2.*"],
                          env=env, capture_output=True, text=True, timeout=300)
    assert proc.stdout.count("<testcase ") == 18 + 0
    assert proc.stdout.count('<failure type="warn"') >= 6
