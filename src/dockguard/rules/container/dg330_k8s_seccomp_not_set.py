"""DG330: No seccomp profile set (Kubernetes)."""

from __future__ import annotations

from dockguard.model.container import ContainerSpec
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Rule, bad, good

RULE = Rule(
    id='DG330',
    title='No seccomp profile set (Kubernetes)',
    severity=Severity.MEDIUM,
    kind="container",
    practices=('P29', 'P34'),
    peers={'pss': ('seccompProfile_restricted',), 'kubesec': ('SeccompAny',), 'kube-score': ('container-seccomp-profile',), 'checkov': ('CKV_K8S_31',)},
    cis=(),
    rationale=(
        "Unlike Docker, Kubernetes runs containers unconfined unless a seccomp profile is set (or the kubelet's SeccompDefault is on); the restricted Pod Security Standard requires RuntimeDefault or Localhost."
    ),
    remediation=(
        'Set `securityContext.seccompProfile.type: RuntimeDefault` on the pod (or each container).'
    ),
    enabled_by_default=True,
    tags=("runtime",),
    examples=(
        bad('apiVersion: v1\nkind: Pod\nmetadata:\n  name: app\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n', 'kubernetes'),
        good('apiVersion: v1\nkind: Pod\nmetadata:\n  name: app\nspec:\n  securityContext:\n    seccompProfile: {type: RuntimeDefault}\n  containers:\n    - name: app\n      image: nginx:1.27\n', 'kubernetes'),
        good('apiVersion: v1\nkind: Pod\nmetadata:\n  name: app\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      securityContext:\n        seccompProfile: {type: Localhost, localhostProfile: p.json}\n', 'kubernetes'),
        good('docker run nginx:1.27', 'docker-run', 'Docker applies its default profile'),
        good('services:\n  web:\n    image: nginx:1.27\n', 'compose'),
    ),
)


def check(spec: ContainerSpec, ctx):
    if spec.source == "kubernetes" and spec.seccomp is None:
        yield Hit(f"{spec.name} sets no seccomp profile (RuntimeDefault required by the restricted profile)",
                  line=spec.line_of("image"), object=spec.name)
