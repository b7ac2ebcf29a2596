"""DG314: Container opts out of user-namespace remapping."""

from __future__ import annotations

from dockguard.model.container import ContainerSpec
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Rule, bad, good
from dockguard.rules.container import _util as u

RULE = Rule(
    id='DG314',
    title='Container opts out of user-namespace remapping',
    severity=Severity.MEDIUM,
    kind="container",
    practices=('P25',),
    peers={'kics': ('8af7162d-6c98-482f-868e-0d33fb675ca8',), 'docker-bench': ('check_5_31',)},
    cis=('5.31',),
    rationale=(
        "On a daemon with user-namespace remapping, --userns host runs the container's root as the host's real root again."
    ),
    remediation=(
        "Remove --userns host (compose `userns_mode: host`); use the runtime's private namespace."
    ),
    enabled_by_default=True,
    tags=("runtime",),
    examples=(
        bad('docker run --userns host busybox:1.36', 'docker-run'),
        good('docker run busybox:1.36', 'docker-run'),
        bad('services:\n  web:\n    image: nginx:1.27\n    userns_mode: host\n', 'compose'),
        good('services:\n  web:\n    image: nginx:1.27\n', 'compose'),
        bad('{"Image": "busybox:1.36", "HostConfig": {"UsernsMode": "host"}}', 'engine-api'),
    ),
)


def check(spec: ContainerSpec, ctx):
    if (spec.userns_mode or "").lower() == "host":
        yield Hit(f"{spec.name} shares the host's userns namespace ({u.flag(spec, 'userns')})", line=spec.line_of('userns_mode'), object=spec.name)
