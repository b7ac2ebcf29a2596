from dockguard.model.finding import Severity
from dockguard.model.host import Host
from dockguard.rules.base import Rule, bad, good
from dockguard.rules.host._files import FILE_CHECKS, targets
from dockguard.rules.host._status import error, na, warn

RULE = Rule(
    id="DG641",
    title="A daemon file or directory has permissions wider than allowed",
    severity=Severity.HIGH,
    kind="host",
    practices=("P47",),
    peers={"docker-bench": tuple(c[1] for c in FILE_CHECKS)},
    cis=tuple(c[1] for c in FILE_CHECKS),
    rationale=(
        "A group- or world-writable unit, daemon.json or socket lets other users reconfigure or drive "
        "the root daemon; a readable TLS key lets them impersonate it. Modes are compared bit by bit: "
        "0606 is wider than 0644 (others may write) although 606 < 644 as a number."
    ),
    remediation="chmod the file to the mode in the message or stricter (e.g. `chmod 644 /etc/docker/daemon.json`, `chmod 400` for the TLS key, `chmod 660` for the socket).",
    examples=(
        bad('{}\n$ host {"files": {"daemon.json": {"path": "/etc/docker/daemon.json", "uid": 0, "gid": 0, "mode": 390}}}', lang="daemon-json", note="0606: numerically below 644, but world-writable"),
        good('{}\n$ host {"files": {"daemon.json": {"path": "/etc/docker/daemon.json", "uid": 0, "gid": 0, "mode": 416}}}', lang="daemon-json", note="0640 is stricter than 0644"),
    ),
)


def check(host: Host, ctx):
    for _, mode_id, name, label, _group, allowed in FILE_CHECKS:
        stats = targets(host, name)
        if stats is None:
            yield na(host.skipped.get("host files", "host files not read"), cis=mode_id)
            continue
        if stats == ():
            continue
        present = [s for s in stats if s is not None and s.exists]
        if not present:
            yield na(f"{label} not present on this host", cis=mode_id, obj=label)
            continue
        for st in present:
            if st.error or st.mode is None:
                yield error(f"{st.path}: cannot stat: {st.error}", cis=mode_id, obj=st.path)
                continue
            extra = st.mode & ~allowed
            if extra:
                yield warn(
                    f"{st.path} has mode {st.mode_text}, allowed {allowed:04o} or stricter (extra bits {extra:04o})",
                    cis=mode_id,
                    obj=st.path,
                    evidence=st.mode_text,
                )
