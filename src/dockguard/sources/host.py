"""Build the Host model: live (Engine API + local files), remote (daemon side only), or offline.

Live local: `GET /info`, `/version`, `/images/json` + one inspect and one history per image,
`/containers/json?all=1` + one inspect per container, `/networks`, and in swarm mode `/nodes` and
`/secrets`; every other fact from local files (/proc, /etc, /sys). Remote (DOCKER_HOST over TCP/SSH):
only what the API tells. Offline: a daemon.json and dockerd's command line, no daemon at all.
"""

from __future__ import annotations

import glob
import grp
import json
import os
import pwd
import shlex
import shutil
import stat
import subprocess
from typing import Any, Iterable

from dockguard.model.host import DaemonConfig, FileStat, Host, kind_of

DEFAULT_CONFIG_FILE = "/etc/docker/daemon.json"
DEFAULT_SOCKET = "/var/run/docker.sock"
DEFAULT_CONTAINERD_SOCKET = "/run/containerd/containerd.sock"
UNIT_DIRS = ("/etc/systemd/system", "/lib/systemd/system", "/usr/lib/systemd/system", "/run/systemd/system")

# dockerd flag -> (daemon.json key, type). type: bool | str | list | map (list of k=v) | ulimit | int
FLAGS: dict[str, tuple[str, str]] = {
    "--host": ("hosts", "list"),
    "-H": ("hosts", "list"),
    "--icc": ("icc", "bool"),
    "--log-level": ("log-level", "str"),
    "-l": ("log-level", "str"),
    "--iptables": ("iptables", "bool"),
    "--ip6tables": ("ip6tables", "bool"),
    "--ip-forward": ("ip-forward", "bool"),
    "--ip-masq": ("ip-masq", "bool"),
    "--insecure-registry": ("insecure-registries", "list"),
    "--registry-mirror": ("registry-mirrors", "list"),
    "--storage-driver": ("storage-driver", "str"),
    "-s": ("storage-driver", "str"),
    "--storage-opt": ("storage-opts", "list"),
    "--tls": ("tls", "bool"),
    "--tlsverify": ("tlsverify", "bool"),
    "--tlscacert": ("tlscacert", "str"),
    "--tlscert": ("tlscert", "str"),
    "--tlskey": ("tlskey", "str"),
    "--default-ulimit": ("default-ulimits", "ulimit"),
    "--userns-remap": ("userns-remap", "str"),
    "--cgroup-parent": ("cgroup-parent", "str"),
    "--authorization-plugin": ("authorization-plugins", "list"),
    "--log-driver": ("log-driver", "str"),
    "--log-opt": ("log-opts", "map"),
    "--no-new-privileges": ("no-new-privileges", "bool"),
    "--live-restore": ("live-restore", "bool"),
    "--userland-proxy": ("userland-proxy", "bool"),
    "--userland-proxy-path": ("userland-proxy-path", "str"),
    "--seccomp-profile": ("seccomp-profile", "str"),
    "--experimental": ("experimental", "bool"),
    "--data-root": ("data-root", "str"),
    "--graph": ("data-root", "str"),
    "-g": ("data-root", "str"),
    "--exec-root": ("exec-root", "str"),
    "--pidfile": ("pidfile", "str"),
    "-p": ("pidfile", "str"),
    "--bridge": ("bridge", "str"),
    "-b": ("bridge", "str"),
    "--bip": ("bip", "str"),
    "--fixed-cidr": ("fixed-cidr", "str"),
    "--containerd": ("containerd", "str"),
    "--containerd-namespace": ("containerd-namespace", "str"),
    "--containerd-plugins-namespace": ("containerd-plugins-namespace", "str"),
    "--default-runtime": ("default-runtime", "str"),
    "--add-runtime": ("runtimes", "map"),
    "--selinux-enabled": ("selinux-enabled", "bool"),
    "--debug": ("debug", "bool"),
    "-D": ("debug", "bool"),
    "--group": ("group", "str"),
    "-G": ("group", "str"),
    "--ip": ("ip", "str"),
    "--mtu": ("mtu", "int"),
    "--dns": ("dns", "list"),
    "--dns-opt": ("dns-opts", "list"),
    "--dns-search": ("dns-search", "list"),
    "--exec-opt": ("exec-opts", "list"),
    "--label": ("labels", "list"),
    "--init": ("init", "bool"),
    "--rootless": ("rootless", "bool"),
    "--raw-logs": ("raw-logs", "bool"),
    "--default-cgroupns-mode": ("default-cgroupns-mode", "str"),
    "--default-ipc-mode": ("default-ipc-mode", "str"),
    "--default-shm-size": ("default-shm-size", "str"),
    "--shutdown-timeout": ("shutdown-timeout", "int"),
    "--max-concurrent-downloads": ("max-concurrent-downloads", "int"),
    "--max-concurrent-uploads": ("max-concurrent-uploads", "int"),
    "--metrics-addr": ("metrics-addr", "str"),
    "--swarm-default-advertise-addr": ("swarm-default-advertise-addr", "str"),
    "--default-address-pool": ("default-address-pools", "list"),
    "--allow-nondistributable-artifacts": ("allow-nondistributable-artifacts", "list"),
    "--host-gateway-ip": ("host-gateway-ip", "str"),
    "--cri-containerd": ("cri-containerd", "bool"),
    "--default-gateway": ("default-gateway", "str"),
    "--feature": ("features", "map"),
    "--oom-score-adjust": ("oom-score-adjust", "int"),
    "--validate": ("validate", "bool"),
}
# Flags that are not configuration (dockerd refuses them in daemon.json) or take no part in merging.
NOT_CONFIG = {"--config-file", "--validate", "-v", "--version", "-h", "--help"}


def _parse_bool(text: str) -> bool | str:
    low = text.strip().lower()
    if low in ("1", "t", "true"):
        return True
    if low in ("0", "f", "false"):
        return False
    return text


def parse_dockerd_args(args: Iterable[str]) -> tuple[dict[str, Any], list[str], str | None]:
    """dockerd's argv (without argv[0]) -> ({daemon.json key: value}, unknown flags, --config-file)."""
    flags: dict[str, Any] = {}
    unknown: list[str] = []
    config_file: str | None = None
    items = list(args)
    i = 0
    while i < len(items):
        token = items[i]
        i += 1
        if not token.startswith("-") or token in ("-", "--"):
            continue
        name, eq, value = token.partition("=")
        if not eq and not name.startswith("--") and len(name) > 2:
            # -Hunix:///x or -lwarn: a short flag glued to its value
            name, value, eq = name[:2], name[2:], "="
        if name == "--config-file":
            if not eq and i < len(items):
                value = items[i]
                i += 1
            config_file = value
            continue
        spec = FLAGS.get(name)
        if spec is None:
            unknown.append(token)
            if not eq and i < len(items) and not items[i].startswith("-"):
                i += 1  # an unknown flag's value
            continue
        key, kind = spec
        if kind == "bool":
            flags[key] = _parse_bool(value) if eq else True
            continue
        if not eq:
            if i >= len(items):
                unknown.append(token)
                continue
            value = items[i]
            i += 1
        if kind == "str":
            flags[key] = value
        elif kind == "int":
            try:
                flags[key] = int(value)
            except ValueError:
                flags[key] = value
        elif kind == "list":
            flags.setdefault(key, []).append(value)
        elif kind == "map":
            k, _, v = value.partition("=")
            flags.setdefault(key, {})[k] = v
        elif kind == "ulimit":
            nm, _, rest = value.partition("=")
            soft, _, hard = rest.partition(":")
            flags.setdefault(key, {})[nm] = {"Name": nm, "Soft": _int(soft), "Hard": _int(hard or soft)}
    return flags, unknown, config_file


def _int(text: str) -> int | str:
    try:
        return int(text)
    except ValueError:
        return text


def load_daemon_json(path: str) -> tuple[dict[str, Any], str | None]:
    """daemon.json -> (dict, error). A missing file is an empty config, not an error."""
    try:
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
    except FileNotFoundError:
        return {}, None
    except OSError as exc:
        return {}, f"{path}: cannot read: {exc.strerror}"
    if not text.strip():
        return {}, None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        return {}, f"{path}: invalid JSON: {exc.msg} (line {exc.lineno})"
    if not isinstance(data, dict):
        return {}, f"{path}: not a JSON object"
    return data, None


def _norm(value: Any) -> Any:
    if isinstance(value, list):
        return sorted(str(v) for v in value)
    return value


def find_conflicts(flags: dict[str, Any], file: dict[str, Any], file_path: str | None) -> list[str]:
    """Keys set both on the command line and in daemon.json: dockerd refuses to start then."""
    where = file_path or "daemon.json"
    out = []
    for key in sorted(set(flags) & set(file)):
        a, b = flags[key], file[key]
        same = "same value" if _norm(a) == _norm(b) else "different values"
        out.append(f"{key}: flag {json.dumps(a)} and {where} {json.dumps(b)} ({same})")
    return out


def daemon_config(args: list[str] | None, daemon_json: str | None, text: str | None = None) -> DaemonConfig:
    """Merge dockerd's flags with its daemon.json (a path, or `text` for its content)."""
    cfg = DaemonConfig(args=list(args) if args is not None else None)
    flags, unknown, config_file = parse_dockerd_args(args or [])
    cfg.flags, cfg.unknown_flags = flags, unknown
    path = daemon_json or config_file
    if text is not None:
        cfg.file_path = daemon_json or "daemon.json"
        try:
            data = json.loads(text) if text.strip() else {}
        except json.JSONDecodeError as exc:
            data = {}
            cfg.errors.append(f"{cfg.file_path}: invalid JSON: {exc.msg} (line {exc.lineno})")
        cfg.file = data if isinstance(data, dict) else {}
    else:
        path = path or DEFAULT_CONFIG_FILE
        data, err = load_daemon_json(path)
        if err:
            cfg.errors.append(err)
        cfg.file = data
        cfg.file_path = path if (os.path.exists(path) or daemon_json) else None
        if daemon_json and not os.path.exists(daemon_json):
            cfg.errors.append(f"{daemon_json}: no such file")
    cfg.conflicts = find_conflicts(cfg.flags, cfg.file, cfg.file_path)
    return cfg


# -- local host facts -------------------------------------------------------------------


def _names() -> tuple[dict[int, str], dict[int, str]]:
    users, groups = {}, {}
    try:
        users = {p.pw_uid: p.pw_name for p in pwd.getpwall()}
        groups = {g.gr_gid: g.gr_name for g in grp.getgrall()}
    except Exception:
        pass
    return users, groups


def stat_path(path: str, names: tuple[dict[int, str], dict[int, str]] | None = None) -> FileStat:
    """Owner, group, mode of `path`, following symlinks (what the daemon uses)."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return FileStat(path=path, exists=False)
    except OSError as exc:
        return FileStat(path=path, exists=True, error=exc.strerror or str(exc))
    users, groups = names or _names()
    real = os.path.realpath(path)
    return FileStat(
        real=real if real != path else None,
        path=path,
        exists=True,
        uid=st.st_uid,
        gid=st.st_gid,
        mode=stat.S_IMODE(st.st_mode),
        kind=kind_of(st.st_mode),
        owner=users.get(st.st_uid),
        group=groups.get(st.st_gid),
    )


def unit_path(unit: str) -> str | None:
    """The unit file systemd loads for `unit` (FragmentPath), else the first standard path."""
    if shutil.which("systemctl") and os.path.isdir("/run/systemd/system"):
        try:
            out = subprocess.run(
                ["systemctl", "show", "-p", "FragmentPath", unit], capture_output=True, text=True, timeout=5
            ).stdout.strip()
            value = out.partition("=")[2]
            if value:
                return value
        except (OSError, subprocess.SubprocessError):
            pass
    for d in UNIT_DIRS:
        p = os.path.join(d, unit)
        if os.path.exists(p):
            return p
    return None


def parse_audit_rules(lines: Iterable[str]) -> list[str]:
    """Audit rules -> the paths they watch ("-w /usr/bin/dockerd", "-F path=…", "-F dir=…")."""
    out: list[str] = []
    for raw in lines:
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        try:
            parts = shlex.split(line)
        except ValueError:
            parts = line.split()
        for i, p in enumerate(parts):
            if p == "-w" and i + 1 < len(parts):
                out.append(parts[i + 1].rstrip("/") or "/")
            elif p == "-F" and i + 1 < len(parts):
                k, _, v = parts[i + 1].partition("=")
                if k in ("path", "dir") and v:
                    out.append(v.rstrip("/") or "/")
            elif p.startswith("-w") and len(p) > 2:
                out.append(p[2:].rstrip("/") or "/")
    return out


def read_audit_rules(is_root: bool) -> tuple[list[str] | None, str | None, str | None]:
    """(watched paths, where from, why not read)."""
    if is_root and shutil.which("auditctl"):
        try:
            proc = subprocess.run(["auditctl", "-l"], capture_output=True, text=True, timeout=10)
            if proc.returncode == 0:
                return parse_audit_rules(proc.stdout.splitlines()), "auditctl -l", None
        except (OSError, subprocess.SubprocessError):
            pass
    files = sorted(glob.glob("/etc/audit/rules.d/*.rules"))
    if os.path.exists("/etc/audit/audit.rules"):
        files.append("/etc/audit/audit.rules")
    if not files:
        return [], "no audit rules file (auditd not installed?)", None
    lines: list[str] = []
    unreadable = []
    for f in files:
        try:
            with open(f, encoding="utf-8", errors="replace") as fh:
                lines += fh.read().splitlines()
        except OSError:
            unreadable.append(f)
    if unreadable and not lines:
        return None, None, f"cannot read {', '.join(unreadable)} (not root)"
    return parse_audit_rules(lines), ", ".join(files), None


def mount_points() -> list[str] | None:
    try:
        with open("/proc/self/mountinfo", encoding="utf-8") as fh:
            return [line.split()[4].encode().decode("unicode_escape") for line in fh if line.strip()]
    except OSError:
        return None


def lsm_state() -> tuple[bool | None, bool | None, bool | None]:
    """(selinux enabled, selinux enforcing, apparmor enabled)."""
    selinux = enforcing = None
    if os.path.exists("/sys/fs/selinux/enforce"):
        selinux = True
        try:
            with open("/sys/fs/selinux/enforce") as fh:
                enforcing = fh.read().strip() == "1"
        except OSError:
            pass
    elif os.path.isdir("/sys"):
        selinux = False
    apparmor = None
    try:
        with open("/sys/module/apparmor/parameters/enabled") as fh:
            apparmor = fh.read().strip().upper().startswith("Y")
    except OSError:
        apparmor = os.path.isdir("/sys/kernel/security/apparmor") or (False if os.path.isdir("/sys") else None)
    return selinux, enforcing, apparmor


def group_members(name: str, group_file: str = "/etc/group", passwd_file: str = "/etc/passwd") -> list[str] | None:
    """Members of group `name`: listed in /etc/group, plus users whose primary group it is."""
    gid = None
    members: list[str] = []
    try:
        with open(group_file, encoding="utf-8") as fh:
            for line in fh:
                parts = line.rstrip("\n").split(":")
                if len(parts) >= 4 and parts[0] == name:
                    gid = parts[2]
                    members += [m for m in parts[3].split(",") if m]
    except OSError:
        return None
    if gid is None:
        return []
    try:
        with open(passwd_file, encoding="utf-8") as fh:
            for line in fh:
                parts = line.rstrip("\n").split(":")
                if len(parts) >= 4 and parts[3] == gid and parts[0] not in members:
                    members.append(parts[0])
    except OSError:
        pass
    return members


def tcp_listeners(port: int) -> list[str]:
    """Local addresses listening on `port` (from /proc/net/tcp and tcp6)."""
    out = []
    for path, v6 in (("/proc/net/tcp", False), ("/proc/net/tcp6", True)):
        try:
            with open(path) as fh:
                next(fh, None)
                for line in fh:
                    parts = line.split()
                    if len(parts) < 4 or parts[3] != "0A":
                        continue
                    addr, _, p = parts[1].rpartition(":")
                    if int(p, 16) != port:
                        continue
                    out.append(_hex_addr(addr, v6) + f":{port}")
        except OSError:
            continue
    return out


def _hex_addr(addr: str, v6: bool) -> str:
    import ipaddress
    import struct

    raw = bytes.fromhex(addr)
    if not v6:
        return str(ipaddress.IPv4Address(struct.pack("<I", struct.unpack(">I", raw)[0])))
    words = struct.unpack(">4I", raw)
    packed = b"".join(struct.pack("<I", w) for w in words)
    return f"[{ipaddress.IPv6Address(packed)}]"


# -- file targets (CIS section 3) ----------------------------------------------------------


def unix_sockets(hosts: list[str]) -> list[str]:
    out = []
    for h in hosts:
        if h.startswith("unix://"):
            out.append(h[len("unix://"):])
        elif h.startswith("fd://"):
            out.append(DEFAULT_SOCKET)
    return out or [DEFAULT_SOCKET]


def file_targets(host: Host) -> dict[str, str | None]:
    """CIS section 3 target name -> the path in use (None: not configured / unknown)."""
    d = host.daemon
    tls_on = bool(d.get("tls") or d.get("tlsverify"))
    home = "/root/.docker"
    targets: dict[str, str | None] = {
        "docker.service": host.unit_paths.get("docker.service"),
        "docker.socket": host.unit_paths.get("docker.socket"),
        "/etc/docker": "/etc/docker",
        "tlscacert": d.get("tlscacert") or (f"{home}/ca.pem" if tls_on else None),
        "tlscert": d.get("tlscert") or (f"{home}/cert.pem" if tls_on else None),
        "tlskey": d.get("tlskey") or (f"{home}/key.pem" if tls_on else None),
        "docker.sock": unix_sockets(host.hosts())[0],
        "daemon.json": d.file_path or DEFAULT_CONFIG_FILE,
        "/etc/default/docker": "/etc/default/docker",
        "/etc/sysconfig/docker": "/etc/sysconfig/docker",
        "containerd.sock": d.get("containerd") or DEFAULT_CONTAINERD_SOCKET,
    }
    return targets


BINARIES = ("dockerd", "containerd", "containerd-shim", "containerd-shim-runc-v1", "containerd-shim-runc-v2", "runc")
BIN_DIRS = ("/usr/bin", "/usr/sbin", "/usr/local/bin", "/usr/local/sbin", "/bin", "/sbin")


def find_binary(name: str) -> str:
    """Where `name` is installed (the first standard directory holding it), else /usr/bin/<name>."""
    for d in BIN_DIRS:
        p = os.path.join(d, name)
        if os.path.exists(p):
            return p
    return f"/usr/bin/{name}"


def collect_files(host: Host, certs_dir: str = "/etc/docker/certs.d") -> None:
    names = _names()
    for unit in ("docker.service", "docker.socket"):
        host.unit_paths.setdefault(unit, unit_path(unit))
    for name, path in file_targets(host).items():
        host.files[name] = stat_path(path, names) if path else FileStat(path="", exists=False)
    certs = []
    for pattern in ("**/*.crt", "**/*.cert", "**/*.key"):
        certs += sorted(glob.glob(os.path.join(certs_dir, pattern), recursive=True))
    host.registry_certs = [stat_path(p, names) for p in certs] if os.path.isdir(certs_dir) else []
    # what section 1.1 audits besides the section 3 files
    for binary in BINARIES:
        host.files[binary] = stat_path(find_binary(binary), names)
    host.files["/run/containerd"] = stat_path("/run/containerd", names)
    host.files["/etc/containerd/config.toml"] = stat_path("/etc/containerd/config.toml", names)
    data_root = (host.info or {}).get("DockerRootDir") or host.setting("data-root") or "/var/lib/docker"
    host.files["data-root"] = stat_path(data_root, names)
    host.socket = host.files.get("docker.sock")


def collect_local(host: Host) -> None:
    """Everything read from the local machine's files (local live mode, or offline with host files)."""
    host.local = True
    host.is_root = os.geteuid() == 0
    collect_files(host)
    rules, source, why = read_audit_rules(host.is_root)
    host.audit_rules, host.audit_source = rules, source
    if why:
        host.skipped["audit rules"] = why
    host.mounts = mount_points()
    host.selinux, host.selinux_enforcing, host.apparmor = lsm_state()
    group = host.setting("group") or "docker"
    host.socket_group = group
    host.docker_group = group_members(group)
    host.swarm_listen = tcp_listeners(2377)


def host_env(host: Host, environ: dict[str, str] | None = None) -> None:
    env = dict(os.environ if environ is None else environ)
    host.env = {k: v for k, v in env.items() if k.startswith("DOCKER_") and "PASS" not in k}
    host.content_trust = env.get("DOCKER_CONTENT_TRUST", "").strip() == "1"


# -- offline -------------------------------------------------------------------------------


def from_offline(
    daemon_json: str | None,
    dockerd_args: str | list[str] | None = None,
    *,
    host_files: bool = False,
    text: str | None = None,
    environ: dict[str, str] | None = None,
) -> Host:
    """A Host from a daemon.json (path, or `text`) and dockerd's arguments, without a daemon."""
    args = shlex.split(dockerd_args) if isinstance(dockerd_args, str) else list(dockerd_args or [])
    if args and os.path.basename(args[0]) in ("dockerd", "dockerd-rootless.sh"):
        args = args[1:]
    daemon = daemon_config(args, daemon_json, text=text)
    host = Host(mode="offline", path=daemon.file_path or "dockerd", daemon=daemon)
    host.errors += daemon.errors
    host_env(host, environ)
    if host_files:
        collect_local(host)
    else:
        for fact in ("host files", "audit rules", "mounts", "LSM state", "docker group"):
            host.skipped[fact] = "offline: host files not read (--host-files reads this machine's)"
    return host


# -- live ----------------------------------------------------------------------------------


class CountingAPI:
    """Wraps a docker.APIClient: counts HTTP requests (for the performance figures)."""

    def __init__(self, api: Any, initial: int = 0):
        self.api = api
        self.calls = initial  # version="auto" negotiated with one GET /version before wrapping
        self.paths: list[str] = ["GET /version"] * initial
        original = api.send

        def send(request, **kwargs):
            self.calls += 1
            path = request.path_url.split("?")[0]
            if path.startswith("/v1.") and "/" in path[1:]:
                path = path[path.index("/", 1):]  # drop the API version prefix
            self.paths.append(f"{request.method} {path}")
            return original(request, **kwargs)

        api.send = send


def connect(base_url: str | None = None, timeout: int = 60) -> tuple[Any, str]:
    """A docker.APIClient for DOCKER_HOST (or `base_url`), and the URL used."""
    try:
        import docker
        from docker.utils import kwargs_from_env
    except ImportError:  # pragma: no cover - dependency of the package
        from dockguard.errors import DockguardError

        raise DockguardError("the 'docker' Python package is needed for a live bench") from None
    kwargs = kwargs_from_env()
    if base_url:
        kwargs["base_url"] = base_url
    kwargs.setdefault("base_url", "unix://" + DEFAULT_SOCKET)
    url = kwargs["base_url"]
    try:
        api = docker.APIClient(version="auto", timeout=timeout, **kwargs)
    except Exception as exc:  # version negotiation is the first request
        from dockguard.errors import InputError

        target = url if "://" in url else "unix://" + url
        raise InputError(f"docker://{target}", f"cannot reach the daemon: {str(exc)[:200]}") from None
    return api, url


def is_local_url(url: str) -> bool:
    return url.startswith(("unix://", "http+unix://", "npipe://")) or url.startswith("/")


def _read_cmdline(pid: int) -> list[str] | None:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as fh:
            data = fh.read()
    except OSError:
        return None
    return [p.decode(errors="replace") for p in data.split(b"\0") if p]


def dockerd_processes() -> list[tuple[int, list[str]]]:
    out = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/comm") as fh:
                comm = fh.read().strip()
        except OSError:
            continue
        if comm != "dockerd":
            continue
        argv = _read_cmdline(int(entry))
        if argv:
            out.append((int(entry), argv))
    return out


def find_dockerd(socket_path: str | None, data_root: str | None) -> tuple[int, list[str]] | None:
    """The dockerd serving `socket_path` (or using `data_root`), from /proc."""
    procs = dockerd_processes()
    want = os.path.realpath(socket_path) if socket_path else None
    root = os.path.realpath(data_root) if data_root else None
    by_root = None
    for pid, argv in procs:
        flags, _, cfg_file = parse_dockerd_args(argv[1:])
        file_cfg, _ = load_daemon_json(cfg_file or DEFAULT_CONFIG_FILE)
        hosts = flags.get("hosts") or file_cfg.get("hosts") or []
        hosts = [hosts] if isinstance(hosts, str) else hosts
        socks = {os.path.realpath(s) for s in unix_sockets(list(hosts))}
        if want and want in socks:
            return pid, argv
        dr = flags.get("data-root") or file_cfg.get("data-root") or "/var/lib/docker"
        if root and os.path.realpath(dr) in (root, os.path.dirname(root)):
            by_root = (pid, argv)
    return by_root


def image_from_inspect(data: dict, history: list[dict] | None, path: str) -> Any:
    """An Image model (config and history; no file tree) from `GET /images/{id}/json` + history."""
    from dockguard.model.image import HistoryEntry, Image

    cfg = data.get("Config") or {}
    env = {}
    for item in cfg.get("Env") or []:
        k, _, v = item.partition("=")
        env[k] = v
    tags = data.get("RepoTags") or []
    ref = next((t for t in tags if t != "<none>:<none>"), None) or (data.get("Id") or "")[:19]
    hist = []
    for h in reversed(history or []):  # the API lists newest first
        hist.append(
            HistoryEntry(
                created_by=h.get("CreatedBy") or "",
                empty_layer=(h.get("Size") or 0) == 0 and h.get("Id") in (None, "<missing>", ""),
                created=str(h.get("Created")) if h.get("Created") is not None else None,
                comment=h.get("Comment") or None,
            )
        )
    hc = cfg.get("Healthcheck") or {}
    return Image(
        reference=ref,
        source="daemon",
        path=path,
        digest=(data.get("RepoDigests") or [None])[0],
        config_digest=data.get("Id"),
        os=data.get("Os"),
        architecture=data.get("Architecture"),
        user=cfg.get("User") or "",
        env=env,
        exposed_ports=sorted((cfg.get("ExposedPorts") or {}).keys()),
        labels=dict(cfg.get("Labels") or {}),
        entrypoint=cfg.get("Entrypoint"),
        cmd=cfg.get("Cmd"),
        healthcheck=hc.get("Test") if hc else None,
        volumes=sorted((cfg.get("Volumes") or {}).keys()),
        working_dir=cfg.get("WorkingDir") or None,
        history=hist,
        config=data,
    )


def container_from_inspect(data: dict, path: str, image_config: dict | None = None) -> tuple[Any, str | None]:
    """A ContainerSpec from `docker inspect` (+ its image's Config), through the runtime-audit source."""
    try:
        from dockguard.sources.engine_api import from_inspect
    except ImportError:
        return None, "dockguard.sources.engine_api is not installed"
    try:
        return from_inspect(data, image_config, path=path), None
    except Exception as exc:
        name = (data.get("Name") or data.get("Id") or "?").lstrip("/")
        return None, f"container {name}: {type(exc).__name__}: {exc}"


def from_live(
    base_url: str | None = None,
    *,
    dockerd_args: str | None = None,
    daemon_json: str | None = None,
    images: bool = True,
    containers: bool = True,
    environ: dict[str, str] | None = None,
    api: Any = None,
) -> tuple[Host, CountingAPI]:
    """A Host from a running daemon: its API, and when it is local, its process and files."""
    from dockguard.errors import InputError

    negotiated = 0
    if api is None:
        api, url = connect(base_url)
        negotiated = 1
    else:
        url = base_url or getattr(api, "base_url", "")
    counter = api if isinstance(api, CountingAPI) else CountingAPI(api, negotiated)
    client = counter.api
    local = is_local_url(url) or url.startswith("http+docker://")
    target = url if "://" in url else "unix://" + url
    try:
        info = client.info()
        version = client.version()
    except Exception as exc:
        raise InputError(f"docker://{target}", f"cannot reach the daemon: {type(exc).__name__}: {str(exc)[:200]}") from None
    path = f"docker://{target}"
    host = Host(mode="live" if local else "remote", path=path, info=info, version=version)
    host_env(host, environ)
    for comp in version.get("Components") or []:
        name = (comp.get("Name") or "").lower()
        if name == "engine":
            host.components["docker"] = comp.get("Version") or ""
        elif name in ("containerd", "runc", "docker-init"):
            host.components[name] = comp.get("Version") or ""
    host.components.setdefault("docker", version.get("Version") or "")
    host.runtimes = sorted((info.get("Runtimes") or {}).keys())

    # dockerd's own configuration
    if local:
        sock = target[len("unix://"):] if target.startswith("unix://") else None
        found = None if dockerd_args is not None else find_dockerd(sock, info.get("DockerRootDir"))
        if dockerd_args is not None:
            args = shlex.split(dockerd_args)
            args = args[1:] if args and os.path.basename(args[0]) == "dockerd" else args
        elif found:
            args = found[1][1:]
        else:
            args = None
            host.skipped["dockerd command line"] = (
                "dockerd's process not found (another PID namespace?); daemon.json and docker info used"
            )
        host.daemon = daemon_config(args, daemon_json)
        host.errors += host.daemon.errors
        collect_local(host)
        if not host.is_root:
            host.skipped.setdefault("root-only facts", "not root: auditctl -l and files readable only by root were not read")
    else:
        if daemon_json or dockerd_args:
            host.daemon = daemon_config(shlex.split(dockerd_args or ""), daemon_json)
        for fact in ("dockerd command line", "host files", "audit rules", "mounts", "LSM state", "docker group"):
            host.skipped[fact] = f"remote daemon ({target}): only daemon-side checks run"

    # daemon objects
    if images:
        host.images = []
        for summary in client.images(all=False):
            iid = summary.get("Id")
            try:
                data = client.inspect_image(iid)
                hist = client.history(iid)
            except Exception as exc:
                host.errors.append(f"image {iid[:19]}: {type(exc).__name__}: {exc}")
                continue
            host.images.append(image_from_inspect(data, hist, path))
    images_by_id = {i.config_digest: (i.config.get("Config") or {}) for i in host.images or []}
    if containers:
        host.containers = []
        listing = client.containers(all=True)
        host.running = sum(1 for c in listing if c.get("State") == "running")
        if host.images is not None:
            used = {c.get("ImageID") for c in listing}
            host.unused_images = sum(1 for i in host.images if i.config_digest not in used)
        for summary in listing:
            try:
                data = client.inspect_container(summary["Id"])
            except Exception as exc:
                host.errors.append(f"container {summary['Id'][:12]}: {type(exc).__name__}: {exc}")
                continue
            if data.get("State", {}).get("Running") is not True:
                continue  # CIS section 5 is about running containers; stopped ones counted in 6.2
            image_cfg = images_by_id.get(data.get("Image"))
            spec, err = container_from_inspect(data, path, image_cfg)
            if err:
                host.skipped["section 5"] = err
                if "not installed" in err:
                    host.containers = None
                    break
                host.errors.append(err)
            elif spec is not None:
                if host.daemon.get("no-new-privileges") is True and spec.no_new_privileges is None:
                    spec.no_new_privileges = True  # the daemon's default applies (CIS 5.26)
                host.containers.append(spec)
    try:
        host.networks = client.networks()
    except Exception as exc:
        host.errors.append(f"networks: {type(exc).__name__}: {exc}")
    if host.swarm_active:
        swarm = info.get("Swarm") or {}
        host.managers = swarm.get("Managers")
        if swarm.get("ControlAvailable"):
            try:
                host.secrets_count = len(client.secrets())
            except Exception as exc:
                host.errors.append(f"secrets: {type(exc).__name__}: {exc}")
    return host, counter


# -- examples (rule tests) -------------------------------------------------------------------


def from_example(code: str) -> Host:
    """A Host from a rule example: daemon.json text, then optional directive lines:

        $ dockerd --icc=false …            dockerd's arguments
        $ info {"Swarm": {…}}               docker info (makes the host "live")
        $ version {"Version": "28.0.1"}     docker version
        $ host {"audit_rules": […], …}      other Host attributes (files: {name: {path, uid, gid, mode}})
    """
    body, directives = [], []
    for line in code.splitlines():
        (directives if line.startswith("$ ") else body).append(line)
    args: list[str] | None = None
    extra: dict[str, Any] = {}
    info = version = None
    for d in directives:
        verb, _, rest = d[2:].partition(" ")
        if verb == "dockerd":
            args = shlex.split(rest)
        elif verb == "info":
            info = json.loads(rest)
        elif verb == "version":
            version = json.loads(rest)
        elif verb == "host":
            extra.update(json.loads(rest))
    host = from_offline("daemon.json", args, text="\n".join(body), environ={})
    if info is not None:
        host.info = info
        host.mode = "live"
    if version is not None:
        host.version = version
        host.components.setdefault("docker", version.get("Version", ""))
    for key, value in extra.items():
        if key == "files":
            host.files = {k: FileStat(exists=v.pop("exists", True), **v) for k, v in value.items()}
            host.skipped.pop("host files", None)
            host.registry_certs = host.registry_certs or ()
        elif key == "socket":
            host.socket = FileStat(**value)
        elif key == "registry_certs":
            host.registry_certs = [FileStat(exists=True, **v) for v in value]
        else:
            setattr(host, key, value)
            host.skipped.pop(key.replace("_", " "), None)
            if key == "mounts":
                host.skipped.pop("mounts", None)
            if key in ("selinux", "apparmor"):
                host.skipped.pop("LSM state", None)
        host.local = True
    return host
