"""The CIS section 3 list: each daemon file, its expected owner and its widest allowed mode."""

from __future__ import annotations

# (ownership CIS ID, permissions CIS ID, target name in Host.files, label, group ("root" or "docker"), max mode)
FILE_CHECKS = (
    ("3.1", "3.2", "docker.service", "docker.service unit", "root", 0o644),
    ("3.3", "3.4", "docker.socket", "docker.socket unit", "root", 0o644),
    ("3.5", "3.6", "/etc/docker", "/etc/docker", "root", 0o755),
    ("3.7", "3.8", "registry-certs", "registry certificates (/etc/docker/certs.d)", "root", 0o444),
    ("3.9", "3.10", "tlscacert", "TLS CA certificate", "root", 0o444),
    ("3.11", "3.12", "tlscert", "TLS server certificate", "root", 0o444),
    ("3.13", "3.14", "tlskey", "TLS server key", "root", 0o400),
    ("3.15", "3.16", "docker.sock", "Docker socket", "docker", 0o660),
    ("3.17", "3.18", "daemon.json", "daemon.json", "root", 0o644),
    ("3.19", "3.20", "/etc/default/docker", "/etc/default/docker", "root", 0o644),
    ("3.22", "3.21", "/etc/sysconfig/docker", "/etc/sysconfig/docker", "root", 0o644),
    ("3.23", "3.24", "containerd.sock", "containerd socket", "root", 0o660),
)


def targets(host, name):
    """The FileStat(s) of a target; None when host files were not read."""
    if name == "registry-certs":
        return host.registry_certs
    if "host files" in host.skipped and name not in host.files:
        return None
    st = host.files.get(name)
    return [st] if st is not None else ()  # () = a model built without this target (tests)
