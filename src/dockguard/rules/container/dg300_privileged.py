"""DG300: Container runs privileged."""

from __future__ import annotations

from dockguard.model.container import ContainerSpec
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Rule, bad, good
from dockguard.rules.container import _util as u

RULE = Rule(
    id='DG300',
    title='Container runs privileged',
    severity=Severity.CRITICAL,
    kind="container",
    practices=('P20',),
    peers={'kics': ('ae5b6871-7f45-42e0-bb4c-ab300c4d2026',), 'pss': ('privileged',), 'kubesec': ('Privileged',), 'kube-score': ('container-security-context-privileged',), 'docker-bench': ('check_5_5',), 'falco': ('Launch Privileged Container',), 'checkov': ('CKV_K8S_16',)},
    cis=('5.5',),
    rationale=(
        'A privileged container gets every capability, every host device and no seccomp, AppArmor or SELinux confinement: root in it is root on the host.'
    ),
    remediation=(
        'Remove --privileged (compose `privileged: true`, Kubernetes `securityContext.privileged: true`); add back only the capabilities and devices the workload needs.'
    ),
    enabled_by_default=True,
    tags=("runtime",),
    examples=(
        bad('docker run --privileged nginx:1.27', 'docker-run'),
        good('docker run --cap-add NET_BIND_SERVICE nginx:1.27', 'docker-run'),
        bad('services:\n  web:\n    image: nginx:1.27\n    privileged: true\n', 'compose'),
        good('services:\n  web:\n    image: nginx:1.27\n    privileged: false\n', 'compose'),
        bad('apiVersion: v1\nkind: Pod\nmetadata:\n  name: app\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      securityContext:\n        privileged: true\n', 'kubernetes'),
        good('apiVersion: v1\nkind: Pod\nmetadata:\n  name: app\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      securityContext:\n        privileged: false\n', 'kubernetes'),
        bad('{"Image": "nginx:1.27", "HostConfig": {"Privileged": true}}', 'engine-api'),
    ),
)


def check(spec: ContainerSpec, ctx):
    if spec.privileged:
        yield Hit(f"{spec.name} runs privileged ({u.flag(spec, 'privileged')})", line=spec.line_of("privileged"), object=spec.name)
