"""DG318: No CPU limit or share."""

from __future__ import annotations

from dockguard.model.container import ContainerSpec
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Rule, bad, good

RULE = Rule(
    id='DG318',
    title='No CPU limit or share',
    severity=Severity.LOW,
    kind="container",
    practices=('P26',),
    peers={'kics': ('6b610c50-99fb-4ef0-a5f3-e312fd945bc3',), 'kubesec': ('LimitsCPU',), 'kube-score': ('container-resources',), 'docker-bench': ('check_5_12',), 'checkov': ('CKV_K8S_11',)},
    cis=('5.12',),
    rationale=(
        'Without a CPU limit (or at least a CPU share, quota or cpuset) a busy or compromised container starves the host and its neighbours.'
    ),
    remediation=(
        'docker run --cpus 1.5 (or --cpu-shares/--cpu-quota/--cpuset-cpus); compose `cpus: 1.5` or `deploy.resources.limits.cpus`; Kubernetes `resources.limits.cpu`.'
    ),
    enabled_by_default=True,
    tags=("runtime",),
    examples=(
        bad('docker run nginx:1.27', 'docker-run'),
        good('docker run --cpus 0.5 nginx:1.27', 'docker-run'),
        good('docker run --cpuset-cpus 0,1 nginx:1.27', 'docker-run', 'a cpuset also bounds CPU use (docker-bench misses it)'),
        bad('services:\n  web:\n    image: nginx:1.27\n', 'compose'),
        good("services:\n  web:\n    image: nginx:1.27\n    deploy:\n      resources:\n        limits:\n          cpus: '0.50'\n", 'compose'),
        bad('apiVersion: v1\nkind: Pod\nmetadata:\n  name: app\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n', 'kubernetes'),
        good('apiVersion: v1\nkind: Pod\nmetadata:\n  name: app\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      resources:\n        limits: {cpu: 500m}\n', 'kubernetes'),
    ),
)


def check(spec: ContainerSpec, ctx):
    if any((spec.nano_cpus, spec.cpu_shares, spec.cpu_quota and spec.cpu_quota > 0, spec.cpuset_cpus)):
        return
    yield Hit(f"{spec.name} has no CPU limit, share, quota or cpuset", line=spec.line_of("resources", "image"), object=spec.name)
