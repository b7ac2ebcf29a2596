from dockguard.model.finding import Severity
from dockguard.model.host import Host
from dockguard.rules.base import Rule, bad, good
from dockguard.rules.host._status import na, warn

RULE = Rule(
    id="DG693",
    title="The Docker socket is reachable by users outside its group",
    severity=Severity.CRITICAL,
    kind="host",
    practices=("P42",),
    peers={},
    rationale="Whoever can connect to the Docker socket is root on the host. A socket open to others (mode o+rw) or owned by a group other than the daemon's gives that to every local user or service.",
    remediation='chown root:docker and chmod 660 the socket; set "group" in daemon.json if another group is intended, and keep that group small.',
    examples=(
        bad('{}\n$ host {"socket": {"path": "/var/run/docker.sock", "exists": true, "uid": 0, "gid": 998, "group": "docker", "mode": 438}}', lang="daemon-json"),
        good('{}\n$ host {"socket": {"path": "/var/run/docker.sock", "exists": true, "uid": 0, "gid": 998, "group": "docker", "mode": 432}}', lang="daemon-json"),
    ),
)


def check(host: Host, ctx):
    st = host.socket
    if st is None:
        yield na(host.skipped.get("host files", "socket not inspected"))
        return
    if not st.exists:
        yield na(f"{st.path} not present", obj=st.path)
        return
    if st.mode is None:
        return
    if st.mode & 0o006:
        yield warn(f"{st.path} is accessible to every user (mode {st.mode_text}): all local users are root-equivalent", obj=st.path, evidence=f"{st.owner_text} {st.mode_text}")
        return
    group = host.socket_group or host.setting("group") or "docker"
    if st.mode & 0o060 and st.gid != 0 and st.group and st.group != group:
        yield warn(f"{st.path} is open to group {st.group}, not {group}", obj=st.path, evidence=f"{st.owner_text} {st.mode_text}")
