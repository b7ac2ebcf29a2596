"""DG343: Named volume written by several services."""

from __future__ import annotations

from dockguard.model.container import ContainerSpec
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Rule, bad, good

RULE = Rule(
    id='DG343',
    title='Named volume written by several services',
    severity=Severity.INFO,
    kind="container",
    practices=('P27',),
    peers={'kics': ('8c978947-0ff6-485c-b0c2-0bfca6026466',)},
    cis=(),
    rationale=(
        'A named volume mounted by several services lets one compromised service change the files another one reads (or executes).'
    ),
    remediation=(
        'Give each service its own volume, or mount the volume read-only in the services that only read it.'
    ),
    enabled_by_default=True,
    tags=("runtime",),
    examples=(
        bad('services:\n  a:\n    image: nginx:1.27\n    volumes: [data:/data]\n  b:\n    image: busybox:1.36\n    volumes: [data:/data]\nvolumes:\n  data: {}\n', 'compose'),
        good('services:\n  a:\n    image: nginx:1.27\n    volumes: [data:/data]\n  b:\n    image: busybox:1.36\n    volumes: [data:/data:ro]\nvolumes:\n  data: {}\n', 'compose'),
    ),
)


def check(spec: ContainerSpec, ctx):
    for m in spec.mounts:
        if m.type == "volume" and m.source in spec.shared_volumes and not m.read_only:
            others = ", ".join(spec.shared_volumes[m.source])
            yield Hit(f"{spec.name} mounts volume {m.source} read-write, also written by {others}",
                      line=m.line if m.line is not None else spec.line_of("mounts"), object=spec.name)
