from dockguard.model.finding import Severity
from dockguard.model.host import Host
from dockguard.rules.base import Option, Rule, bad, good
from dockguard.rules.host._status import info, na, warn

RULE = Rule(
    id="DG601",
    title="Users in the docker group control the daemon (root-equivalent)",
    severity=Severity.HIGH,
    kind="host",
    practices=("P42",),
    peers={"docker-bench": ("1.1.2",)},
    cis=("1.1.2",),
    rationale=(
        "Access to the Docker socket is root on the host: `docker run -v /:/host --privileged` needs no "
        "password. Every member of the socket's group (and every user whose primary group it is) is "
        "root-equivalent."
    ),
    remediation=(
        "Remove users who do not need to run containers from the group (`gpasswd -d USER docker`); list "
        "the trusted ones in the config (`rules: {DG601: {trusted_users: [alice]}}`) or with "
        "`--trusted-user` so any other member is a warning."
    ),
    options=(Option("trusted_users", [], "Users allowed in the docker group; others are a warning."),),
    examples=(
        bad('{}\n$ host {"docker_group": ["alice", "mallory"], "skipped": {}}', lang="daemon-json"),
        good('{}\n$ host {"docker_group": [], "skipped": {}}', lang="daemon-json"),
    ),
)


def check(host: Host, ctx):
    members = host.docker_group
    group = host.socket_group or host.setting("group") or "docker"
    if members is None:
        yield na(host.skipped.get("docker group", "/etc/group not readable"))
        return
    if not members:
        return
    trusted = set(ctx.options.get("trusted_users") or [])
    names = ", ".join(members)
    if trusted:
        doubtful = [m for m in members if m not in trusted]
        if doubtful:
            yield warn(
                f"untrusted users in group {group} (root-equivalent): {', '.join(doubtful)}",
                evidence=f"{group}: {names}",
                obj=group,
            )
        return
    yield info(
        f"users in group {group} are root-equivalent: {names} (list the trusted ones to score this check)",
        evidence=f"{group}: {names}",
        obj=group,
    )
