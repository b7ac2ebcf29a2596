"""DG326: Port published on all host interfaces."""

from __future__ import annotations

from dockguard.model.container import ContainerSpec
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Rule, bad, good

RULE = Rule(
    id='DG326',
    title='Port published on all host interfaces',
    severity=Severity.MEDIUM,
    kind="container",
    practices=('P28',),
    peers={'kics': ('451d79dc-0588-476a-ad03-3c7f0320abb3',), 'docker-bench': ('check_5_14',)},
    cis=('5.14',),
    rationale=(
        "A port published without a host address listens on every interface (0.0.0.0 and [::]) and Docker's NAT rules bypass the host firewall: a service meant for localhost or an internal network is reachable from anywhere."
    ),
    remediation=(
        'Publish on a specific address: `-p 127.0.0.1:8080:80` (compose `"127.0.0.1:8080:80"` or `host_ip: 127.0.0.1`; Kubernetes `hostIP`), or do not publish and use a network.'
    ),
    enabled_by_default=True,
    tags=("runtime",),
    examples=(
        bad('docker run -p 8080:80 nginx:1.27', 'docker-run'),
        bad('docker run -p [::]:8080:80 nginx:1.27', 'docker-run'),
        bad('docker run -P nginx:1.27', 'docker-run'),
        good('docker run -p 127.0.0.1:8080:80 nginx:1.27', 'docker-run'),
        bad('services:\n  web:\n    image: nginx:1.27\n    ports:\n      - "8080:80"\n', 'compose'),
        good('services:\n  web:\n    image: nginx:1.27\n    ports:\n      - target: 80\n        published: 8080\n        host_ip: 127.0.0.1\n', 'compose'),
        good('services:\n  web:\n    image: nginx:1.27\n    expose:\n      - "80"\n', 'compose'),
        bad('apiVersion: v1\nkind: Pod\nmetadata:\n  name: app\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      ports:\n        - {containerPort: 80, hostPort: 8080}\n', 'kubernetes'),
        good('apiVersion: v1\nkind: Pod\nmetadata:\n  name: app\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      ports:\n        - {containerPort: 80}\n', 'kubernetes'),
    ),
)


ANY = {"", "0.0.0.0", "::", "[::]", "*"}


def check(spec: ContainerSpec, ctx):
    if spec.publish_all:
        yield Hit(f"{spec.name} publishes every exposed port on all interfaces (-P)", line=spec.line_of("publish_all"), object=spec.name)
    for p in spec.ports:
        if p.host_port is None:
            continue
        if (p.host_ip or "").strip() in ANY:
            where = p.host_ip or "all interfaces"
            hp = p.host_port or "(random)"
            yield Hit(f"{spec.name} publishes {hp}->{p.container_port}/{p.protocol} on {where}",
                      line=p.line if p.line is not None else spec.line_of("ports"), object=spec.name)
