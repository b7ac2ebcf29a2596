"""DG315: Container shares the host's cgroup namespace."""

from __future__ import annotations

from dockguard.model.container import ContainerSpec
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Rule, bad, good
from dockguard.rules.container import _util as u

RULE = Rule(
    id='DG315',
    title="Container shares the host's cgroup namespace",
    severity=Severity.MEDIUM,
    kind="container",
    practices=('P25',),
    peers={},
    cis=(),
    rationale=(
        "With the host's cgroup namespace the container sees the host's whole cgroup tree (names of every other container and service), and with write access to cgroupfs it can escape through release_agent."
    ),
    remediation=(
        "Remove --cgroupns host (compose `cgroup: host`); use the runtime's private namespace."
    ),
    enabled_by_default=True,
    tags=("runtime",),
    examples=(
        bad('docker run --cgroupns host busybox:1.36', 'docker-run'),
        good('docker run busybox:1.36', 'docker-run'),
        bad('services:\n  web:\n    image: nginx:1.27\n    cgroup: host\n', 'compose'),
        good('services:\n  web:\n    image: nginx:1.27\n', 'compose'),
        bad('{"Image": "busybox:1.36", "HostConfig": {"CgroupnsMode": "host"}}', 'engine-api'),
    ),
)


def check(spec: ContainerSpec, ctx):
    if (spec.cgroupns_mode or "").lower() == "host":
        yield Hit(f"{spec.name} shares the host's cgroupns namespace ({u.flag(spec, 'cgroupns')})", line=spec.line_of('cgroupns_mode'), object=spec.name)
