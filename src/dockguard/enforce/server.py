"""The plugin protocol over a unix socket, the audit log, and the metrics endpoint.

dockerd finds a legacy plugin by name: the socket `/run/docker/plugins/<name>.sock`, or a spec file
`/etc/docker/plugins/<name>.spec` holding `unix:///path/to/socket`. It POSTs JSON:

    /Plugin.Activate          -> {"Implements": ["authz"]}
    /AuthZPlugin.AuthZReq     -> {"Allow": bool, "Msg": "..."}   (the decision)
    /AuthZPlugin.AuthZRes     -> {"Allow": true}                 (responses are never refused)

The server is a small asyncio HTTP/1.1 server (keep-alive; dockerd's plugin client reuses its
connection). Decisions run on the event loop: they are pure CPU work with the rules pre-loaded.
SIGHUP reloads the policy (a bad policy keeps the old one) and reopens the audit log (logrotate).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import sys
import time
from typing import Any, Callable

try:
    from orjson import dumps as _dumps
    from orjson import loads as _loads
except ImportError:  # pragma: no cover
    import json as _json

    def _dumps(obj: Any) -> bytes:
        return _json.dumps(obj, separators=(",", ":")).encode()

    _loads = _json.loads

CONTENT_TYPE = b"application/vnd.docker.plugins.v1+json"
MAX_REQUEST = 4 * 1048576  # an AuthZ request carries at most a 1 MiB body, base64: ~1.4 MiB
_ACTIVATE = _dumps({"Implements": ["authz"]})
_ALLOW = _dumps({"Allow": True})
BUCKETS = (0.0001, 0.00025, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5)


class Metrics:
    """Counters and a latency histogram, written in the Prometheus text exposition format."""

    def __init__(self) -> None:
        self.decisions: dict[tuple[str, str], int] = {}
        self.rules: dict[tuple[str, str], int] = {}
        self.buckets = [0] * (len(BUCKETS) + 1)
        self.count = 0
        self.total = 0.0
        self.responses = 0
        self.reloads: dict[str, int] = {"ok": 0, "error": 0}
        self.started = time.time()

    def observe(self, decision: Any) -> None:
        key = (decision.outcome, decision.route)
        self.decisions[key] = self.decisions.get(key, 0) + 1
        latency = decision.latency
        self.count += 1
        self.total += latency
        i = 0
        for bound in BUCKETS:
            if latency <= bound:
                break
            i += 1
        self.buckets[i] += 1
        action = "deny" if not decision.allow or decision.would_deny else None
        if action:
            for rid in decision.denied:
                k = (rid, "audit" if decision.would_deny else "deny")
                self.rules[k] = self.rules.get(k, 0) + 1

    def render(self) -> str:
        out = [
            "# HELP dockguard_enforce_decisions_total Authorization decisions, by outcome (allow, deny, audit) and route.",
            "# TYPE dockguard_enforce_decisions_total counter",
        ]
        for (outcome, route), n in sorted(self.decisions.items()):
            out.append(f'dockguard_enforce_decisions_total{{outcome="{outcome}",route="{route}"}} {n}')
        out += [
            "# HELP dockguard_enforce_rule_denials_total Requests denied (or, in audit-only mode, that would be), by rule.",
            "# TYPE dockguard_enforce_rule_denials_total counter",
        ]
        for (rid, mode), n in sorted(self.rules.items()):
            out.append(f'dockguard_enforce_rule_denials_total{{rule="{rid}",mode="{mode}"}} {n}')
        out += [
            "# HELP dockguard_enforce_decision_seconds Time to decide one request.",
            "# TYPE dockguard_enforce_decision_seconds histogram",
        ]
        cumulative = 0
        for bound, n in zip(BUCKETS, self.buckets):
            cumulative += n
            out.append(f'dockguard_enforce_decision_seconds_bucket{{le="{bound}"}} {cumulative}')
        out.append(f'dockguard_enforce_decision_seconds_bucket{{le="+Inf"}} {self.count}')
        out.append(f"dockguard_enforce_decision_seconds_sum {self.total:.9f}")
        out.append(f"dockguard_enforce_decision_seconds_count {self.count}")
        out += [
            "# HELP dockguard_enforce_responses_total AuthZRes calls (always allowed).",
            "# TYPE dockguard_enforce_responses_total counter",
            f"dockguard_enforce_responses_total {self.responses}",
            "# HELP dockguard_enforce_policy_reloads_total Policy reloads (SIGHUP), by result.",
            "# TYPE dockguard_enforce_policy_reloads_total counter",
        ]
        for result, n in sorted(self.reloads.items()):
            out.append(f'dockguard_enforce_policy_reloads_total{{result="{result}"}} {n}')
        out += [
            "# HELP dockguard_enforce_start_time_seconds When the plugin started.",
            "# TYPE dockguard_enforce_start_time_seconds gauge",
            f"dockguard_enforce_start_time_seconds {self.started:.3f}",
        ]
        return "\n".join(out) + "\n"


class AuditLog:
    """JSON lines, one per decision, appended with one write(2) each (O_APPEND: lines never interleave)."""

    def __init__(self, path: str | None) -> None:
        self.path = path
        self.fd = 2
        self.reopen()

    def reopen(self) -> None:
        if not self.path or self.path == "-":
            self.fd = 2
            return
        old = self.fd
        self.fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_CLOEXEC, 0o640)
        if old != 2:
            with contextlib.suppress(OSError):
                os.close(old)

    def write(self, entry: dict[str, Any]) -> None:
        try:
            os.write(self.fd, _dumps(entry) + b"\n")
        except OSError:
            pass  # a full disk must not stop decisions; the metrics still count them

    def close(self) -> None:
        if self.fd != 2:
            with contextlib.suppress(OSError):
                os.close(self.fd)
            self.fd = 2


def _iso(ts: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(ts)) + f".{int(ts % 1 * 1000):03d}Z"


class Plugin:
    """What the protocol handler calls: decide, log, count."""

    def __init__(self, decider: Any, log: AuditLog, metrics: Metrics, name: str = "dockguard",
                 log_responses: bool = False, reload: Callable[[], Any] | None = None) -> None:
        self.decider = decider
        self.log = log
        self.metrics = metrics
        self.name = name
        self.log_responses = log_responses
        self._reload = reload

    def handle(self, path: str, body: bytes) -> tuple[int, bytes]:
        if path == "/AuthZPlugin.AuthZReq":
            return 200, self.authz_request(body)
        if path == "/AuthZPlugin.AuthZRes":
            self.metrics.responses += 1
            if self.log_responses:
                self._log_response(body)
            return 200, _ALLOW
        if path == "/Plugin.Activate":
            return 200, _ACTIVATE
        return 404, _dumps({"Err": f"dockguard: unknown endpoint {path[:100]}"})

    def authz_request(self, body: bytes) -> bytes:
        now = time.time()
        try:
            req = _loads(body) if body else None
        except ValueError:
            req = None
        decision = self.decider.decide(req)  # never raises: errors become denials
        self.metrics.observe(decision)
        r = req if isinstance(req, dict) else {}
        entry: dict[str, Any] = {
            "time": _iso(now),
            "user": r.get("User") or None,
            "authn": r.get("UserAuthNMethod") or None,
            "method": r.get("RequestMethod"),
            "uri": r.get("RequestUri"),
        }
        entry.update(decision.to_dict())
        entry["latency_ms"] = round(decision.latency * 1000, 3)
        self.log.write(entry)
        if decision.allow:
            return _ALLOW
        return _dumps({"Allow": False, "Msg": decision.msg})

    def _log_response(self, body: bytes) -> None:
        try:
            r = _loads(body)
        except ValueError:
            return
        if isinstance(r, dict):
            self.log.write({"time": _iso(time.time()), "user": r.get("User") or None, "method": r.get("RequestMethod"),
                            "uri": r.get("RequestUri"), "decision": "response", "status": r.get("ResponseStatusCode")})

    def reload(self) -> None:
        self.log.reopen()
        if self._reload is None:
            return
        try:
            self.decider = self._reload()
        except Exception as exc:  # keep deciding with the old policy
            self.metrics.reloads["error"] += 1
            self.log.write({"time": _iso(time.time()), "event": "reload", "result": "error", "error": str(exc)})
        else:
            self.metrics.reloads["ok"] += 1
            self.log.write({"time": _iso(time.time()), "event": "reload", "result": "ok",
                            "audit_only": self.decider.policy.audit_only})


_REASONS = {200: b"OK", 400: b"Bad Request", 404: b"Not Found", 405: b"Method Not Allowed",
            413: b"Payload Too Large", 500: b"Internal Server Error"}


class _HTTP(asyncio.Protocol):
    """A minimal HTTP/1.1 server connection: Content-Length bodies, keep-alive, pipelining."""

    __slots__ = ("handler", "transport", "buf")

    def __init__(self, handler: Callable[[str, str, bytes], tuple[int, bytes, bytes]]) -> None:
        self.handler = handler
        self.transport: asyncio.Transport | None = None
        self.buf = bytearray()

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def data_received(self, data: bytes) -> None:
        buf = self.buf
        buf += data
        while True:
            end = buf.find(b"\r\n\r\n")
            if end < 0:
                if len(buf) > 65536:
                    self._reply(400, b'{"Err":"request head too large"}', b"application/json", close=True)
                return
            head = bytes(buf[:end]).decode("latin-1")
            lines = head.split("\r\n")
            try:
                method, target, version = lines[0].split(" ", 2)
            except ValueError:
                self._reply(400, b'{"Err":"bad request line"}', b"application/json", close=True)
                return
            length = 0
            close = version == "HTTP/1.0"
            for line in lines[1:]:
                name, _, value = line.partition(":")
                lname = name.strip().lower()
                if lname == "content-length":
                    try:
                        length = int(value.strip())
                    except ValueError:
                        length = -1
                elif lname == "transfer-encoding" and value.strip().lower() != "identity":
                    length = -2
                elif lname == "connection":
                    v = value.strip().lower()
                    close = v == "close" or (close and v != "keep-alive")
            if length < 0:
                msg = b'{"Err":"chunked or invalid body length: send a Content-Length"}'
                self._reply(400 if length == -1 else 411, msg, b"application/json", close=True)
                return
            if length > MAX_REQUEST:
                self._reply(413, b'{"Err":"request too large"}', b"application/json", close=True)
                return
            total = end + 4 + length
            if len(buf) < total:
                return
            body = bytes(buf[end + 4:total])
            del buf[:total]
            if method != "POST" and method != "GET":
                self._reply(405, b'{"Err":"method not allowed"}', b"application/json", close)
            else:
                status, payload, ctype = self.handler(method, target, body)
                self._reply(status, payload, ctype, close)
            if close:
                return

    def _reply(self, status: int, payload: bytes, ctype: bytes, close: bool = False) -> None:
        t = self.transport
        if t is None or t.is_closing():
            return
        head = b"HTTP/1.1 %d %s\r\nContent-Type: %s\r\nContent-Length: %d\r\n%s\r\n" % (
            status, _REASONS.get(status, b"Error"), ctype, len(payload),
            b"Connection: close\r\n" if close else b"")
        t.write(head + payload)
        if close:
            t.close()

    def connection_lost(self, exc: Exception | None) -> None:
        self.transport = None


def write_spec(spec_dir: str, name: str, socket_path: str) -> str:
    os.makedirs(spec_dir, exist_ok=True)
    path = os.path.join(spec_dir, f"{name}.spec")
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(f"unix://{os.path.abspath(socket_path)}\n")
    os.replace(tmp, path)
    return path


def _bind_unix(path: str) -> socket.socket:
    directory = os.path.dirname(os.path.abspath(path))
    os.makedirs(directory, mode=0o755, exist_ok=True)
    if os.path.exists(path):
        # a stale socket of a dead plugin is replaced; a live one is an error
        probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            probe.connect(path)
        except OSError:
            os.unlink(path)
        else:
            probe.close()
            from dockguard.errors import DockguardError

            raise DockguardError(f"{path}: another plugin is already listening there")
        finally:
            probe.close()
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    old = os.umask(0o077)  # only root (dockerd) may talk to the plugin
    try:
        sock.bind(path)
    finally:
        os.umask(old)
    sock.listen(512)
    sock.setblocking(False)
    return sock


def _parse_address(addr: str) -> tuple[str, int]:
    host, sep, port = addr.rpartition(":")
    if not sep or not port.isdigit():
        from dockguard.errors import DockguardError

        raise DockguardError(f"--metrics-address {addr!r}: expected HOST:PORT, e.g. 127.0.0.1:9323")
    return host.strip("[]") or "127.0.0.1", int(port)


async def serve_async(plugin: Plugin, socket_path: str, metrics_address: str | None = None,
                      ready: Callable[[], None] | None = None, stop: asyncio.Event | None = None) -> None:
    loop = asyncio.get_running_loop()

    def on_plugin(method: str, target: str, body: bytes) -> tuple[int, bytes, bytes]:
        try:
            status, payload = plugin.handle(target.partition("?")[0], body)
        except Exception as exc:  # fail closed, and say why
            return 200, _dumps({"Allow": False, "Msg": "dockguard: denied: internal error",
                                "Err": f"dockguard: {type(exc).__name__}"}), CONTENT_TYPE
        return status, payload, CONTENT_TYPE

    sock = _bind_unix(socket_path)
    server = await loop.create_unix_server(lambda: _HTTP(on_plugin), sock=sock)
    servers = [server]
    if metrics_address:
        host, port = _parse_address(metrics_address)

        def on_metrics(method: str, target: str, body: bytes) -> tuple[int, bytes, bytes]:
            path = target.partition("?")[0]
            if path in ("/metrics", "/"):
                return 200, plugin.metrics.render().encode(), b"text/plain; version=0.0.4; charset=utf-8"
            if path == "/healthz":
                return 200, b"ok\n", b"text/plain"
            return 404, b"not found\n", b"text/plain"

        servers.append(await loop.create_server(lambda: _HTTP(on_metrics), host, port))
    stop = stop or asyncio.Event()
    with contextlib.suppress(NotImplementedError, RuntimeError):
        loop.add_signal_handler(signal.SIGTERM, stop.set)
        loop.add_signal_handler(signal.SIGINT, stop.set)
        loop.add_signal_handler(signal.SIGHUP, plugin.reload)
    if ready:
        ready()
    try:
        await stop.wait()
    finally:
        for s in servers:
            s.close()
        with contextlib.suppress(FileNotFoundError):
            os.unlink(socket_path)


def serve(plugin: Plugin, socket_path: str, metrics_address: str | None = None,
          ready: Callable[[], None] | None = None) -> None:
    try:
        asyncio.run(serve_async(plugin, socket_path, metrics_address, ready))
    except KeyboardInterrupt:  # pragma: no cover
        pass


def log_event(log: AuditLog, **fields: Any) -> None:
    log.write({"time": _iso(time.time()), **fields})


def eprint(msg: str) -> None:
    print(f"dockguard enforce: {msg}", file=sys.stderr, flush=True)
