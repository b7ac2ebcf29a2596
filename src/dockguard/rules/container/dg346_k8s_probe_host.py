"""DG346: Probe or lifecycle handler targets another host."""

from __future__ import annotations

from dockguard.model.container import ContainerSpec
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Rule, bad, good

RULE = Rule(
    id='DG346',
    title='Probe or lifecycle handler targets another host',
    severity=Severity.MEDIUM,
    kind="container",
    practices=('P34',),
    peers={'pss': ('hostProbesAndHostLifecycle',)},
    cis=(),
    rationale=(
        'A probe or lifecycle hook with a `host` makes the kubelet connect to an arbitrary address from the node, which can be abused to reach node-local services; the baseline Pod Security Standard forbids setting it.'
    ),
    remediation=(
        'Remove `host` from httpGet/tcpSocket probes and lifecycle handlers (they then target the pod IP).'
    ),
    enabled_by_default=True,
    tags=("runtime",),
    examples=(
        bad('apiVersion: v1\nkind: Pod\nmetadata:\n  name: app\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      livenessProbe:\n        httpGet: {host: 169.254.169.254, path: /, port: 80}\n', 'kubernetes'),
        good('apiVersion: v1\nkind: Pod\nmetadata:\n  name: app\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      livenessProbe:\n        httpGet: {path: /, port: 80}\n', 'kubernetes'),
    ),
)


def check(spec: ContainerSpec, ctx):
    for host in spec.probe_hosts:
        yield Hit(f"{spec.name} has a probe or lifecycle handler for host {host}", line=spec.line_of("probe_hosts"), object=spec.name)
