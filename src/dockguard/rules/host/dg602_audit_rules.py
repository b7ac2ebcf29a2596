from dockguard.model.finding import Severity
from dockguard.model.host import Host
from dockguard.rules.base import Rule, bad, good
from dockguard.rules.host._status import error, na, warn

RULE = Rule(
    id="DG602",
    title="Docker's files and directories are not audited",
    severity=Severity.LOW,
    kind="host",
    practices=("P45",),
    peers={"docker-bench": tuple(f"1.1.{n}" for n in range(3, 19))},
    cis=tuple(f"1.1.{n}" for n in range(3, 19)),
    rationale=(
        "The daemon runs as root and its files decide what containers may do. Without audit rules, a "
        "change to the binary, the unit, daemon.json or the data root leaves no trace."
    ),
    remediation=(
        "Add a watch per path to /etc/audit/rules.d/docker.rules, e.g. `-w /usr/bin/dockerd -k docker`, "
        "`-w /var/lib/docker -k docker`, `-w /etc/docker -k docker`, `-w /etc/docker/daemon.json -k docker`, "
        "then `augenrules --load`."
    ),
    examples=(
        bad('{}\n$ host {"audit_rules": [], "files": {"dockerd": {"path": "/usr/bin/dockerd"}}}', lang="daemon-json"),
        good(
            '{}\n$ host {"audit_rules": ["/usr/bin/dockerd"], "files": {"dockerd": {"path": "/usr/bin/dockerd"}}}',
            lang="daemon-json",
        ),
    ),
)

# CIS ID -> (file target name in Host.files, fallback path, audited only when it exists)
TARGETS = (
    ("1.1.3", "dockerd", "/usr/bin/dockerd", False),
    ("1.1.4", "/run/containerd", "/run/containerd", False),
    ("1.1.5", "data-root", "/var/lib/docker", True),
    ("1.1.6", "/etc/docker", "/etc/docker", True),
    ("1.1.7", "docker.service", None, True),
    ("1.1.8", "containerd.sock", "/run/containerd/containerd.sock", True),
    ("1.1.9", "docker.socket", None, True),
    ("1.1.10", "/etc/default/docker", "/etc/default/docker", True),
    ("1.1.11", "daemon.json", "/etc/docker/daemon.json", True),
    ("1.1.12", "/etc/containerd/config.toml", "/etc/containerd/config.toml", True),
    ("1.1.13", "/etc/sysconfig/docker", "/etc/sysconfig/docker", True),
    ("1.1.14", "containerd", "/usr/bin/containerd", True),
    ("1.1.15", "containerd-shim", "/usr/bin/containerd-shim", True),
    ("1.1.16", "containerd-shim-runc-v1", "/usr/bin/containerd-shim-runc-v1", True),
    ("1.1.17", "containerd-shim-runc-v2", "/usr/bin/containerd-shim-runc-v2", True),
    ("1.1.18", "runc", "/usr/bin/runc", True),
)


def check(host: Host, ctx):
    skipped = host.skipped.get("audit rules")
    for cis, name, fallback, needs_file in TARGETS:
        st = host.files.get(name)
        if st is None:
            if "host files" in host.skipped:
                yield na(host.skipped["host files"], cis=cis)
            continue  # a model built without this target (tests): nothing to say
        path = st.path if st is not None and st.path else fallback
        if st is not None and not st.exists and needs_file:
            yield na(f"{path or name} is not present on this host", cis=cis, obj=path or name)
            continue
        if path is None:
            yield na(f"no {name} unit on this host", cis=cis, obj=name)
            continue
        if host.audit_rules is None:
            if skipped and skipped.startswith(("offline", "remote")):
                yield na(skipped, cis=cis, obj=path)
            else:
                yield error(f"audit rules not read: {skipped or 'unknown reason'}", cis=cis, obj=path)
            continue
        watched = set(host.audit_rules)
        candidates = {path.rstrip("/")}
        if st is not None and st.real:
            candidates.add(st.real.rstrip("/"))
        if not candidates & watched:
            yield warn(f"no audit rule watches {path}", cis=cis, obj=path, evidence=host.audit_source or "no rules")
