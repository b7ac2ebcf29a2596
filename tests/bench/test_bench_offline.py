"""Offline `dockguard bench --daemon-json FILE [--dockerd-args …]`, and the section 3 file checks on
files created with exact modes and owners."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from dockguard.bench import run_bench
from dockguard.config import Config
from dockguard.engine import Engine
from dockguard.rules.loader import load_rules
from dockguard.sources.host import from_offline, parse_dockerd_args

RULES = load_rules(("host", "image", "container"))


def statuses(host, **kw):
    result = run_bench(host, Engine(RULES, Config()), **kw)
    return {c.id: c for c in result.checks}, result


def write(tmp_path, data, name="daemon.json", mode=0o644):
    p = tmp_path / name
    p.write_text(json.dumps(data) if not isinstance(data, str) else data)
    os.chmod(p, mode)
    return str(p)


def test_docker_bench_false_results_are_right(tmp_path):
    # each of these is a wrong result of docker-bench-security (reference §2.5)
    cases = [
        ({"icc": False}, None, "2.2", "pass"),
        ({"iptables": False, "insecure-registries": ["10.0.0.5:5000"]}, None, "2.4", "warn"),
        ({"iptables": False, "insecure-registries": ["10.0.0.5:5000"]}, None, "2.5", "warn"),
        ({"userns-remap": "default"}, None, "2.9", "pass"),
        ({}, "dockerd --log-level=debug", "2.3", "warn"),
        ({"cgroup-parent": "/foo"}, None, "2.10", "warn"),
        ({"log-opts": {"syslog-address": "tcp://10.1.1.1:514"}}, None, "2.7", "pass"),
    ]
    for data, args, cid, want in cases:
        checks, _ = statuses(from_offline(write(tmp_path, data), args, environ={}))
        assert checks[cid].status == want, (data, args, cid, checks[cid].messages)


def test_flags_and_file_merge_and_conflict(tmp_path):
    path = write(tmp_path, {"icc": True, "log-level": "info"})
    host = from_offline(path, "dockerd -H tcp://0.0.0.0:2376 --tlsverify --icc=false", environ={})
    assert host.daemon.effective["icc"] is False
    assert host.daemon.conflicts and host.daemon.conflicts[0].startswith("icc:")
    checks, result = statuses(host)
    assert checks["DG628"].status == "warn"
    assert checks["2.7"].status in ("pass", "info")  # tlsverify on, CA path defaulted
    assert any(f.rule_id == "DG628" for f in result.findings)


def test_plain_tcp_and_tls_without_verify(tmp_path):
    checks, _ = statuses(from_offline(write(tmp_path, {"hosts": ["tcp://0.0.0.0:2375"]}), None, environ={}))
    assert checks["2.7"].status == "warn" and "without TLS" in checks["2.7"].messages[0]
    checks, _ = statuses(from_offline(write(tmp_path, {}), "dockerd -H tcp://0.0.0.0:2376 --tls", environ={}))
    assert checks["2.7"].status == "warn" and "tlsverify" in checks["2.7"].messages[0]


def test_parse_dockerd_args_forms():
    flags, unknown, cfg = parse_dockerd_args(
        ["-H", "fd://", "-Hunix:///x.sock", "--insecure-registry=a:5000", "--insecure-registry", "b:5000",
         "--log-opt", "max-size=10m", "--no-new-privileges", "--userland-proxy=false", "--config-file", "/c.json", "--bogus"]
    )
    assert flags["hosts"] == ["fd://", "unix:///x.sock"]
    assert flags["insecure-registries"] == ["a:5000", "b:5000"]
    assert flags["log-opts"] == {"max-size": "10m"}
    assert flags["no-new-privileges"] is True and flags["userland-proxy"] is False
    assert cfg == "/c.json" and unknown == ["--bogus"]


def test_swarm_not_applicable_offline(tmp_path):
    checks, result = statuses(from_offline(write(tmp_path, {}), None, environ={}))
    for n in range(1, 10):
        assert checks[f"7.{n}"].status == "not_applicable"
    # not applicable never scores
    assert result.score["scored"] == sum(1 for c in result.checks if c.scored and c.status in ("pass", "warn"))


def test_selection_and_levels(tmp_path):
    host = from_offline(write(tmp_path, {}), None, environ={})
    checks, _ = statuses(host, checks=["2.2", "5.*"], level=1)
    assert "2.2" in checks and "5.1" in checks and "2.3" not in checks and "5.3" not in checks  # 5.3 is L2


# -- section 3: files with exact modes ---------------------------------------------------------


@pytest.mark.skipif(os.geteuid() != 0, reason="chown needs root")
def test_file_modes_are_bit_tests(tmp_path):
    ca = write(tmp_path, "CA", "ca.pem", 0o444)
    cert = write(tmp_path, "CERT", "cert.pem", 0o644)  # wider than 444
    key = write(tmp_path, "KEY", "key.pem", 0o400)
    cfg = write(tmp_path, {"tlsverify": True, "tlscacert": ca, "tlscert": cert, "tlskey": key,
                           "hosts": ["unix:///nonexistent/docker.sock"]}, mode=0o606)  # 606 < 644 but o+w
    host = from_offline(cfg, None, host_files=True, environ={})
    checks, _ = statuses(host)
    assert checks["3.18"].status == "warn" and "0606" in checks["3.18"].messages[0]
    assert checks["3.17"].status == "pass"
    assert checks["3.10"].status == "pass"
    assert checks["3.12"].status == "warn"
    assert checks["3.14"].status == "pass"
    assert checks["3.15"].status == "not_applicable"  # the socket is not there
    os.chmod(cfg, 0o640)
    os.chown(key, 1000, 1000)
    checks, _ = statuses(from_offline(cfg, None, host_files=True, environ={}))
    assert checks["3.18"].status == "pass"
    assert checks["3.13"].status == "warn" and "1000" in checks["3.13"].evidence[0]


def test_cli_offline_json_and_exit_code(tmp_path):
    cfg = write(tmp_path, {"icc": False, "userns-remap": "default", "live-restore": True, "no-new-privileges": True,
                           "userland-proxy": False, "authorization-plugins": ["authz"], "log-driver": "syslog",
                           "log-opts": {"syslog-address": "tcp+tls://logs:6514"}})
    env = dict(os.environ, DOCKER_CONTENT_TRUST="1")
    proc = subprocess.run([sys.executable, "-m", "dockguard", "bench", "--daemon-json", cfg, "-f", "json", "--check", "2.*,4.5"],
                          capture_output=True, text=True, env=env)
    doc = json.loads(proc.stdout)
    assert proc.returncode == 0, proc.stdout
    assert doc["benchmark"] == "CIS Docker Benchmark v1.6.0" and doc["mode"] == "offline"
    assert {c["id"]: c["status"] for c in doc["checks"]}["2.2"] == "pass"
    proc = subprocess.run([sys.executable, "-m", "dockguard", "bench", "--daemon-json", cfg, "-f", "json",
                           "--dockerd-args", "--log-level=debug"], capture_output=True, text=True, env=env)
    assert proc.returncode == 1
    proc = subprocess.run([sys.executable, "-m", "dockguard", "bench", "--daemon-json", str(tmp_path / "nope.json")],
                          capture_output=True, text=True)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
