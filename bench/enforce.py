#!/usr/bin/env python3
"""Benchmark of `dockguard enforce`: decisions per second and latency, on the plugin socket.

Starts `dockguard enforce serve` on a private socket (or uses `--socket` of a running plugin) and
drives `/AuthZPlugin.AuthZReq` directly from several client processes, each on its own keep-alive
connection as dockerd's plugin client does. The requests are recorded container create requests
(bodies exactly as the docker 20.10 CLI sends them): compliant ones and ones the rules deny
(--privileged, the Docker socket mounted, --network host, --cap-add SYS_ADMIN), with some exec
creates and reads (which are allowed without looking at a body).

    .venv/bin/python bench/enforce.py                   # 20,000 requests, 4 clients
    .venv/bin/python bench/enforce.py -n 50000 -c 8 --json

Two phases: paced (the clients together offer --rate decisions/s, 2,000 by default; latency counted
from each request's scheduled time) and saturated (as fast as the plugin answers: the throughput).
Prints decisions/s, the round-trip latency the clients see (p50, p99, max) and the plugin's own
decision time (from its audit log). Targets: p99 < 2 ms at 2,000/s, >= 2,000 decisions/s.
"""

from __future__ import annotations

import argparse
import base64
import copy
import json
import multiprocessing as mp
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time

# A `docker create` body as the docker 20.10 CLI sends it (captured), with nothing set.
BASE = json.loads(
    '{"Hostname":"","Domainname":"","User":"","AttachStdin":false,"AttachStdout":true,"AttachStderr":true,'
    '"Tty":false,"OpenStdin":false,"StdinOnce":false,"Env":null,"Cmd":["true"],"Image":"busybox","Volumes":{},'
    '"WorkingDir":"","Entrypoint":null,"OnBuild":null,"Labels":{},"HostConfig":{"Binds":null,"ContainerIDFile":"",'
    '"LogConfig":{"Type":"","Config":{}},"NetworkMode":"default","PortBindings":{},"RestartPolicy":{"Name":"no",'
    '"MaximumRetryCount":0},"AutoRemove":false,"VolumeDriver":"","VolumesFrom":null,"CapAdd":null,"CapDrop":null,'
    '"CgroupnsMode":"","Dns":[],"DnsOptions":[],"DnsSearch":[],"ExtraHosts":null,"GroupAdd":null,"IpcMode":"",'
    '"Cgroup":"","Links":null,"OomScoreAdj":0,"PidMode":"","Privileged":false,"PublishAllPorts":false,'
    '"ReadonlyRootfs":false,"SecurityOpt":null,"UTSMode":"","UsernsMode":"","ShmSize":0,"ConsoleSize":[0,0],'
    '"Isolation":"","CpuShares":0,"Memory":0,"NanoCpus":0,"CgroupParent":"","BlkioWeight":0,"BlkioWeightDevice":[],'
    '"BlkioDeviceReadBps":null,"BlkioDeviceWriteBps":null,"BlkioDeviceReadIOps":null,"BlkioDeviceWriteIOps":null,'
    '"CpuPeriod":0,"CpuQuota":0,"CpuRealtimePeriod":0,"CpuRealtimeRuntime":0,"CpusetCpus":"","CpusetMems":"",'
    '"Devices":[],"DeviceCgroupRules":null,"DeviceRequests":null,"KernelMemory":0,"KernelMemoryTCP":0,'
    '"MemoryReservation":0,"MemorySwap":0,"MemorySwappiness":-1,"OomKillDisable":false,"PidsLimit":0,'
    '"Ulimits":null,"CpuCount":0,"CpuPercent":0,"IOMaximumIOps":0,"IOMaximumBandwidth":0,"MaskedPaths":null,'
    '"ReadonlyPaths":null},"NetworkingConfig":{"EndpointsConfig":{}}}'
)


def _create(**host) -> dict:
    body = copy.deepcopy(BASE)
    top = {k: host.pop(k) for k in list(host) if k in ("User", "Image", "Labels")}
    body.update(top)
    body["HostConfig"].update(host)
    return body


COMPLIANT = dict(User="65534:65534", SecurityOpt=["no-new-privileges"], CapDrop=["ALL"], ReadonlyRootfs=True,
                 Memory=67108864, NanoCpus=500000000, PidsLimit=64, NetworkMode="none",
                 RestartPolicy={"Name": "on-failure", "MaximumRetryCount": 3})
BODIES = [
    ("create compliant", "/v1.41/containers/create?name=web", _create(**COMPLIANT)),
    ("create default", "/v1.41/containers/create", _create()),
    ("create --privileged", "/v1.41/containers/create", _create(**{**COMPLIANT, "Privileged": True})),
    ("create docker.sock", "/v1.41/containers/create",
     _create(**{**COMPLIANT, "Binds": ["/var/run/docker.sock:/var/run/docker.sock"]})),
    ("create --network host", "/v1.41/containers/create", _create(**{**COMPLIANT, "NetworkMode": "host"})),
    ("create --cap-add SYS_ADMIN", "/v1.41/containers/create",
     _create(**{**COMPLIANT, "CapDrop": None, "CapAdd": ["SYS_ADMIN"]})),
    ("create compliant", "/v1.41/containers/create?name=api", _create(**COMPLIANT)),
    ("exec --privileged", "/v1.41/containers/abc/exec",
     {"User": "", "Privileged": True, "Tty": False, "AttachStdin": False, "AttachStderr": True,
      "AttachStdout": True, "Detach": False, "DetachKeys": "", "Env": None, "WorkingDir": "", "Cmd": ["sh"]}),
    ("GET /containers/json", "/v1.41/containers/json", None),
]


def authz_request(uri: str, body: dict | None) -> bytes:
    method = "GET" if body is None else "POST"
    req: dict = {"User": "", "UserAuthNMethod": "", "RequestMethod": method, "RequestUri": uri,
                 "RequestHeaders": {"User-Agent": "Docker-Client/20.10.24+dfsg1 (linux)"}}
    if body is not None:
        raw = json.dumps(body, separators=(",", ":")).encode()
        req["RequestBody"] = base64.b64encode(raw).decode()
        req["RequestHeaders"].update({"Content-Type": "application/json", "Content-Length": str(len(raw))})
    payload = json.dumps(req).encode()
    return (b"POST /AuthZPlugin.AuthZReq HTTP/1.1\r\nHost: plugin\r\nUser-Agent: Go-http-client/1.1\r\n"
            b"Accept: application/vnd.docker.plugins.v1+json\r\nContent-Type: application/json\r\n"
            b"Content-Length: %d\r\n\r\n%s" % (len(payload), payload))


def _read_response(sock: socket.socket, buf: bytearray) -> bytes:
    while True:
        end = buf.find(b"\r\n\r\n")
        if end >= 0:
            head = bytes(buf[:end]).lower()
            i = head.find(b"content-length:")
            length = int(head[i + 15:].split(b"\r\n", 1)[0])
            total = end + 4 + length
            if len(buf) >= total:
                body = bytes(buf[end + 4:total])
                del buf[:total]
                return body
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError("plugin closed the connection")
        buf += chunk


def client(args: tuple) -> None:
    """Send `count` requests on one connection; paced at `rate`/s when given. Latency is measured from
    the send; when paced, also from each request's scheduled time (a stall of the client or the
    plugin then counts against every request it delays)."""
    path, count, offset, out = args[:4]
    rate = args[4] if len(args) > 4 else 0
    requests = [authz_request(uri, body) for _, uri, body in BODIES]
    latencies = []
    scheduled = []
    allowed = denied = 0
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.connect(path)
    buf = bytearray()
    perf = time.perf_counter
    n = len(requests)
    interval = 1.0 / rate if rate else 0.0
    next_at = perf() + interval * (offset % 7) / 7
    for i in range(count):
        data = requests[(i + offset) % n]
        if interval:
            delay = next_at - perf()
            if delay > 0:
                time.sleep(delay)
            planned = next_at
            next_at += interval
        else:
            planned = None
        t0 = perf()
        sock.sendall(data)
        body = _read_response(sock, buf)
        t1 = perf()
        latencies.append(t1 - t0)
        if planned is not None:
            scheduled.append(t1 - planned)
        if b'"Allow":true' in body:
            allowed += 1
        else:
            denied += 1
    sock.close()
    out.put((latencies, allowed, denied, scheduled))


def pct(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    values = sorted(values)
    k = min(len(values) - 1, max(0, int(round(p / 100 * len(values) + 0.5)) - 1))
    return values[k]


def run_phase(path: str, log: str | None, requests: int, clients: int, rate: float, q: mp.Queue) -> dict:
    log_start = os.path.getsize(log) if log else 0
    per = requests // clients
    workers = [mp.Process(target=client, args=((path, per, i * 3, q, rate / clients if rate else 0),))
               for i in range(clients)]
    t0 = time.perf_counter()
    for w in workers:
        w.start()
    results = [q.get() for _ in workers]
    elapsed = time.perf_counter() - t0
    for w in workers:
        w.join()
    latencies = [x for r in results for x in r[0]]
    from_schedule = [x for r in results for x in r[3]]
    decision = []
    if log:
        with open(log, "rb") as fh:
            fh.seek(log_start)
            for line in fh:
                entry = json.loads(line)
                if "latency_ms" in entry:
                    decision.append(entry["latency_ms"] / 1000)
    out = {
        "requests": len(latencies),
        "allowed": sum(r[1] for r in results),
        "denied": sum(r[2] for r in results),
        "seconds": round(elapsed, 3),
        "decisions_per_second": round(len(latencies) / elapsed, 1),
        "roundtrip_ms": {"p50": round(pct(latencies, 50) * 1000, 3), "p99": round(pct(latencies, 99) * 1000, 3),
                         "max": round(max(latencies) * 1000, 3)},
    }
    if from_schedule:
        out["from_schedule_ms"] = {"p50": round(pct(from_schedule, 50) * 1000, 3),
                                   "p99": round(pct(from_schedule, 99) * 1000, 3)}
    if decision:
        out["decision_ms"] = {"p50": round(pct(decision, 50) * 1000, 3), "p99": round(pct(decision, 99) * 1000, 3),
                              "mean": round(statistics.fmean(decision) * 1000, 3)}
    return out


def start_plugin(tmp: str) -> tuple[subprocess.Popen, str, str]:
    sock = os.path.join(tmp, "bench.sock")
    log = os.path.join(tmp, "audit.jsonl")
    exe = shutil.which("dockguard", path=os.path.dirname(sys.executable)) or shutil.which("dockguard")
    cmd = [exe, "enforce", "serve", "--name", "dockguard-bench", "--socket", sock, "--log", log] if exe else \
        [sys.executable, "-m", "dockguard", "enforce", "serve", "--socket", sock, "--log", log]
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            cwd=tmp, text=True)
    deadline = time.monotonic() + 30
    while not os.path.exists(sock):
        if proc.poll() is not None or time.monotonic() > deadline:
            raise SystemExit(f"the plugin did not start: {proc.stderr.read() if proc.stderr else ''}")
        time.sleep(0.05)
    return proc, sock, log


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-n", "--requests", type=int, default=20000, help="total requests (default 20000)")
    ap.add_argument("-c", "--clients", type=int, default=4, help="client processes, one connection each (default 4)")
    ap.add_argument("--socket", help="use a running plugin on this socket instead of starting one")
    ap.add_argument("--rate", type=float, default=2000,
                    help="offered load of the paced phase, decisions/s (default 2000; 0: saturated phase only)")
    ap.add_argument("--paced-clients", type=int, default=2, help="client processes of the paced phase (default 2)")
    ap.add_argument("--warmup", type=int, default=500, help="requests sent before measuring (default 500)")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = ap.parse_args()

    tmp = tempfile.mkdtemp(prefix="dg-bench-")
    proc = None
    log = None
    try:
        if args.socket:
            path = args.socket
        else:
            proc, path, log = start_plugin(tmp)
        q: mp.Queue = mp.Queue()
        client((path, args.warmup, 0, q))
        q.get()
        figures = {"cpus": os.cpu_count(), "clients": args.clients}
        if args.rate:
            figures["paced"] = run_phase(path, log, args.requests, args.paced_clients, args.rate, q)
        figures["saturated"] = run_phase(path, log, args.requests, args.clients, 0, q)
        paced = figures.get("paced")
        sat = figures["saturated"]
        figures["targets_met"] = sat["decisions_per_second"] >= 2000 and (
            (paced or sat)["roundtrip_ms"]["p99"] < 2.0)
        if args.json:
            print(json.dumps(figures, indent=2))
        else:
            print(f"dockguard enforce benchmark: {args.requests} requests per phase, {args.clients} client "
                  f"processes (one keep-alive connection each), {os.cpu_count()} CPUs shared with the plugin")
            for label, ph in (("paced at %d/s" % args.rate, paced), ("saturated", sat)):
                if not ph:
                    continue
                rt = ph["roundtrip_ms"]
                print(f"  {label:<16} {ph['decisions_per_second']:>8.1f} decisions/s   round trip p50 {rt['p50']:.3f} ms"
                      f"  p99 {rt['p99']:.3f} ms  max {rt['max']:.3f} ms   ({ph['allowed']} allowed, {ph['denied']} denied)")
                if "from_schedule_ms" in ph:
                    fs = ph["from_schedule_ms"]
                    print(f"  {'':<16} from the scheduled send: p50 {fs['p50']:.3f} ms  p99 {fs['p99']:.3f} ms")
                if "decision_ms" in ph:
                    dm = ph["decision_ms"]
                    print(f"  {'':<16} decision inside the plugin: p50 {dm['p50']:.3f} ms  p99 {dm['p99']:.3f} ms"
                          f"  mean {dm['mean']:.3f} ms")
            print(f"  targets (p99 < 2 ms at 2,000/s, >= 2,000 decisions/s): {'met' if figures['targets_met'] else 'NOT met'}")
        return 0 if figures["targets_met"] else 1
    finally:
        if proc is not None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
