from dockguard.model.finding import Severity
from dockguard.model.host import Host
from dockguard.rules.base import Rule, bad, good
from dockguard.rules.host._files import FILE_CHECKS, targets
from dockguard.rules.host._status import error, na, warn

RULE = Rule(
    id="DG640",
    title="A daemon file or directory is not owned by root",
    severity=Severity.HIGH,
    kind="host",
    practices=("P47",),
    peers={"docker-bench": tuple(c[0] for c in FILE_CHECKS)},
    cis=tuple(c[0] for c in FILE_CHECKS),
    rationale="Whoever owns the unit, daemon.json, the TLS files or the sockets can change how the root daemon runs or talk to it: root-equivalent.",
    remediation="chown root:root the file (root:docker for the Docker socket), e.g. `chown root:root /etc/docker/daemon.json`.",
    examples=(
        bad('{}\n$ host {"files": {"daemon.json": {"path": "/etc/docker/daemon.json", "uid": 1000, "gid": 1000, "mode": 420}}}', lang="daemon-json"),
        good('{}\n$ host {"files": {"daemon.json": {"path": "/etc/docker/daemon.json", "uid": 0, "gid": 0, "mode": 420}}}', lang="daemon-json"),
        good('{}\n$ host {"files": {"docker.sock": {"path": "/var/run/docker.sock", "uid": 0, "gid": 998, "group": "docker", "mode": 432}}}', lang="daemon-json"),
    ),
)


def check(host: Host, ctx):
    group_name = host.socket_group or host.setting("group") or "docker"
    for own_id, _, name, label, group, _mode in FILE_CHECKS:
        stats = targets(host, name)
        if stats is None:
            yield na(host.skipped.get("host files", "host files not read"), cis=own_id)
            continue
        if stats == ():
            continue
        present = [s for s in stats if s is not None and s.exists]
        if not present:
            yield na(f"{label} not present on this host", cis=own_id, obj=label)
            continue
        for st in present:
            if st.error:
                yield error(f"{st.path}: cannot stat: {st.error}", cis=own_id, obj=st.path)
                continue
            want_group = group_name if group == "docker" else "root"
            group_ok = st.gid == 0 if group == "root" else (st.group == want_group if st.group else False)
            if name == "registry-certs":
                group_ok = True  # CIS asks root:root; only the owner grants write access to a 0444 file
            if st.uid != 0 or not group_ok:
                yield warn(
                    f"{st.path} is owned by {st.owner_text}, expected root:{want_group}",
                    cis=own_id,
                    obj=st.path,
                    evidence=f"{st.owner_text} ({st.uid}:{st.gid})",
                )
