"""The Host model: a Docker host and its daemon, as the CIS Docker Benchmark sees them.

Built by `dockguard.sources.host` from a live daemon (Engine API + local files), a remote daemon
(daemon-side facts only) or offline from a `daemon.json` and dockerd's command line. Every fact that
could not be read is None (unknown) and the reason is in `skipped`, so a rule can say "not
applicable" or "cannot tell" instead of guessing. Rules read only this model.
"""

from __future__ import annotations

import stat as _stat
from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True)
class FileStat:
    """Owner, group and mode of one daemon file or directory (CIS section 3)."""

    path: str
    exists: bool
    uid: int | None = None
    gid: int | None = None
    mode: int | None = None  # permission bits only (stat.S_IMODE), setuid/setgid/sticky included
    kind: str | None = None  # file | dir | socket | symlink | other
    owner: str | None = None  # user name when known
    group: str | None = None  # group name when known
    error: str | None = None  # why it could not be read (permission denied …)
    real: str | None = None  # the path with symlinks resolved, when it differs

    @property
    def mode_text(self) -> str:
        return "-" if self.mode is None else format(self.mode, "04o")

    @property
    def owner_text(self) -> str:
        user = self.owner if self.owner is not None else str(self.uid)
        group = self.group if self.group is not None else str(self.gid)
        return f"{user}:{group}"


def kind_of(st_mode: int) -> str:
    if _stat.S_ISREG(st_mode):
        return "file"
    if _stat.S_ISDIR(st_mode):
        return "dir"
    if _stat.S_ISSOCK(st_mode):
        return "socket"
    if _stat.S_ISLNK(st_mode):
        return "symlink"
    return "other"


@dataclass(slots=True)
class DaemonConfig:
    """dockerd's effective configuration: daemon.json merged with its command-line flags.

    Keys use daemon.json's names ("icc", "log-level", "insecure-registries", "hosts" …); `flags`
    holds what the command line set, `file` what daemon.json set, `effective` the merge, and
    `conflicts` the keys set in both (dockerd refuses to start with such a conflict).
    """

    file: dict[str, Any] = field(default_factory=dict)
    file_path: str | None = None  # the daemon.json read, None when there is none
    flags: dict[str, Any] = field(default_factory=dict)
    args: list[str] | None = None  # dockerd's argv (without argv[0]); None = not known
    unknown_flags: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)  # "icc: --icc=false and daemon.json icc=true"
    errors: list[str] = field(default_factory=list)  # unreadable / invalid daemon.json …

    @property
    def effective(self) -> dict[str, Any]:
        merged = dict(self.file)
        for key, value in self.flags.items():
            if isinstance(value, list) and isinstance(merged.get(key), list):
                merged[key] = [*merged[key], *value]
            else:
                merged[key] = value
        return merged

    def get(self, key: str, default: Any = None) -> Any:
        if key in self.flags:
            return self.flags[key]
        return self.file.get(key, default)

    def has(self, key: str) -> bool:
        return key in self.flags or key in self.file

    def source_of(self, key: str) -> str:
        if key in self.flags:
            return "dockerd flag"
        if key in self.file:
            return self.file_path or "daemon.json"
        return "default"

    @property
    def known(self) -> bool:
        """Whether any configuration source was read (flags or a daemon.json)."""
        return self.args is not None or self.file_path is not None


@dataclass(slots=True)
class Host:
    mode: str  # live | remote | offline
    path: str  # where findings point: "docker://unix:///var/run/docker.sock", or the daemon.json path
    daemon: DaemonConfig = field(default_factory=DaemonConfig)
    info: dict[str, Any] | None = None  # GET /info (docker info); None offline
    version: dict[str, Any] | None = None  # GET /version
    is_root: bool | None = None  # whether the bench ran as root (local modes)
    local: bool = False  # host files are readable (live local, or offline with host files asked)

    # host files
    files: dict[str, FileStat] = field(default_factory=dict)  # CIS target name -> stat (see sources.host.FILE_TARGETS)
    registry_certs: list[FileStat] | None = None  # /etc/docker/certs.d/**/*.crt|*.cert|*.key
    unit_paths: dict[str, str | None] = field(default_factory=dict)  # docker.service -> its unit file
    audit_rules: list[str] | None = None  # normalised audit rules; None = could not read
    audit_source: str | None = None  # "auditctl -l", "/etc/audit/rules.d/*.rules" …
    mounts: list[str] | None = None  # mount points (from /proc/self/mountinfo)
    selinux: bool | None = None  # enabled (enforcing or permissive) / disabled / unknown
    selinux_enforcing: bool | None = None
    apparmor: bool | None = None
    docker_group: list[str] | None = None  # members, incl. users whose primary group it is
    socket: FileStat | None = None  # the daemon's unix socket
    socket_group: str | None = None

    # components
    components: dict[str, str] = field(default_factory=dict)  # docker/containerd/runc -> version
    runtimes: list[str] = field(default_factory=list)
    content_trust: bool | None = None  # DOCKER_CONTENT_TRUST=1 in the environment of the bench
    env: dict[str, str] = field(default_factory=dict)  # DOCKER_* variables seen

    # daemon objects (live modes)
    images: list[Any] | None = None  # dockguard.model.image.Image built from the daemon
    containers: list[Any] | None = None  # dockguard.model.container.ContainerSpec (all containers)
    running: int | None = None
    unused_images: int | None = None  # images no container (running or not) uses
    networks: list[dict[str, Any]] | None = None  # GET /networks
    swarm_listen: list[str] | None = None  # local listeners on :2377
    secrets_count: int | None = None
    unlock_key_set: bool | None = None
    managers: int | None = None

    skipped: dict[str, str] = field(default_factory=dict)  # fact -> why it was not read
    errors: list[str] = field(default_factory=list)

    # -- helpers used by the rules -----------------------------------------
    @property
    def live(self) -> bool:
        return self.info is not None

    def setting(self, key: str, default: Any = None) -> Any:
        return self.daemon.get(key, default)

    @property
    def swarm_state(self) -> str | None:
        """active | inactive | pending | locked | error; None when unknown (offline)."""
        if self.info is None:
            return None
        swarm = self.info.get("Swarm") or {}
        return swarm.get("LocalNodeState") or "inactive"

    @property
    def swarm_active(self) -> bool:
        return self.swarm_state in ("active", "locked")

    @property
    def security_options(self) -> list[str]:
        if self.info is None:
            return []
        return list(self.info.get("SecurityOptions") or [])

    @property
    def rootless(self) -> bool | None:
        if self.info is not None:
            return any(o == "name=rootless" or o.startswith("name=rootless,") for o in self.security_options)
        if self.daemon.has("rootless"):
            return bool(self.daemon.get("rootless"))
        return None

    @property
    def userns(self) -> bool | None:
        if self.info is not None:
            return any(o == "name=userns" or o.startswith("name=userns,") for o in self.security_options)
        return bool(self.setting("userns-remap")) if self.daemon.known else None

    @property
    def server_version(self) -> str | None:
        if self.version and self.version.get("Version"):
            return str(self.version["Version"])
        return self.components.get("docker")

    def hosts(self) -> list[str]:
        """The addresses dockerd listens on (-H / "hosts"); the default unix socket when none."""
        value = self.setting("hosts")
        if not value:
            return []
        return [value] if isinstance(value, str) else [str(v) for v in value]
