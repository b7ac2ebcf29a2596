"""A private, throw-away Docker daemon for tests.

`Dockerd` runs Debian's `dockerd` (package docker.io) with its own socket,
data root, exec root and pidfile under a fresh temporary directory, so tests
never touch (or need) the machine's own daemon. Networking is off by default
(`--bridge none --iptables=false --ip6tables=false`): the daemon changes no
firewall rule and creates no interface on the host.

    with Dockerd() as d:
        d.client().images.list()
        subprocess.run([docker_cli(), "info"], env=d.env())
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

# Storage drivers tried in order when none is asked for (env
# DOCKGUARD_STORAGE_DRIVER or a "storage-driver" key in the daemon config).
DEFAULT_STORAGE_DRIVERS = ("overlay2", "fuse-overlayfs", "vfs")

# dockerd refuses a setting given both as a flag and in the config file, so a
# default flag is dropped when the caller's config holds the matching key.
_FLAG_CONFIG_KEYS = {
    "--host": "hosts",
    "--data-root": "data-root",
    "--exec-root": "exec-root",
    "--pidfile": "pidfile",
    "--bridge": "bridge",
    "--iptables": "iptables",
    "--ip6tables": "ip6tables",
    "--storage-driver": "storage-driver",
    "--cgroup-parent": "cgroup-parent",
    "--containerd-namespace": "containerd-namespace",
    "--containerd-plugins-namespace": "containerd-plugins-namespace",
}


class DockerdError(RuntimeError):
    """The daemon did not start or answer; the message holds its log tail."""


class DockerCLIError(subprocess.CalledProcessError):
    """A failed `docker` command; str() includes its stderr."""

    def __str__(self) -> str:
        return f"{super().__str__()}\nstderr:\n{(self.stderr or '')[-4000:]}"


def dockerd_binary() -> str | None:
    """Path of the daemon binary (env DOCKGUARD_DOCKERD overrides)."""
    explicit = os.environ.get("DOCKGUARD_DOCKERD")
    if explicit:
        return explicit
    for cand in ("/usr/sbin/dockerd", "/usr/bin/dockerd"):
        if os.access(cand, os.X_OK):
            return cand
    return shutil.which("dockerd")


def docker_cli() -> str | None:
    """Path of the docker CLI; Debian's (same version as the daemon) first.

    Env DOCKGUARD_DOCKER_CLI overrides.
    """
    explicit = os.environ.get("DOCKGUARD_DOCKER_CLI")
    if explicit:
        return explicit
    if os.access("/usr/bin/docker", os.X_OK):
        return "/usr/bin/docker"
    return shutil.which("docker")


def missing_requirements() -> list[str]:
    """Reasons a private daemon cannot be run here (empty list: it can)."""
    reasons = []
    if os.geteuid() != 0:
        reasons.append("a private dockerd needs root")
    if not dockerd_binary():
        reasons.append("dockerd not found (install Debian's docker.io: .ci/install-system)")
    if not docker_cli():
        reasons.append("docker CLI not found (install Debian's docker.io: .ci/install-system)")
    try:
        import docker  # noqa: F401
    except ImportError:
        reasons.append("python package 'docker' is not installed")
    return reasons


def _tmp_base() -> str:
    # Unix socket paths are limited to 108 bytes, so keep the root short.
    return os.environ.get("DOCKGUARD_TEST_TMP") or "/tmp"


_libc = ctypes.CDLL(None, use_errno=True)
_MNT_DETACH = 2


def _mounts_under(root: Path) -> list[str]:
    """Mount points at or below `root`, deepest first."""
    prefix = str(root).rstrip("/")
    points = []
    try:
        with open("/proc/self/mountinfo", encoding="utf-8") as fh:
            for line in fh:
                mp = line.split()[4].encode().decode("unicode_escape")
                if mp == prefix or mp.startswith(prefix + "/"):
                    points.append(mp)
    except OSError:
        return []
    return sorted(points, key=len, reverse=True)


def unmount_under(root: Path) -> None:
    """Lazily unmount everything mounted at or below `root`."""
    for _ in range(3):
        points = _mounts_under(root)
        if not points:
            return
        for mp in points:
            _libc.umount2(mp.encode(), _MNT_DETACH)


def _pids_referencing(root: Path) -> list[int]:
    """Processes whose command line mentions `root` (containerd, shims)."""
    needle = str(root).encode()
    pids = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) == os.getpid():
            continue
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as fh:
                if needle in fh.read():
                    pids.append(int(entry))
        except OSError:
            continue
    return pids


def _is_driver_failure(error: str, driver: str | None) -> bool:
    """Whether a failed start is the storage driver's fault (worth a fallback)."""
    if not driver:
        return False
    fatal = [ln for ln in error.splitlines() if "failed to start daemon" in ln or "level=fatal" in ln]
    text = "\n".join(fatal).lower()
    return not fatal or "driver" in text or driver in text or "overlay" in text


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _cgroup_dirs(name: str) -> list[Path]:
    """Cgroup directories (all hierarchies) named `name` at the top level."""
    base = Path("/sys/fs/cgroup")
    dirs = [base / name] + [h / name for h in base.iterdir() if h.is_dir()] if base.is_dir() else []
    return [d for d in dirs if (d / "cgroup.procs").exists()]


def kill_cgroup(name: str) -> None:
    """SIGKILL every process in the cgroup `name` (and below), then remove it."""
    for _ in range(20):
        pids: set[int] = set()
        for top in _cgroup_dirs(name):
            for procs in top.rglob("cgroup.procs"):
                with contextlib.suppress(OSError, ValueError):
                    pids.update(int(x) for x in procs.read_text().split())
        for pid in pids:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        if not pids:
            break
        time.sleep(0.1)
    for top in _cgroup_dirs(name):
        for d in sorted((p.parent for p in top.rglob("cgroup.procs")), key=lambda p: len(p.parts),
                        reverse=True):
            with contextlib.suppress(OSError):
                d.rmdir()


def reap_stale(base: str | None = None, min_age: float = 3600.0) -> list[Path]:
    """Remove roots of private daemons whose test run died (SIGKILL, crash):
    processes still referencing them are killed, mounts detached, dirs removed.
    A root is stale when its dockerd.pid names a dead process, or when it has
    no pidfile and is older than `min_age` seconds."""
    reaped = []
    for root in Path(base or _tmp_base()).glob("dgd-*"):
        pidfile = root / "dockerd.pid"
        try:
            if pidfile.exists():
                if _pid_alive(int(pidfile.read_text().strip() or 0)):
                    continue
            elif time.time() - root.stat().st_mtime < min_age:
                continue
        except (OSError, ValueError):
            continue
        for pid in _pids_referencing(root):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        kill_cgroup(root.name)
        unmount_under(root)
        shutil.rmtree(root, ignore_errors=True)
        reaped.append(root)
    return reaped


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _unix_http_get(sock_path: str, path: str, timeout: float = 2.0) -> tuple[int, bytes]:
    """Minimal HTTP/1.0 GET over a unix socket (no dependency on the SDK)."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
        s.settimeout(timeout)
        s.connect(sock_path)
        s.sendall(f"GET {path} HTTP/1.0\r\nHost: docker\r\n\r\n".encode())
        data = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1]) if head.startswith(b"HTTP/") else 0
    return status, body


class Dockerd:
    """A private dockerd instance.

    storage_driver: a driver name, or None to try DEFAULT_STORAGE_DRIVERS in
        order (env DOCKGUARD_STORAGE_DRIVER overrides None).
    extra_args: more dockerd flags, e.g. ["--insecure-registry", "10.0.0.1:5000"].
    config: a daemon.json dict, written to a file passed with --config-file;
        a key here replaces the matching default flag.
    isolate_network: pass --bridge none --iptables=false --ip6tables=false.
    """

    def __init__(
        self,
        *,
        storage_driver: str | None = None,
        extra_args: Sequence[str] = (),
        config: Mapping[str, Any] | None = None,
        isolate_network: bool = True,
        start_timeout: float = 60.0,
    ) -> None:
        self.requested_driver = storage_driver or os.environ.get("DOCKGUARD_STORAGE_DRIVER") or None
        self.extra_args = list(extra_args)
        self.config = dict(config or {})
        self.isolate_network = isolate_network
        self.start_timeout = start_timeout
        self.root: Path | None = None
        self.proc: subprocess.Popen | None = None
        self.storage_driver: str | None = None
        self._log_fh = None
        self._id = uuid.uuid4().hex[:10]
        self._clients: list[Any] = []

    # -- paths ---------------------------------------------------------
    def _p(self, name: str) -> Path:
        assert self.root is not None, "daemon not started"
        return self.root / name

    @property
    def socket_path(self) -> str:
        return str(self._p("docker.sock"))

    @property
    def host(self) -> str:
        """The DOCKER_HOST / base_url of this daemon: unix:///…/docker.sock."""
        return "unix://" + self.socket_path

    @property
    def data_root(self) -> Path:
        return self._p("data")

    @property
    def exec_root(self) -> Path:
        return self._p("exec")

    @property
    def log_path(self) -> Path:
        return self._p("dockerd.log")

    @property
    def cli_config_dir(self) -> Path:
        """DOCKER_CONFIG for the CLI: keeps `docker login` out of ~/.docker."""
        return self._p("cli-config")

    # -- lifecycle -----------------------------------------------------
    def _command(self, driver: str | None) -> list[str]:
        cfg = self.config
        flags: list[tuple[str, str | None]] = [
            ("--host", self.host),
            ("--data-root", str(self.data_root)),
            ("--exec-root", str(self.exec_root)),
            ("--pidfile", str(self._p("dockerd.pid"))),
            # A containerd already running on the host is shared only through
            # namespaces of our own.
            ("--containerd-namespace", f"dockguard-{self._id}"),
            ("--containerd-plugins-namespace", f"dockguard-{self._id}-plugins"),
            # Containers live in a cgroup of this daemon's own (/dgd-XXXX), so a
            # crashed run's containers can be found and killed.
            ("--cgroup-parent", f"/{self.root.name}"),
        ]
        if self.isolate_network:
            flags += [("--bridge", "none"), ("--iptables", "false"), ("--ip6tables", "false")]
        if driver:
            flags.append(("--storage-driver", driver))
        cmd = [dockerd_binary() or "dockerd"]
        for flag, value in flags:
            if _FLAG_CONFIG_KEYS.get(flag) in cfg:
                continue
            cmd.append(f"{flag}={value}")
        if cfg:
            path = self._p("daemon.json")
            path.write_text(json.dumps(cfg, indent=2))
            cmd.append(f"--config-file={path}")
        else:
            # An empty config file keeps /etc/docker/daemon.json out of it.
            path = self._p("daemon.json")
            path.write_text("{}")
            cmd.append(f"--config-file={path}")
        cmd += self.extra_args
        return cmd

    def start(self) -> "Dockerd":
        if self.proc is not None:
            return self
        reasons = missing_requirements()
        if reasons:
            raise DockerdError("; ".join(reasons))
        reap_stale()
        self.root = Path(tempfile.mkdtemp(prefix="dgd-", dir=_tmp_base()))
        self.root.chmod(0o711)  # a userns-remapped daemon reaches its data root as a subordinate UID
        if "storage-driver" in self.config:
            candidates: Iterable[str | None] = [None]
        elif self.requested_driver:
            candidates = [self.requested_driver]
        else:
            candidates = DEFAULT_STORAGE_DRIVERS
        errors = []
        for driver in candidates:
            if driver == "fuse-overlayfs" and not shutil.which("fuse-overlayfs"):
                continue
            try:
                self._start_once(driver)
            except DockerdError as exc:
                errors.append(str(exc))
                self._kill_daemon()
                self._wipe_state()
                if _is_driver_failure(str(exc), driver):
                    continue
                break
            self.storage_driver = self.info().get("Driver", driver)
            return self
        root = self.root
        self._cleanup_root()
        raise DockerdError(f"private dockerd under {root} did not start:\n" + "\n\n".join(errors))

    def _start_once(self, driver: str | None) -> None:
        for sub in (self.data_root, self.exec_root, self.cli_config_dir):
            sub.mkdir(parents=True, exist_ok=True)
        cmd = self._command(driver)
        self._log_fh = open(self.log_path, "ab")
        self._log_fh.write(f"\n=== {' '.join(cmd)}\n".encode())
        self._log_fh.flush()
        env = dict(os.environ)
        env.pop("DOCKER_HOST", None)
        self.proc = subprocess.Popen(
            cmd,
            stdin=subprocess.DEVNULL,
            stdout=self._log_fh,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            env=env,
        )
        deadline = time.monotonic() + self.start_timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise DockerdError(
                    f"dockerd (storage driver {driver or 'from config'}) exited with "
                    f"{self.proc.returncode}; log tail:\n{self.log_tail()}"
                )
            if os.path.exists(self.socket_path):
                try:
                    status, body = _unix_http_get(self.socket_path, "/_ping")
                    if status == 200 and body.strip() == b"OK":
                        return
                except OSError:
                    pass
            time.sleep(0.1)
        raise DockerdError(
            f"dockerd (storage driver {driver or 'from config'}) did not answer /_ping "
            f"within {self.start_timeout:.0f}s; log tail:\n{self.log_tail()}"
        )

    def log_tail(self, lines: int = 40) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except (OSError, AssertionError):
            return "(no log)"
        return "\n".join(text.splitlines()[-lines:])

    def ping(self) -> bool:
        try:
            status, body = _unix_http_get(self.socket_path, "/_ping")
        except OSError:
            return False
        return status == 200 and body.strip() == b"OK"

    def info(self) -> dict:
        status, body = _unix_http_get(self.socket_path, "/info", timeout=10)
        if status != 200:
            raise DockerdError(f"/info answered {status}: {body[:200]!r}")
        return json.loads(body)

    def _kill_daemon(self, timeout: float = 30.0) -> None:
        proc = self.proc
        if proc is not None and proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)
        self.proc = None
        if self._log_fh is not None:
            self._log_fh.close()
            self._log_fh = None
        if self.root is not None:
            # A killed dockerd can leave its containerd, shims and containers behind.
            for pid in _pids_referencing(self.root):
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
            kill_cgroup(self.root.name)

    def _wipe_state(self) -> None:
        if self.root is None:
            return
        unmount_under(self.root)
        for sub in (self.data_root, self.exec_root):
            shutil.rmtree(sub, ignore_errors=True)
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.socket_path)

    def _cleanup_root(self) -> None:
        if self.root is None:
            return
        unmount_under(self.root)
        shutil.rmtree(self.root, ignore_errors=True)
        self.root = None

    def stop(self) -> None:
        """SIGTERM (containers are stopped by the daemon), then SIGKILL after
        30 s; leftover mounts are detached and the temporary root removed."""
        for c in self._clients:
            with contextlib.suppress(Exception):
                c.close()
        self._clients.clear()
        self._kill_daemon()
        self._cleanup_root()

    def __enter__(self) -> "Dockerd":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- clients -------------------------------------------------------
    def client(self, **kwargs: Any):
        """A docker SDK client bound to this daemon (closed by stop())."""
        import docker

        kwargs.setdefault("version", "auto")
        kwargs.setdefault("timeout", 120)
        c = docker.DockerClient(base_url=self.host, **kwargs)
        self._clients.append(c)
        return c

    def env(self, base: Mapping[str, str] | None = None) -> dict[str, str]:
        """Environment for the docker CLI (or dockguard) to use this daemon."""
        env = dict(os.environ if base is None else base)
        env["DOCKER_HOST"] = self.host
        env["DOCKER_CONFIG"] = str(self.cli_config_dir)
        # The classic builder works with --bridge none; BuildKit wants a bridge.
        env["DOCKER_BUILDKIT"] = "0"
        for var in ("DOCKER_CONTEXT", "DOCKER_TLS_VERIFY", "DOCKER_CERT_PATH"):
            env.pop(var, None)
        return env

    def cli(
        self,
        *args: str,
        check: bool = True,
        input: bytes | None = None,
        timeout: float = 600,
        cwd: str | os.PathLike | None = None,
    ) -> subprocess.CompletedProcess:
        """Run `docker ARGS…` against this daemon; output captured as text.

        Raises DockerCLIError (a CalledProcessError whose text has stderr) on failure
        when check is true.
        """
        proc = subprocess.run(
            [docker_cli() or "docker", *args],
            env=self.env(),
            input=input,
            capture_output=True,
            timeout=timeout,
            cwd=cwd,
        )
        out = subprocess.CompletedProcess(
            proc.args,
            proc.returncode,
            proc.stdout.decode(errors="replace"),
            proc.stderr.decode(errors="replace"),
        )
        if check and proc.returncode != 0:
            raise DockerCLIError(proc.returncode, proc.args, out.stdout, out.stderr)
        return out

    def __repr__(self) -> str:
        state = "running" if self.proc and self.proc.poll() is None else "stopped"
        return f"<Dockerd {state} {self.host if self.root else ''} driver={self.storage_driver}>"
