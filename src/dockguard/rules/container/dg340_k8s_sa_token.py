"""DG340: Service-account token is mounted automatically."""

from __future__ import annotations

from dockguard.model.container import ContainerSpec
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Rule, bad, good

RULE = Rule(
    id='DG340',
    title='Service-account token is mounted automatically',
    severity=Severity.LOW,
    kind="container",
    practices=('P34',),
    peers={'kubesec': ('ServiceAccountName',), 'checkov': ('CKV_K8S_38',)},
    cis=(),
    rationale=(
        "Every pod gets a token for the Kubernetes API unless told otherwise; a compromised container can use it against the API server with the service account's permissions."
    ),
    remediation=(
        'Set `automountServiceAccountToken: false` on the pod (or its ServiceAccount) unless it talks to the API.'
    ),
    enabled_by_default=True,
    tags=("runtime",),
    examples=(
        bad('apiVersion: v1\nkind: Pod\nmetadata:\n  name: app\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n', 'kubernetes'),
        good('apiVersion: v1\nkind: Pod\nmetadata:\n  name: app\nspec:\n  automountServiceAccountToken: false\n  containers:\n    - name: app\n      image: nginx:1.27\n', 'kubernetes'),
        good('docker run nginx:1.27', 'docker-run'),
    ),
)


def check(spec: ContainerSpec, ctx):
    if spec.source == "kubernetes" and spec.automount_service_account_token is not False:
        sa = spec.service_account_name or "default"
        yield Hit(f"{spec.name} mounts the token of service account {sa}", line=spec.line_of("automount_service_account_token", "image"), object=spec.name)
