"""server.py and the CLI: the protocol over a real unix socket, keep-alive, audit log, metrics, reload."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request

import pytest

from dockguard.enforce.server import AuditLog, Metrics, Plugin, serve_async
from tests.enforce.helpers import make_decider, req

DG = os.path.join(os.path.dirname(sys.executable), "dockguard")
PRIV = {"Image": "busybox", "HostConfig": {"Privileged": True}}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def running(tmp_path):
    """A plugin served in a thread; yields (socket path, plugin, metrics port)."""
    path = str(tmp_path / "p.sock")
    log = AuditLog(str(tmp_path / "audit.jsonl"))
    plugin = Plugin(make_decider(), log, Metrics())
    port = _free_port()
    ready = threading.Event()
    loop = asyncio.new_event_loop()
    stop = asyncio.Event()

    def run():
        asyncio.set_event_loop(loop)
        loop.run_until_complete(serve_async(plugin, path, f"127.0.0.1:{port}", ready.set, stop))

    t = threading.Thread(target=run, daemon=True)
    t.start()
    assert ready.wait(10)
    yield path, plugin, port, tmp_path / "audit.jsonl"
    loop.call_soon_threadsafe(stop.set)
    t.join(10)
    assert not os.path.exists(path)


def _http(sock: socket.socket, endpoint: str, body: bytes, extra: bytes = b"") -> bytes:
    return (b"POST %s HTTP/1.1\r\nHost: plugin\r\nContent-Type: application/json\r\n%sContent-Length: %d\r\n\r\n%s"
            % (endpoint.encode(), extra, len(body), body))


def _responses(sock: socket.socket, count: int) -> list[tuple[int, dict]]:
    data = b""
    out = []
    while len(out) < count:
        chunk = sock.recv(65536)
        assert chunk, "connection closed early"
        data += chunk
        while True:
            end = data.find(b"\r\n\r\n")
            if end < 0:
                break
            head = data[:end].decode()
            length = int(next(l.split(":")[1] for l in head.split("\r\n") if l.lower().startswith("content-length")))
            if len(data) < end + 4 + length:
                break
            out.append((int(head.split()[1]), json.loads(data[end + 4:end + 4 + length])))
            assert "application/vnd.docker.plugins.v1+json" in head
            data = data[end + 4 + length:]
    return out


def test_protocol_keep_alive_and_pipelining(running):
    path, plugin, port, log = running
    with socket.socket(socket.AF_UNIX) as s:
        s.settimeout(5)
        s.connect(path)
        s.sendall(_http(s, "/Plugin.Activate", b""))
        assert _responses(s, 1) == [(200, {"Implements": ["authz"]})]
        # three requests in one write, on the same connection
        batch = (_http(s, "/AuthZPlugin.AuthZReq", json.dumps(req(body=PRIV)).encode())
                 + _http(s, "/AuthZPlugin.AuthZReq", json.dumps(req("/v1.41/_ping", None, "GET")).encode())
                 + _http(s, "/AuthZPlugin.AuthZRes", json.dumps(req(body=PRIV)).encode()))
        s.sendall(batch)
        (st1, deny), (st2, ping), (st3, res) = _responses(s, 3)
        assert deny["Allow"] is False and "DG391" in deny["Msg"]
        assert ping == {"Allow": True} and res == {"Allow": True}
        s.sendall(_http(s, "/Nope", b"{}"))
        assert _responses(s, 1)[0][0] == 404
    entries = [json.loads(x) for x in log.read_text().splitlines()]
    assert [e["decision"] for e in entries] == ["deny", "allow"]
    assert entries[0]["rules"] == ["DG391"] and entries[0]["uri"] == "/v1.41/containers/create"
    assert entries[0]["time"].endswith("Z") and entries[0]["latency_ms"] > 0
    assert plugin.metrics.responses == 1


def test_request_split_across_writes(running):
    path, *_ = running
    data = _http(None, "/AuthZPlugin.AuthZReq", json.dumps(req(body=PRIV)).encode())
    with socket.socket(socket.AF_UNIX) as s:
        s.settimeout(5)
        s.connect(path)
        for i in range(0, len(data), 7):
            s.sendall(data[i:i + 7])
        assert _responses(s, 1)[0][1]["Allow"] is False


def test_chunked_transport_refused_and_connection_closed(running):
    path, *_ = running
    with socket.socket(socket.AF_UNIX) as s:
        s.settimeout(5)
        s.connect(path)
        s.sendall(b"POST /AuthZPlugin.AuthZReq HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n")
        data = s.recv(65536)
        assert data.startswith(b"HTTP/1.1 411") and b"Connection: close" in data


def test_malformed_authz_payload_denied(running):
    path, *_ = running
    with socket.socket(socket.AF_UNIX) as s:
        s.settimeout(5)
        s.connect(path)
        s.sendall(_http(s, "/AuthZPlugin.AuthZReq", b"\xff\xfe garbage"))
        status, answer = _responses(s, 1)[0]
        assert status == 200 and answer["Allow"] is False and "not a JSON object" in answer["Msg"]


def test_metrics_endpoint(running):
    path, plugin, port, _ = running
    d = make_decider()
    for r in (req(body=PRIV), req(body={"Image": "busybox"}), req("/v1.41/containers/json", None, "GET")):
        plugin.authz_request(json.dumps(r).encode())
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as resp:
        text = resp.read().decode()
        assert resp.headers["Content-Type"].startswith("text/plain; version=0.0.4")
    assert 'dockguard_enforce_decisions_total{outcome="deny",route="container.create"} 1' in text
    assert 'dockguard_enforce_decisions_total{outcome="allow",route="container.create"} 1' in text
    assert 'dockguard_enforce_decisions_total{outcome="allow",route="default"} 1' in text
    assert 'dockguard_enforce_rule_denials_total{rule="DG391",mode="deny"} 1' in text
    assert 'dockguard_enforce_decision_seconds_bucket{le="+Inf"} 3' in text
    assert "dockguard_enforce_decision_seconds_count 3" in text
    assert "# TYPE dockguard_enforce_decision_seconds histogram" in text
    assert d is not None


def test_stale_socket_replaced_live_socket_refused(tmp_path):
    from dockguard.enforce.server import _bind_unix
    from dockguard.errors import DockguardError

    path = str(tmp_path / "s.sock")
    s1 = socket.socket(socket.AF_UNIX)
    s1.bind(path)  # bound, not listening: stale
    s1.close()
    live = _bind_unix(path)
    assert os.stat(path).st_mode & 0o077 == 0  # only root (dockerd) may connect
    with pytest.raises(DockguardError, match="already listening"):
        _bind_unix(path)
    live.close()


# -- the CLI --------------------------------------------------------------------------------------


def _dg(*args, input=None, cwd=None):
    return subprocess.run([DG, *args], capture_output=True, text=True, input=input, cwd=cwd, timeout=60)


def test_cli_check(tmp_path):
    body = tmp_path / "create.json"
    body.write_text(json.dumps({"Image": "busybox", "HostConfig": {"Privileged": True}}))
    exe = {"Cmd": ["sh"], "Privileged": True}
    proc = _dg("enforce", "check", "--uri", "/v1.41/containers/x/exec", "--body", "-", input=json.dumps(exe),
               cwd=tmp_path)
    assert proc.returncode == 1 and proc.stdout.startswith("dockguard: denied by exec.privileged")
    proc = _dg("enforce", "check", "--uri", "/v1.41/containers/x/exec", "--body", "-", "--audit-only", "-f", "json",
               input=json.dumps(exe), cwd=tmp_path)
    out = json.loads(proc.stdout)
    assert proc.returncode == 0 and out["decision"] == "audit" and out["rules"] == ["exec.privileged"]
    proc = _dg("enforce", "check", "--uri", "/v1.41/containers/x/exec", "--body", "-", input="", cwd=tmp_path)
    assert proc.returncode == 1 and "without a body" in proc.stdout
    request = tmp_path / "req.json"
    request.write_text(json.dumps(req("/v1.41/images/create?fromImage=evil.io/x", None)))
    policy = tmp_path / "policy.yaml"
    policy.write_text("pull:\n  allow_registries: [docker.io]\n")
    proc = _dg("enforce", "check", "--request", str(request), "--policy", str(policy), cwd=tmp_path)
    assert proc.returncode == 1 and "registry evil.io is not in the allow-list (docker.io)" in proc.stdout


def test_cli_bad_policy_is_one_line_exit_2(tmp_path):
    policy = tmp_path / "policy.yaml"
    policy.write_text("exec:\n  privileged: maybe\n")
    body = tmp_path / "b.json"
    body.write_text("{}")
    proc = _dg("enforce", "check", "--body", str(body), "--policy", str(policy), cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.strip() == (f"dockguard: {policy}: exec.privileged must be one of deny, log, allow, "
                                   "not 'maybe'")
    proc = _dg("enforce", "serve", "--socket", str(tmp_path / "x.sock"), "--policy", str(policy), cwd=tmp_path)
    assert proc.returncode == 2 and "exec.privileged" in proc.stderr and "Traceback" not in proc.stderr


def test_cli_install_prints_unit_and_daemon_json():
    proc = _dg("enforce", "install", "--name", "dockguard")
    assert proc.returncode == 0
    assert "Before=docker.service" in proc.stdout and "ExecReload=/bin/kill -HUP $MAINPID" in proc.stdout
    assert "enforce serve --name dockguard --socket /run/docker/plugins/dockguard.sock" in proc.stdout
    assert '"authorization-plugins": [\n    "dockguard"\n  ]' in proc.stdout


def test_cli_serve_spec_file_reload_and_stop(tmp_path):
    sock = str(tmp_path / "dg.sock")
    spec_dir = tmp_path / "plugins"
    log = tmp_path / "audit.jsonl"
    policy = tmp_path / "policy.yaml"
    policy.write_text("audit_only: false\n")
    proc = subprocess.Popen([DG, "enforce", "serve", "--name", "dgspec", "--socket", sock, "--spec-dir",
                             str(spec_dir), "--policy", str(policy), "--log", str(log)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, cwd=tmp_path)
    try:
        deadline = time.monotonic() + 20
        while not (spec_dir / "dgspec.spec").exists():
            assert proc.poll() is None, proc.stderr.read()
            assert time.monotonic() < deadline
            time.sleep(0.05)
        assert (spec_dir / "dgspec.spec").read_text() == f"unix://{sock}\n"

        def decide(r):
            with socket.socket(socket.AF_UNIX) as s:
                s.settimeout(5)
                s.connect(sock)
                s.sendall(_http(s, "/AuthZPlugin.AuthZReq", json.dumps(r).encode()))
                return _responses(s, 1)[0][1]

        exe = req("/v1.41/containers/x/exec", {"Privileged": True})
        assert decide(exe)["Allow"] is False

        def reload(text):
            n = log.read_text().count('"event":"reload"')
            policy.write_text(text)
            proc.send_signal(signal.SIGHUP)
            while log.read_text().count('"event":"reload"') == n:
                assert time.monotonic() < deadline + 20
                time.sleep(0.05)
            return json.loads(log.read_text().splitlines()[-1])

        assert reload("audit_only: true\n")["result"] == "ok"
        assert decide(exe)["Allow"] is True
        bad = reload("audit_only: [\n")
        assert bad["result"] == "error" and "invalid YAML" in bad["error"]
        assert decide(exe)["Allow"] is True  # the previous policy stays
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=20)
    assert proc.returncode == 0
    assert not os.path.exists(sock) and not (spec_dir / "dgspec.spec").exists()
    events = [json.loads(x).get("event") for x in log.read_text().splitlines()]
    assert events[0] == "start" and events[-1] == "stop"
