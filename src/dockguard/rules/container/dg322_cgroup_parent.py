"""DG322: Container uses a custom cgroup parent."""

from __future__ import annotations

from dockguard.model.container import ContainerSpec
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Rule, bad, good

RULE = Rule(
    id='DG322',
    title='Container uses a custom cgroup parent',
    severity=Severity.LOW,
    kind="container",
    practices=('P26',),
    peers={'kics': ('4d9f44c6-2f4a-4317-9bb5-267adbea0232',), 'docker-bench': ('check_5_25',)},
    cis=('5.25',),
    rationale=(
        'A --cgroup-parent places the container in a cgroup shared with other processes, so the limits and accounting of that parent apply jointly and one container can starve the others.'
    ),
    remediation=(
        'Remove --cgroup-parent (compose `cgroup_parent`) unless the cgroup is dedicated to this container and its limits are set on purpose.'
    ),
    enabled_by_default=True,
    tags=("runtime",),
    examples=(
        bad('docker run --cgroup-parent=/shared nginx:1.27', 'docker-run'),
        good('docker run nginx:1.27', 'docker-run'),
        bad('services:\n  web:\n    image: nginx:1.27\n    cgroup_parent: m-executor-abcd\n', 'compose'),
        good('services:\n  web:\n    image: nginx:1.27\n', 'compose'),
    ),
)


def check(spec: ContainerSpec, ctx):
    if spec.cgroup_parent:
        yield Hit(f"{spec.name} runs under cgroup parent {spec.cgroup_parent}", line=spec.line_of("cgroup_parent"), object=spec.name)
