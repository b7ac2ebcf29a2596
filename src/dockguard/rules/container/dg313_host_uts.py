"""DG313: Container shares the host's UTS namespace."""

from __future__ import annotations

from dockguard.model.container import ContainerSpec
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Rule, bad, good
from dockguard.rules.container import _util as u

RULE = Rule(
    id='DG313',
    title="Container shares the host's UTS namespace",
    severity=Severity.MEDIUM,
    kind="container",
    practices=('P25',),
    peers={'docker-bench': ('check_5_21',)},
    cis=('5.21',),
    rationale=(
        "With the host's UTS namespace the container can change the host's hostname and domain name."
    ),
    remediation=(
        "Remove --uts host (compose `uts: host`); use the runtime's private namespace."
    ),
    enabled_by_default=True,
    tags=("runtime",),
    examples=(
        bad('docker run --uts host busybox:1.36', 'docker-run'),
        good('docker run busybox:1.36', 'docker-run'),
        bad('services:\n  web:\n    image: nginx:1.27\n    uts: host\n', 'compose'),
        good('services:\n  web:\n    image: nginx:1.27\n', 'compose'),
        bad('{"Image": "busybox:1.36", "HostConfig": {"UTSMode": "host"}}', 'engine-api'),
    ),
)


def check(spec: ContainerSpec, ctx):
    if (spec.uts_mode or "").lower() == "host":
        yield Hit(f"{spec.name} shares the host's uts namespace ({u.flag(spec, 'uts')})", line=spec.line_of('uts_mode'), object=spec.name)
