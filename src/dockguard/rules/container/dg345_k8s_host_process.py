"""DG345: Windows HostProcess container."""

from __future__ import annotations

from dockguard.model.container import ContainerSpec
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Rule, bad, good

RULE = Rule(
    id='DG345',
    title='Windows HostProcess container',
    severity=Severity.HIGH,
    kind="container",
    practices=('P25', 'P34'),
    peers={'pss': ('windowsHostProcess',)},
    cis=(),
    rationale=(
        'A Windows HostProcess container runs directly on the node with host access; the baseline Pod Security Standard forbids it.'
    ),
    remediation=(
        'Remove `windowsOptions.hostProcess: true`.'
    ),
    enabled_by_default=True,
    tags=("runtime",),
    examples=(
        bad('apiVersion: v1\nkind: Pod\nmetadata:\n  name: app\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      securityContext:\n        windowsOptions: {hostProcess: true}\n', 'kubernetes'),
        good('apiVersion: v1\nkind: Pod\nmetadata:\n  name: app\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n', 'kubernetes'),
    ),
)


def check(spec: ContainerSpec, ctx):
    if spec.windows_host_process:
        yield Hit(f"{spec.name} is a Windows HostProcess container", line=spec.line_of("windows_host_process"), object=spec.name)
