from dockguard.model.finding import Severity
from dockguard.model.host import Host
from dockguard.rules.base import Rule, bad, good
from dockguard.rules.host._status import config_value, na, warn, where

RULE = Rule(
    id="DG626",
    title="The daemon's default seccomp profile is disabled",
    severity=Severity.HIGH,
    kind="host",
    practices=("P44",),
    peers={"docker-bench": ("2.17",)},
    cis=("2.17",),
    rationale="The seccomp profile blocks about 50 dangerous system calls (keyctl, unshare, mount …) for every container; disabling it daemon-wide removes that layer from all of them.",
    remediation='Remove "seccomp-profile": "unconfined" (the built-in profile applies), or point it to a reviewed custom profile.',
    examples=(
        bad('{"seccomp-profile": "unconfined"}', lang="daemon-json"),
        bad('{}\n$ info {"SecurityOptions": ["name=apparmor"]}', lang="daemon-json", note="kernel without seccomp"),
        good("{}", lang="daemon-json"),
        good('{}\n$ info {"SecurityOptions": ["name=seccomp,profile=builtin"]}', lang="daemon-json"),
    ),
)


def check(host: Host, ctx):
    if host.info is not None:
        opts = [o for o in host.security_options if o.startswith("name=seccomp")]
        if not opts:
            yield warn("seccomp is not available to the daemon", evidence=", ".join(host.security_options) or "no SecurityOptions")
            return
        profile = opts[0].partition("profile=")[2] or "default"
        if profile == "unconfined":
            yield warn("the daemon-wide seccomp profile is unconfined", evidence=opts[0])
        return
    value, why = config_value(host, "seccomp-profile", None)
    if why:
        yield na(why)
    elif value == "unconfined":
        yield warn("the daemon-wide seccomp profile is unconfined", evidence=f"seccomp-profile=unconfined ({where(host, 'seccomp-profile')})")
