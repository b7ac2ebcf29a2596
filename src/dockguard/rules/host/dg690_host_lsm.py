from dockguard.model.finding import Severity
from dockguard.model.host import Host
from dockguard.rules.base import Rule, bad, good
from dockguard.rules.host._status import na, warn

RULE = Rule(
    id="DG690",
    title="Neither SELinux nor AppArmor is enabled on the host",
    severity=Severity.HIGH,
    kind="host",
    practices=("P45",),
    peers={},
    rationale="Docker's AppArmor profile (docker-default) or SELinux labels (container_t) confine containers beyond namespaces: without a Linux security module a container escape meets no mandatory access control.",
    remediation="Enable AppArmor (Debian/Ubuntu: apparmor package, kernel parameter apparmor=1 security=apparmor) or SELinux (RHEL/Fedora: SELINUX=enforcing, and \"selinux-enabled\": true in daemon.json).",
    examples=(
        bad('{}\n$ host {"selinux": false, "apparmor": false}', lang="daemon-json"),
        good('{}\n$ host {"selinux": false, "apparmor": true}', lang="daemon-json"),
        good('{"selinux-enabled": true}\n$ host {"selinux": true, "selinux_enforcing": true, "apparmor": false}', lang="daemon-json"),
    ),
)


def check(host: Host, ctx):
    if host.selinux is None and host.apparmor is None:
        reason = host.skipped.get("LSM state", "LSM state not readable")
        opts = host.security_options
        if host.info is not None and any(o.startswith(("name=apparmor", "name=selinux")) for o in opts):
            return  # the daemon reports an LSM in use
        if host.info is not None and opts:
            yield warn("the daemon reports neither AppArmor nor SELinux", evidence=", ".join(opts))
            return
        yield na(reason)
        return
    if host.apparmor:
        return
    if host.selinux:
        if host.selinux_enforcing is False:
            yield warn("SELinux is permissive: it logs but does not block", evidence="SELinux permissive")
        elif host.daemon.known and host.setting("selinux-enabled") is not True:
            yield warn("SELinux is enforcing but dockerd runs without --selinux-enabled: containers get no SELinux labels", evidence="selinux-enabled unset")
        return
    yield warn("no Linux security module (SELinux or AppArmor) is enabled", evidence="SELinux off, AppArmor off")
