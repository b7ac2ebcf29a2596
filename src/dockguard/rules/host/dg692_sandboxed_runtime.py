from dockguard.model.finding import Severity
from dockguard.model.host import Host
from dockguard.rules.base import Rule, bad, good
from dockguard.rules.host._status import info, na

RULE = Rule(
    id="DG692",
    title="No sandboxed runtime is available for untrusted workloads",
    severity=Severity.INFO,
    kind="host",
    practices=("P45",),
    peers={},
    rationale="runc shares the host kernel with every container; gVisor (runsc) or Kata Containers put a second kernel boundary around workloads that run untrusted code.",
    remediation='Install gVisor or Kata and register it: "runtimes": {"runsc": {"path": "/usr/bin/runsc"}}; run untrusted containers with --runtime=runsc.',
    examples=(
        bad('{}\n$ info {"Runtimes": {"runc": {}, "io.containerd.runc.v2": {}}}', lang="daemon-json"),
        good('{}\n$ info {"Runtimes": {"runc": {}, "runsc": {"path": "/usr/bin/runsc"}}}', lang="daemon-json"),
        good('{"runtimes": {"kata": {"runtimeType": "io.containerd.kata.v2"}}}', lang="daemon-json"),
    ),
)

SANDBOXES = ("runsc", "gvisor", "kata", "firecracker", "crun-krun", "krun", "sysbox", "youki-vm")


def check(host: Host, ctx):
    if host.info is not None:
        names = list((host.info.get("Runtimes") or {}).keys())
    elif host.daemon.known:
        names = list((host.setting("runtimes") or {}).keys())
    else:
        yield na("runtimes are read from docker info or daemon.json")
        return
    if not any(any(s in n.lower() for s in SANDBOXES) for n in names):
        yield info(f"no sandboxed runtime registered (runtimes: {', '.join(names) or 'runc'})", evidence=", ".join(names) or "runc")
