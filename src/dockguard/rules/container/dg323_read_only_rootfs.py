"""DG323: Root filesystem is writable."""

from __future__ import annotations

from dockguard.model.container import ContainerSpec
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Rule, bad, good

RULE = Rule(
    id='DG323',
    title='Root filesystem is writable',
    severity=Severity.LOW,
    kind="container",
    practices=('P27',),
    peers={'kubesec': ('ReadOnlyRootFilesystem',), 'kube-score': ('container-security-context-readonlyrootfilesystem',), 'docker-bench': ('check_5_13',), 'checkov': ('CKV_K8S_22',)},
    cis=('5.13',),
    rationale=(
        'A writable root filesystem lets an attacker drop tools, change binaries and persist inside the container; a read-only one (with tmpfs or volumes for the paths that are written) stops that and makes drift visible.'
    ),
    remediation=(
        'docker run --read-only --tmpfs /tmp:rw,noexec,nosuid; compose `read_only: true`; Kubernetes `securityContext.readOnlyRootFilesystem: true` with emptyDir volumes for written paths.'
    ),
    enabled_by_default=True,
    tags=("runtime",),
    examples=(
        bad('docker run nginx:1.27', 'docker-run'),
        good('docker run --read-only --tmpfs /tmp:noexec,nosuid nginx:1.27', 'docker-run'),
        bad('services:\n  web:\n    image: nginx:1.27\n    read_only: false\n', 'compose'),
        good('services:\n  web:\n    image: nginx:1.27\n    read_only: true\n', 'compose'),
        bad('apiVersion: v1\nkind: Pod\nmetadata:\n  name: app\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n', 'kubernetes'),
        good('apiVersion: v1\nkind: Pod\nmetadata:\n  name: app\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      securityContext:\n        readOnlyRootFilesystem: true\n', 'kubernetes'),
    ),
)


def check(spec: ContainerSpec, ctx):
    if not spec.read_only_rootfs:
        yield Hit(f"{spec.name} has a writable root filesystem", line=spec.line_of("read_only_rootfs", "image"), object=spec.name)
