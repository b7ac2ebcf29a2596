"""DG327: Privileged host port published."""

from __future__ import annotations

from dockguard.model.container import ContainerSpec
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Rule, bad, good

RULE = Rule(
    id='DG327',
    title='Privileged host port published',
    severity=Severity.LOW,
    kind="container",
    practices=('P28',),
    peers={'kics': ('bc2908f3-f73c-40a9-8793-c1b7d5544f79',), 'docker-bench': ('check_5_8',)},
    cis=('5.8',),
    rationale=(
        'Publishing a host port below 1024 needs root on the host side and puts a container behind a port users trust to be a system service.'
    ),
    remediation=(
        'Publish a port from 1024 up (`-p 8080:80`) and let a reverse proxy or load balancer own 80/443.'
    ),
    enabled_by_default=True,
    tags=("runtime",),
    examples=(
        bad('docker run -p 127.0.0.1:80:80 nginx:1.27', 'docker-run'),
        good('docker run -p 127.0.0.1:8080:80 nginx:1.27', 'docker-run'),
        bad('services:\n  web:\n    image: nginx:1.27\n    ports:\n      - "127.0.0.1:443:8443"\n', 'compose'),
        good('services:\n  web:\n    image: nginx:1.27\n    ports:\n      - "127.0.0.1:8443:443"\n', 'compose'),
        bad('apiVersion: v1\nkind: Pod\nmetadata:\n  name: app\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      ports:\n        - {containerPort: 80, hostPort: 80, hostIP: 10.0.0.1}\n', 'kubernetes'),
        good('apiVersion: v1\nkind: Pod\nmetadata:\n  name: app\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      ports:\n        - {containerPort: 80}\n', 'kubernetes'),
    ),
)


def check(spec: ContainerSpec, ctx):
    for p in spec.ports:
        if not p.host_port:
            continue
        try:
            low = int(p.host_port.split("-")[0])
        except ValueError:
            continue
        if 0 < low < 1024:
            yield Hit(f"{spec.name} publishes privileged host port {p.host_port}", line=p.line if p.line is not None else spec.line_of("ports"), object=spec.name)
