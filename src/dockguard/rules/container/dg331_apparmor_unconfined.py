"""DG331: AppArmor is disabled."""

from __future__ import annotations

from dockguard.model.container import ContainerSpec
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Rule, bad, good

RULE = Rule(
    id='DG331',
    title='AppArmor is disabled',
    severity=Severity.HIGH,
    kind="container",
    practices=('P29',),
    peers={'pss': ('appArmorProfile',), 'kubesec': ('ApparmorAny',), 'docker-bench': ('check_5_2',), 'checkov': ('CKV_K8S_29',)},
    cis=('5.2',),
    rationale=(
        'AppArmor confines what files, mounts and kernel interfaces a container may touch; `unconfined` removes that layer (docker-default blocks writes to /proc and /sys and mount).'
    ),
    remediation=(
        'Remove `apparmor=unconfined` (Kubernetes `appArmorProfile.type: Unconfined` or the annotation `unconfined`); keep docker-default / RuntimeDefault or a custom profile.'
    ),
    enabled_by_default=True,
    tags=("runtime",),
    examples=(
        bad('docker run --security-opt apparmor=unconfined nginx:1.27', 'docker-run'),
        good('docker run --security-opt apparmor=docker-default nginx:1.27', 'docker-run'),
        bad('services:\n  web:\n    image: nginx:1.27\n    security_opt:\n      - apparmor:unconfined\n', 'compose'),
        good('services:\n  web:\n    image: nginx:1.27\n    security_opt:\n      - apparmor:my-profile\n', 'compose'),
        bad('apiVersion: v1\nkind: Pod\nmetadata:\n  name: app\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      securityContext:\n        appArmorProfile: {type: Unconfined}\n', 'kubernetes'),
        good('apiVersion: v1\nkind: Pod\nmetadata:\n  name: app\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      securityContext:\n        appArmorProfile: {type: RuntimeDefault}\n', 'kubernetes'),
    ),
)


def check(spec: ContainerSpec, ctx):
    if (spec.apparmor or "").strip().lower() == "unconfined":
        yield Hit(f"{spec.name} runs without AppArmor (unconfined)", line=spec.line_of("apparmor", "security_opt"), object=spec.name)
