"""DG316: No memory limit."""

from __future__ import annotations

from dockguard.model.container import ContainerSpec
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Rule, bad, good

RULE = Rule(
    id='DG316',
    title='No memory limit',
    severity=Severity.MEDIUM,
    kind="container",
    practices=('P26',),
    peers={'kics': ('bb9ac4f7-e13b-423d-a010-c74a1bfbe492',), 'kubesec': ('LimitsMemory',), 'kube-score': ('container-resources',), 'docker-bench': ('check_5_11',), 'checkov': ('CKV_K8S_13',)},
    cis=('5.11',),
    rationale=(
        "Without a memory limit one container can take all host memory, and the kernel's OOM killer then picks victims among the host's processes and other containers."
    ),
    remediation=(
        'docker run -m 512m; compose `mem_limit: 512m` or `deploy.resources.limits.memory: 512M`; Kubernetes `resources.limits.memory: 512Mi`.'
    ),
    enabled_by_default=True,
    tags=("runtime",),
    examples=(
        bad('docker run nginx:1.27', 'docker-run'),
        good('docker run --memory=512m nginx:1.27', 'docker-run'),
        bad('services:\n  web:\n    image: nginx:1.27\n', 'compose'),
        good('services:\n  web:\n    image: nginx:1.27\n    deploy:\n      resources:\n        limits:\n          memory: 512M\n', 'compose'),
        good('services:\n  web:\n    image: nginx:1.27\n    mem_limit: 1g\n', 'compose'),
        bad('apiVersion: v1\nkind: Pod\nmetadata:\n  name: app\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      resources:\n        requests: {memory: 128Mi}\n', 'kubernetes'),
        good('apiVersion: v1\nkind: Pod\nmetadata:\n  name: app\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      resources:\n        limits: {memory: 256Mi}\n', 'kubernetes'),
        good('{"Image": "nginx:1.27", "HostConfig": {"Memory": 536870912}}', 'engine-api'),
    ),
)


def check(spec: ContainerSpec, ctx):
    if not spec.memory or spec.memory <= 0:
        yield Hit(f"{spec.name} has no memory limit", line=spec.line_of("resources", "image"), object=spec.name)
