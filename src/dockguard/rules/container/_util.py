"""Tables and small helpers the container rules share (standard library only)."""

from __future__ import annotations

from dockguard.model.container import ContainerSpec

# Docker's default capability set (moby oci/caps/defaults.go).
DOCKER_DEFAULT_CAPS = frozenset({
    "AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD", "NET_BIND_SERVICE", "NET_RAW",
    "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT",
})
# Pod Security Standards baseline: capabilities that may be added.
PSS_BASELINE_CAPS = DOCKER_DEFAULT_CAPS - {"NET_RAW"}
# Capabilities that break isolation (Falco's excessively capable list and more).
DANGEROUS_CAPS = frozenset({
    "ALL", "SYS_ADMIN", "SYS_MODULE", "SYS_RAWIO", "SYS_PTRACE", "SYS_BOOT", "SYSLOG", "DAC_READ_SEARCH",
    "NET_ADMIN", "BPF", "PERFMON", "SYS_TIME", "MAC_ADMIN", "MAC_OVERRIDE", "LINUX_IMMUTABLE", "SYS_RESOURCE",
    "AUDIT_CONTROL", "SYS_PACCT", "SYS_TTY_CONFIG", "WAKE_ALARM", "BLOCK_SUSPEND", "CHECKPOINT_RESTORE",
})

# Container-runtime API sockets (docker, containerd, cri-o, podman, buildkit, kubelet).
RUNTIME_SOCKETS = (
    "/var/run/docker.sock", "/run/docker.sock", "/var/run/docker", "/run/docker",
    "/run/containerd/containerd.sock", "/var/run/containerd/containerd.sock", "/run/containerd",
    "/var/run/containerd", "/var/run/crio/crio.sock", "/run/crio/crio.sock", "/var/run/crio", "/run/crio",
    "/run/podman/podman.sock", "/var/run/podman/podman.sock", "/run/podman", "/var/run/podman",
    "/run/buildkit/buildkitd.sock", "/run/k3s/containerd/containerd.sock", "/var/run/cri-dockerd.sock",
    "/run/user/%/podman/podman.sock", "/run/user/%/docker.sock",
)

# Host directories whose sharing exposes the host (CIS 5.6 list, KICS isOSDir, Falco sensitive_mount).
SENSITIVE_PATHS = (
    "/", "/boot", "/dev", "/etc", "/lib", "/lib32", "/lib64", "/libx32", "/proc", "/sys", "/usr", "/bin", "/sbin",
    "/root", "/var/lib/docker", "/var/lib/containerd", "/var/lib/kubelet", "/var/lib/rancher", "/etc/kubernetes",
    "/var/run", "/run", "/var/log", "/var/lib", "/var", "/home", "/opt", "/srv", "/mnt", "/media",
    "/var/lib/etcd", "/etc/docker", "/etc/containerd", "/etc/crio", "/etc/cni", "/opt/cni",
)
# Prefixes under which every path is sensitive, not just the directory itself.
SENSITIVE_TREES = (
    "/boot", "/dev", "/etc", "/lib", "/lib64", "/proc", "/sys", "/usr", "/bin", "/sbin", "/root",
    "/var/lib/docker", "/var/lib/containerd", "/var/lib/kubelet", "/var/lib/etcd", "/var/lib/rancher",
)

HOST_SOURCES = ("bind", "hostPath")


def norm_path(path: str | None) -> str:
    if not path:
        return ""
    p = path.strip()
    while "//" in p:
        p = p.replace("//", "/")
    if len(p) > 1:
        p = p.rstrip("/")
    return p


def is_socket_path(path: str | None) -> bool:
    p = norm_path(path)
    if not p:
        return False
    for s in RUNTIME_SOCKETS:
        if "%" in s:
            head, tail = s.split("%")
            if p.startswith(head) and p.endswith(tail):
                return True
        elif p == s:
            return True
    return p.endswith(("/docker.sock", "/containerd.sock", "/crio.sock", "/podman.sock", "/buildkitd.sock"))


def host_mounts(spec: ContainerSpec):
    """Mounts of a host path (bind, hostPath), with the path normalized."""
    for m in spec.mounts:
        if m.type in HOST_SOURCES and m.source:
            yield m, norm_path(m.source)


def is_sensitive(path: str) -> bool:
    if path in SENSITIVE_PATHS:
        return True
    return any(path.startswith(t + "/") for t in SENSITIVE_TREES)


def mount_line(spec: ContainerSpec, m) -> int | None:
    return m.line if m.line is not None else spec.line_of("mounts")


def is_root_user(user: str | None) -> bool | None:
    """True for root/0 (in any user:group form), False for another user, None when unknown."""
    if user is None:
        return None
    name = str(user).split(":", 1)[0].strip()
    if name == "":
        return True  # an empty user means root
    return name in ("root", "0")


def flag(spec: ContainerSpec, setting: str) -> str:
    """How the setting is spelled in the spec's source, for messages."""
    table = SPELLING.get(setting, {})
    return table.get(spec.source) or table.get("docker-run") or setting


SPELLING = {
    "privileged": {"docker-run": "--privileged", "compose": "privileged: true", "kubernetes": "securityContext.privileged: true",
                   "docker": "HostConfig.Privileged", "engine-api": "HostConfig.Privileged"},
    "network": {"docker-run": "--network host", "compose": "network_mode: host", "kubernetes": "hostNetwork: true",
                "docker": "HostConfig.NetworkMode=host", "engine-api": "HostConfig.NetworkMode=host"},
    "pid": {"docker-run": "--pid host", "compose": "pid: host", "kubernetes": "hostPID: true",
            "docker": "HostConfig.PidMode=host", "engine-api": "HostConfig.PidMode=host"},
    "ipc": {"docker-run": "--ipc host", "compose": "ipc: host", "kubernetes": "hostIPC: true",
            "docker": "HostConfig.IpcMode=host", "engine-api": "HostConfig.IpcMode=host"},
    "uts": {"docker-run": "--uts host", "compose": "uts: host", "docker": "HostConfig.UTSMode=host",
            "engine-api": "HostConfig.UTSMode=host"},
    "userns": {"docker-run": "--userns host", "compose": "userns_mode: host", "docker": "HostConfig.UsernsMode=host",
               "engine-api": "HostConfig.UsernsMode=host"},
    "cgroupns": {"docker-run": "--cgroupns host", "compose": "cgroup: host", "docker": "HostConfig.CgroupnsMode=host",
                 "engine-api": "HostConfig.CgroupnsMode=host"},
}
