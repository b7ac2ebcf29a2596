"""DG319: No PIDs limit."""

from __future__ import annotations

from dockguard.model.container import ContainerSpec
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Rule, bad, good

RULE = Rule(
    id='DG319',
    title='No PIDs limit',
    severity=Severity.MEDIUM,
    kind="container",
    practices=('P26',),
    peers={'kics': ('221e0658-cb2a-44e3-b08a-db96a341d6fa',), 'docker-bench': ('check_5_29',)},
    cis=('5.29',),
    rationale=(
        "Without a PIDs limit a fork bomb in one container exhausts the host's process table and takes down every other workload."
    ),
    remediation=(
        "docker run --pids-limit 200; compose `pids_limit: 200` (or `deploy.resources.limits.pids`). In Kubernetes the kubelet's podPidsLimit sets it."
    ),
    enabled_by_default=True,
    tags=("runtime",),
    examples=(
        bad('docker run nginx:1.27', 'docker-run'),
        bad('docker run --pids-limit -1 nginx:1.27', 'docker-run'),
        good('docker run --pids-limit 200 nginx:1.27', 'docker-run'),
        bad('services:\n  web:\n    image: nginx:1.27\n    pids_limit: 0\n', 'compose'),
        good('services:\n  web:\n    image: nginx:1.27\n    pids_limit: 100\n', 'compose'),
        good('{"Image": "nginx:1.27", "HostConfig": {"PidsLimit": 64}}', 'engine-api'),
    ),
)


def check(spec: ContainerSpec, ctx):
    if spec.source == "kubernetes":
        return  # set per node (kubelet podPidsLimit), not in the manifest
    if spec.pids_limit is None:
        yield Hit(f"{spec.name} has no PIDs limit", line=spec.line_of("image"), object=spec.name)
    elif spec.pids_limit <= 0:
        yield Hit(f"{spec.name} has an unlimited PIDs limit ({spec.pids_limit})", line=spec.line_of("pids_limit"), object=spec.name)
