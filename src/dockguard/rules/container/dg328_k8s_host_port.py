"""DG328: Container uses a hostPort."""

from __future__ import annotations

from dockguard.model.container import ContainerSpec
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Option, Rule, bad, good

RULE = Rule(
    id='DG328',
    title='Container uses a hostPort',
    severity=Severity.MEDIUM,
    kind="container",
    practices=('P28', 'P34'),
    peers={'pss': ('hostPorts',), 'checkov': ('CKV_K8S_26',)},
    cis=(),
    rationale=(
        "A hostPort binds the port on the node itself, bypassing Services and network policies and limiting scheduling; the Pod Security Standards' baseline profile forbids it."
    ),
    remediation=(
        'Remove `hostPort` and expose the pod through a Service (ClusterIP, NodePort or LoadBalancer) or an Ingress.'
    ),
    options=(
        Option('allowed', [], 'Host ports that are allowed.'),
    ),
    enabled_by_default=True,
    tags=("runtime",),
    examples=(
        bad('apiVersion: v1\nkind: Pod\nmetadata:\n  name: app\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      ports:\n        - {containerPort: 8080, hostPort: 8080}\n', 'kubernetes'),
        good('apiVersion: v1\nkind: Pod\nmetadata:\n  name: app\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      ports:\n        - {containerPort: 8080}\n', 'kubernetes'),
        good('docker run -p 127.0.0.1:8080:80 nginx:1.27', 'docker-run', "published ports are DG326's concern"),
        good('services:\n  web:\n    image: nginx:1.27\n    ports:\n      - "127.0.0.1:8080:80"\n', 'compose'),
    ),
)


def check(spec: ContainerSpec, ctx):
    if spec.source != "kubernetes":
        return
    allowed = {str(p) for p in ctx.options.get("allowed", [])}
    for p in spec.ports:
        if p.host_port and p.host_port != "0" and p.host_port not in allowed:
            yield Hit(f"{spec.name} uses hostPort {p.host_port}", line=p.line if p.line is not None else spec.line, object=spec.name)
