"""ContainerSpec: what a container is started with, whatever the source.

One model for what `POST /containers/create` means, built from a `docker run` command line, a compose
service, a Kubernetes container, `docker inspect` of a live container, or an Engine API request body.
Fields use None for "not set" (the runtime default applies), so rules can tell "unset" from "off".
Capabilities are upper case without the `CAP_` prefix. Sizes are bytes, CPUs are nano-CPUs.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class Mount:
    type: str  # bind | volume | tmpfs | npipe | cluster | image | hostPath (Kubernetes) | emptyDir
    target: str  # path in the container
    source: str | None = None  # host path for bind/hostPath, volume name for volume
    read_only: bool = False
    propagation: str | None = None  # rprivate, shared, rshared, slave, …  (Bidirectional in k8s)
    options: tuple[str, ...] = ()  # tmpfs options ("noexec", "nosuid", "size=64m"), bind options
    size: int | None = None  # tmpfs/emptyDir size limit in bytes
    line: int | None = None  # where it is declared, when the source has lines


@dataclass(slots=True)
class Device:
    host_path: str
    container_path: str
    permissions: str = "rwm"
    line: int | None = None


@dataclass(slots=True)
class PortBinding:
    container_port: str  # "80", "8000-8010"
    protocol: str = "tcp"
    host_ip: str | None = None  # None or "" = all interfaces
    host_port: str | None = None  # None = not published on the host (only exposed)
    line: int | None = None


@dataclass(slots=True)
class Ulimit:
    name: str
    soft: int
    hard: int


@dataclass(slots=True)
class ContainerSpec:
    name: str  # container name, compose service, "Deployment/web/nginx", or "docker run (line 3)"
    source: str  # docker-run | compose | kubernetes | docker | engine-api
    path: str  # file the spec came from, or the daemon ("docker://unix:///var/run/docker.sock")
    line: int | None = None  # where the container/service/command starts
    image: str | None = None
    command: list[str] | None = None

    # identity
    user: str | None = None  # as given: "1000", "app:app", "0", "root"; None = the image's default
    image_user: str | None = None  # the image's configured user, when known ("" = root by default)
    run_as_non_root: bool | None = None  # Kubernetes runAsNonRoot
    group_add: list[str] = field(default_factory=list)

    # privileges
    privileged: bool = False
    cap_add: list[str] = field(default_factory=list)
    cap_drop: list[str] = field(default_factory=list)
    security_opt: list[str] = field(default_factory=list)  # raw, as given
    no_new_privileges: bool | None = None  # from security_opt or allowPrivilegeEscalation: false
    allow_privilege_escalation: bool | None = None  # Kubernetes field as written
    seccomp: str | None = None  # None = default; "unconfined", "runtime/default", a path or JSON
    apparmor: str | None = None  # None = default; "unconfined", profile name
    selinux: str | None = None  # None = default; "disable", "type:…"
    systempaths_unconfined: bool = False  # --security-opt systempaths=unconfined / procMount Unmasked
    proc_mount: str | None = None  # Kubernetes procMount
    read_only_rootfs: bool | None = None

    # namespaces: None = default (private); "host"; "container:x"; "private"; "shareable"
    network_mode: str | None = None
    networks: list[str] = field(default_factory=list)  # user-defined networks attached
    pid_mode: str | None = None
    ipc_mode: str | None = None
    uts_mode: str | None = None
    userns_mode: str | None = None
    cgroupns_mode: str | None = None
    host_users: bool | None = None  # Kubernetes spec.hostUsers
    share_process_namespace: bool | None = None  # Kubernetes

    # storage and devices
    mounts: list[Mount] = field(default_factory=list)  # binds, volumes, tmpfs, hostPath, all here
    volumes_from: list[str] = field(default_factory=list)
    devices: list[Device] = field(default_factory=list)
    device_cgroup_rules: list[str] = field(default_factory=list)
    use_api_socket: bool = False  # compose `use_api_socket: true`

    # resources
    memory: int | None = None
    memory_swap: int | None = None  # -1 = unlimited
    memory_reservation: int | None = None
    nano_cpus: int | None = None
    cpu_shares: int | None = None
    cpu_quota: int | None = None
    cpu_period: int | None = None
    cpuset_cpus: str | None = None
    pids_limit: int | None = None  # 0 or -1 = unlimited
    ulimits: list[Ulimit] = field(default_factory=list)
    oom_kill_disable: bool = False
    oom_score_adj: int | None = None
    shm_size: int | None = None
    storage_opt: dict[str, str] = field(default_factory=dict)
    cgroup_parent: str | None = None
    requests_cpu: str | None = None  # Kubernetes requests/limits as written
    requests_memory: str | None = None
    limits_cpu: str | None = None
    limits_memory: str | None = None
    limits_ephemeral_storage: str | None = None

    # lifecycle
    restart_policy: str | None = None  # no | always | unless-stopped | on-failure (k8s: Always…)
    restart_max_retries: int | None = None
    init: bool | None = None
    healthcheck: bool | None = None  # True = defined, False = disabled (NONE), None = image default
    probes: list[str] = field(default_factory=list)  # Kubernetes: liveness, readiness, startup

    # network
    ports: list[PortBinding] = field(default_factory=list)
    publish_all: bool = False
    dns: list[str] = field(default_factory=list)
    extra_hosts: list[str] = field(default_factory=list)
    mac_address: str | None = None

    # environment, secrets, logging, runtime
    env: dict[str, str | None] = field(default_factory=dict)  # None = passed through from the host
    env_files: list[str] = field(default_factory=list)
    secrets: list[str] = field(default_factory=list)  # compose/Kubernetes secrets referenced
    log_driver: str | None = None
    log_options: dict[str, str] = field(default_factory=dict)
    runtime: str | None = None  # runc, runsc (gVisor), kata-runtime / runtimeClassName
    sysctls: dict[str, str] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)

    # Kubernetes extras
    kind: str | None = None  # Pod, Deployment, … (Kubernetes); None elsewhere
    container_type: str | None = None  # container | initContainer | ephemeralContainer
    automount_service_account_token: bool | None = None
    image_pull_policy: str | None = None
    namespace: str | None = None
    service_account_name: str | None = None
    selinux_options: dict[str, str] = field(default_factory=dict)  # Kubernetes seLinuxOptions
    run_as_group: str | None = None  # Kubernetes runAsGroup / the group part of --user
    windows_host_process: bool = False  # Kubernetes windowsOptions.hostProcess
    probe_hosts: list[str] = field(default_factory=list)  # Kubernetes probe/lifecycle `host` fields
    host_aliases: list[str] = field(default_factory=list)  # Kubernetes spec.hostAliases

    # Compose and live extras
    profiles: list[str] = field(default_factory=list)  # compose profiles the service belongs to
    shared_volumes: dict[str, list[str]] = field(default_factory=dict)  # volume -> other services using it
    device_requests: list[str] = field(default_factory=list)  # --gpus / DeviceRequests, as written
    masked_paths: list[str] | None = None  # Engine API MaskedPaths (None = default)
    state: str | None = None  # live containers: running, exited, created …

    # where each field was set, for findings that point at the line to edit: {"privileged": 12}
    lines: dict[str, int] = field(default_factory=dict)
    # what could not be resolved (unset variables, unknown flags), said rather than guessed
    unresolved: list[str] = field(default_factory=list)

    def line_of(self, *fields: str) -> int | None:
        for name in fields:
            if name in self.lines:
                return self.lines[name]
        return self.line

    @property
    def effective_user(self) -> str | None:
        """The user the process runs as: the spec's, else the image's; None when unknown."""
        if self.user not in (None, ""):
            return self.user
        return self.image_user
