"""The plugin in front of a REAL private dockerd, driven through the real docker CLI.

`dockguard enforce serve` runs as a subprocess on /run/docker/plugins/<unique name>.sock (dockerd looks
legacy plugins up there by name), and a private dockerd runs with --authorization-plugin=<name>.
"""

from __future__ import annotations

import base64
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import pytest

from support.dockerd import Dockerd, free_port, missing_requirements  # tests/ is on sys.path (tests/conftest.py)

pytestmark = pytest.mark.docker

DG = os.path.join(os.path.dirname(sys.executable), "dockguard")
PLUGIN_DIR = "/run/docker/plugins"


def _wait_socket(path: str, proc: subprocess.Popen, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"dockguard enforce serve exited with {proc.returncode}: {proc.stderr.read()}")
        if os.path.exists(path):
            with socket.socket(socket.AF_UNIX) as s:
                try:
                    s.connect(path)
                    return
                except OSError:
                    pass
        time.sleep(0.05)
    raise RuntimeError(f"plugin socket {path} did not appear")


def post_raw(path: str, endpoint: str, body: bytes) -> tuple[int, dict]:
    """One HTTP POST to the plugin socket, without any client library."""
    with socket.socket(socket.AF_UNIX) as s:
        s.settimeout(5)
        s.connect(path)
        s.sendall(b"POST %s HTTP/1.1\r\nHost: plugin\r\nContent-Type: application/json\r\n"
                  b"Content-Length: %d\r\nConnection: close\r\n\r\n%s" % (endpoint.encode(), len(body), body))
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    head, _, payload = data.partition(b"\r\n\r\n")
    return int(head.split()[1]), json.loads(payload)


class PluginProcess:
    def __init__(self, root: Path, policy: dict):
        self.name = f"dgtest-{uuid.uuid4().hex[:10]}"
        self.socket = os.path.join(PLUGIN_DIR, f"{self.name}.sock")
        self.policy_path = root / "policy.yaml"
        self.log_path = root / "audit.jsonl"
        self.metrics_port = free_port()
        self.write_policy(policy)
        self.proc = subprocess.Popen(
            [DG, "enforce", "serve", "--name", self.name, "--socket", self.socket, "--policy", str(self.policy_path),
             "--log", str(self.log_path), "--metrics-address", f"127.0.0.1:{self.metrics_port}"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, cwd=root)
        _wait_socket(self.socket, self.proc)

    def write_policy(self, policy: dict) -> None:
        self.policy_path.write_text(json.dumps(policy))  # JSON is YAML

    def reload(self, policy: dict) -> None:
        before = self.log_text().count('"event":"reload"')
        self.write_policy(policy)
        self.proc.send_signal(signal.SIGHUP)
        deadline = time.monotonic() + 20
        while self.log_text().count('"event":"reload"') == before:
            assert time.monotonic() < deadline, "the plugin did not reload its policy"
            time.sleep(0.05)

    def log_text(self) -> str:
        try:
            return self.log_path.read_text()
        except FileNotFoundError:
            return ""

    def entries(self) -> list[dict]:
        return [json.loads(line) for line in self.log_text().splitlines() if line.strip()]

    def metrics(self) -> str:
        with urllib.request.urlopen(f"http://127.0.0.1:{self.metrics_port}/metrics", timeout=5) as resp:
            return resp.read().decode()

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if os.path.exists(self.socket):
            os.unlink(self.socket)


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    reasons = missing_requirements()
    if reasons:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("; ".join(reasons), pytrace=False)
        pytest.skip("; ".join(reasons))
    from support.images import busybox_image

    root = tmp_path_factory.mktemp("enforce")
    plugin = PluginProcess(root, {})
    daemon = Dockerd(extra_args=[f"--authorization-plugin={plugin.name}"])
    try:
        daemon.start()
        image = busybox_image(daemon, "dockguard-test/busybox:latest")
        yield plugin, daemon, image
    finally:
        daemon.stop()
        plugin.stop()
        assert not os.path.exists(plugin.socket)


# A run the container rules accept: non-root, no new privileges, every capability dropped,
# read-only root, limits on memory, CPU and pids.
COMPLIANT = ["--user", "65534:65534", "--security-opt", "no-new-privileges", "--cap-drop", "ALL", "--read-only",
             "--memory", "64m", "--cpus", "0.5", "--pids-limit", "64",
             "--health-cmd", "true", "--network", "none"]


def _denied(proc, plugin) -> str:
    assert proc.returncode != 0, proc.stdout
    err = proc.stderr
    assert f"authorization denied by plugin {plugin.name}: dockguard: denied" in err, err
    return err


@pytest.mark.parametrize(
    "args, keyword",
    [
        (["--privileged"], "privileged"),
        (["-v", "/var/run/docker.sock:/var/run/docker.sock"], "docker.sock"),
        (["--network", "host"], "host"),
        (["--cap-add", "SYS_ADMIN"], "SYS_ADMIN"),
    ],
)
def test_dangerous_runs_refused(env, args, keyword):
    plugin, daemon, image = env
    flags = [a for a in COMPLIANT if a not in ("--network", "none")] if "--network" in args else COMPLIANT
    if "--cap-add" in args:
        flags = [a for a in flags if a not in ("--cap-drop", "ALL")]
    proc = daemon.cli("run", "--rm", *flags, *args, image, "true", check=False)
    err = _denied(proc, plugin)
    assert re.search(r"denied by DG\d{3} \(", err), err
    assert keyword.lower() in err.lower()
    assert "Fix: " in err
    entry = [e for e in plugin.entries() if e.get("route") == "container.create"][-1]
    assert entry["decision"] == "deny" and entry["method"] == "POST" and entry["rules"]
    assert re.match(r"^/v1\.\d+/containers/create", entry["uri"]) and entry["user"] is None
    assert entry["latency_ms"] >= 0


def test_compliant_container_runs(env):
    plugin, daemon, image = env
    proc = daemon.cli("run", "--rm", *COMPLIANT, image, "echo", "hello from dockguard", check=False)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "hello from dockguard"
    creates = [e for e in plugin.entries() if e.get("route") == "container.create"]
    assert creates[-1]["decision"] == "allow"


def test_privileged_exec_refused(env):
    plugin, daemon, image = env
    cid = daemon.cli("run", "-d", *COMPLIANT, image, "sleep", "300").stdout.strip()
    try:
        proc = daemon.cli("exec", "--privileged", cid, "true", check=False)
        err = _denied(proc, plugin)
        assert "denied by exec.privileged" in err and "without --privileged" in err
        ok = daemon.cli("exec", cid, "echo", "plain exec", check=False)
        assert ok.returncode == 0 and ok.stdout.strip() == "plain exec", ok.stderr
    finally:
        daemon.cli("rm", "-f", cid, check=False)


def test_bind_volume_of_host_root_refused(env):
    plugin, daemon, image = env
    bind = ["volume", "create", "--driver", "local", "--opt", "type=none", "--opt", "o=bind"]
    # the container rules judge the host path as they judge -v /:/host
    err = _denied(daemon.cli(*bind, "--opt", "device=/", "rootfs", check=False), plugin)
    assert re.search(r"denied volume rootfs by DG\d{3}", err), err
    # any other host path: logged by default, denied when the policy says volumes.bind: deny
    os.makedirs("/tmp/dgtest-bind", exist_ok=True)
    proc = daemon.cli(*bind, "--opt", "device=/tmp/dgtest-bind", "data1", check=False)
    assert proc.returncode == 0, proc.stderr
    daemon.cli("volume", "rm", "data1", check=False)
    plugin.reload({"volumes": {"bind": "deny"}})
    try:
        err = _denied(daemon.cli(*bind, "--opt", "device=/tmp/dgtest-bind", "data2", check=False), plugin)
        assert "denied by volumes.bind" in err and "/tmp/dgtest-bind" in err
        assert daemon.cli("volume", "create", "plainvol", check=False).returncode == 0
    finally:
        plugin.reload({})
        daemon.cli("volume", "rm", "plainvol", check=False)


def test_audit_only_lets_them_through_and_logs(env):
    plugin, daemon, image = env
    plugin.reload({"audit_only": True})
    try:
        proc = daemon.cli("run", "--rm", *COMPLIANT, "--privileged", image, "true", check=False)
        assert proc.returncode == 0, proc.stderr
        cid = daemon.cli("run", "-d", image, "sleep", "300").stdout.strip()
        try:
            # authorised; whether the runtime can then grant every capability depends on the machine
            # (inside an unprivileged CI container it cannot), so only the authorisation is asserted
            proc = daemon.cli("exec", "--privileged", cid, "true", check=False)
            assert "authorization denied" not in proc.stdout + proc.stderr
        finally:
            daemon.cli("rm", "-f", cid, check=False)
    finally:
        plugin.reload({})
    audits = [e for e in plugin.entries() if e.get("decision") == "audit"]
    routes = {e["route"] for e in audits}
    assert {"container.create", "exec.create"} <= routes
    create = [e for e in audits if e["route"] == "container.create"][-1]
    assert create["rules"] and "privileged" in create["msg"].lower()
    # enforcing again
    proc = daemon.cli("run", "--rm", *COMPLIANT, "--privileged", image, "true", check=False)
    _denied(proc, plugin)


def test_malformed_requests_to_the_plugin_socket_denied(env):
    plugin, _, _ = env
    status, answer = post_raw(plugin.socket, "/AuthZPlugin.AuthZReq", b"{not json")
    assert status == 200 and answer["Allow"] is False
    body = {"RequestMethod": "POST", "RequestUri": "/v1.41/containers/create", "RequestHeaders": {"Content-Length": "0"}}
    status, answer = post_raw(plugin.socket, "/AuthZPlugin.AuthZReq", json.dumps(body).encode())
    assert answer["Allow"] is False and "without a body" in answer["Msg"]
    body["RequestBody"] = base64.b64encode(b"\x00\x01binary").decode()
    body["RequestHeaders"] = {}
    status, answer = post_raw(plugin.socket, "/AuthZPlugin.AuthZReq", json.dumps(body).encode())
    assert answer["Allow"] is False and "not JSON" in answer["Msg"]
    status, answer = post_raw(plugin.socket, "/Plugin.Activate", b"")
    assert answer == {"Implements": ["authz"]}
    status, answer = post_raw(plugin.socket, "/AuthZPlugin.AuthZRes", b"{}")
    assert answer == {"Allow": True}


def test_metrics_count_decisions(env):
    plugin, daemon, image = env
    daemon.cli("run", "--rm", *COMPLIANT, "--privileged", image, "true", check=False)
    text = plugin.metrics()
    deny = re.search(r'dockguard_enforce_decisions_total\{outcome="deny",route="container.create"\} (\d+)', text)
    assert deny and int(deny.group(1)) >= 1
    assert re.search(r'dockguard_enforce_decisions_total\{outcome="allow",route="default"\} [1-9]', text)
    count = int(re.search(r"dockguard_enforce_decision_seconds_count (\d+)", text).group(1))
    assert count == len([e for e in plugin.entries() if "decision" in e and e["decision"] != "response"])


def test_pull_outside_the_allow_list_refused(env):
    plugin, daemon, _ = env
    plugin.reload({"pull": {"allow_registries": ["registry.example.com:5000"]}})
    try:
        err = _denied(daemon.cli("pull", "evil.example.com/tools/miner:1", check=False), plugin)
        assert "registry evil.example.com is not in the allow-list (registry.example.com:5000)" in err
        # an allowed registry gets past the plugin (and then fails: there is no network in tests)
        proc = daemon.cli("pull", "registry.example.com:5000/app:1", check=False)
        assert "authorization denied" not in proc.stderr
    finally:
        plugin.reload({})
