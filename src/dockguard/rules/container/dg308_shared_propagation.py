"""DG308: Mount propagation is shared."""

from __future__ import annotations

from dockguard.model.container import ContainerSpec
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Rule, bad, good

RULE = Rule(
    id='DG308',
    title='Mount propagation is shared',
    severity=Severity.MEDIUM,
    kind="container",
    practices=('P24', 'P27'),
    peers={'kics': ('baa452f0-1f21-4a25-ace5-844e7a5f410d',), 'docker-bench': ('check_5_20',)},
    cis=('5.20',),
    rationale=(
        'With shared propagation (shared, rshared, Kubernetes Bidirectional), mounts made inside the container appear on the host: a compromised container can mount over host paths. Slave propagation (slave, rslave, HostToContainer) only brings host mounts in and is not reported.'
    ),
    remediation=(
        'Use the default private propagation (remove `bind-propagation=shared`/`:rshared`, compose `bind.propagation`, Kubernetes `mountPropagation: Bidirectional`).'
    ),
    enabled_by_default=True,
    tags=("runtime",),
    examples=(
        bad('docker run --mount type=bind,source=/mnt/data,target=/data,bind-propagation=rshared busybox:1.36', 'docker-run'),
        bad('docker run -v /mnt/data:/data:shared busybox:1.36', 'docker-run'),
        good('docker run -v /mnt/data:/data:ro busybox:1.36', 'docker-run'),
        good('docker run -v /mnt/data:/data:rslave busybox:1.36', 'docker-run', note='slave: host to container only'),
        bad('services:\n  web:\n    image: nginx:1.27\n    volumes:\n      - type: bind\n        source: /mnt/data\n        target: /data\n        bind:\n          propagation: shared\n', 'compose'),
        good('services:\n  web:\n    image: nginx:1.27\n    volumes:\n      - type: bind\n        source: /mnt/data\n        target: /data\n', 'compose'),
        bad('apiVersion: v1\nkind: Pod\nmetadata:\n  name: app\nspec:\n  volumes:\n    - name: d\n      emptyDir: {}\n  containers:\n    - name: app\n      image: nginx:1.27\n      volumeMounts:\n        - {name: d, mountPath: /data, mountPropagation: Bidirectional}\n', 'kubernetes'),
        good('apiVersion: v1\nkind: Pod\nmetadata:\n  name: app\nspec:\n  volumes:\n    - name: d\n      emptyDir: {}\n  containers:\n    - name: app\n      image: nginx:1.27\n      volumeMounts:\n        - {name: d, mountPath: /data, mountPropagation: None}\n', 'kubernetes'),
    ),
)


# Only propagation from the container to the host: slave modes receive host mounts, send none.
SHARED = {"shared", "rshared", "bidirectional"}


def check(spec: ContainerSpec, ctx):
    for m in spec.mounts:
        if m.propagation and m.propagation.lower() in SHARED:
            yield Hit(f"{spec.name} mounts {m.target} with {m.propagation} propagation",
                      line=m.line if m.line is not None else spec.line_of("mounts"), object=spec.name)
