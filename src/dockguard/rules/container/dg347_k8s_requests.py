"""DG347: No resource requests (Kubernetes)."""

from __future__ import annotations

from dockguard.model.container import ContainerSpec
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Rule, bad, good

RULE = Rule(
    id='DG347',
    title='No resource requests (Kubernetes)',
    severity=Severity.LOW,
    kind="container",
    practices=('P26', 'P34'),
    peers={'kubesec': ('RequestsCPU', 'RequestsMemory'), 'kube-score': ('container-resources', 'container-ephemeral-storage-request-and-limit'), 'checkov': ('CKV_K8S_10', 'CKV_K8S_12')},
    cis=(),
    rationale=(
        'Without CPU and memory requests the scheduler cannot place the pod sensibly and it is the first evicted under pressure; kubesec and kube-score expect requests and limits (and ephemeral storage).'
    ),
    remediation=(
        'Set `resources.requests.cpu` and `resources.requests.memory` (and `limits.ephemeral-storage`).'
    ),
    enabled_by_default=True,
    tags=("runtime",),
    examples=(
        bad('apiVersion: v1\nkind: Pod\nmetadata:\n  name: app\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      resources:\n        limits: {cpu: 500m, memory: 256Mi}\n', 'kubernetes'),
        good('apiVersion: v1\nkind: Pod\nmetadata:\n  name: app\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      resources:\n        requests: {cpu: 100m, memory: 128Mi}\n', 'kubernetes'),
    ),
)


def check(spec: ContainerSpec, ctx):
    if spec.source != "kubernetes" or spec.container_type == "ephemeralContainer":
        return
    missing = [n for n, v in (("cpu", spec.requests_cpu), ("memory", spec.requests_memory)) if v is None]
    if missing:
        yield Hit(f"{spec.name} requests no {' or '.join(missing)}", line=spec.line_of("resources", "image"), object=spec.name)
