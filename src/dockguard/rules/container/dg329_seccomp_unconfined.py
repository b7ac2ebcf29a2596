"""DG329: Seccomp is disabled."""

from __future__ import annotations

from dockguard.model.container import ContainerSpec
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Rule, bad, good

RULE = Rule(
    id='DG329',
    title='Seccomp is disabled',
    severity=Severity.HIGH,
    kind="container",
    practices=('P29',),
    peers={'kics': ('404fde2c-bc4b-4371-9747-7054132ac953',), 'pss': ('seccompProfile_baseline',), 'kubesec': ('SeccompUnconfined',), 'docker-bench': ('check_5_22',), 'checkov': ('CKV_K8S_31',)},
    cis=('5.22',),
    rationale=(
        'Seccomp filters the kernel calls a container may make; `unconfined` opens the whole syscall surface (keyctl, bpf, unshare, mount …) that container escapes use.'
    ),
    remediation=(
        'Remove `seccomp=unconfined` (compose `security_opt`, Kubernetes `seccompProfile.type: Unconfined`); keep the runtime default or a tighter custom profile.'
    ),
    enabled_by_default=True,
    tags=("runtime",),
    examples=(
        bad('docker run --security-opt seccomp=unconfined nginx:1.27', 'docker-run'),
        good('docker run --security-opt seccomp=/etc/docker/seccomp-strict.json nginx:1.27', 'docker-run'),
        bad('services:\n  web:\n    image: nginx:1.27\n    security_opt:\n      - seccomp:unconfined\n', 'compose'),
        good('services:\n  web:\n    image: nginx:1.27\n    security_opt:\n      - no-new-privileges:true\n', 'compose'),
        bad('apiVersion: v1\nkind: Pod\nmetadata:\n  name: app\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      securityContext:\n        seccompProfile: {type: Unconfined}\n', 'kubernetes'),
        good('apiVersion: v1\nkind: Pod\nmetadata:\n  name: app\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      securityContext:\n        seccompProfile: {type: RuntimeDefault}\n', 'kubernetes'),
        bad('{"Image": "nginx:1.27", "HostConfig": {"SecurityOpt": ["seccomp:unconfined"]}}', 'engine-api'),
    ),
)


def check(spec: ContainerSpec, ctx):
    if (spec.seccomp or "").strip().lower() == "unconfined":
        yield Hit(f"{spec.name} runs without seccomp (unconfined)", line=spec.line_of("seccomp", "security_opt"), object=spec.name)
