"""DG333: /proc and /sys paths are unmasked."""

from __future__ import annotations

from dockguard.model.container import ContainerSpec
from dockguard.model.finding import Severity
from dockguard.rules.base import Hit, Rule, bad, good

RULE = Rule(
    id='DG333',
    title='/proc and /sys paths are unmasked',
    severity=Severity.HIGH,
    kind="container",
    practices=('P29',),
    peers={'pss': ('procMount',)},
    cis=(),
    rationale=(
        'The runtime masks /proc/kcore, /proc/keys, /proc/sysrq-trigger, /sys/firmware and others and mounts parts of /proc read-only; `systempaths=unconfined` (Kubernetes `procMount: Unmasked`) exposes them to the container.'
    ),
    remediation=(
        'Remove `--security-opt systempaths=unconfined` and `procMount: Unmasked`.'
    ),
    enabled_by_default=True,
    tags=("runtime",),
    examples=(
        bad('docker run --security-opt systempaths=unconfined nginx:1.27', 'docker-run'),
        good('docker run nginx:1.27', 'docker-run'),
        bad('services:\n  web:\n    image: nginx:1.27\n    security_opt:\n      - systempaths=unconfined\n', 'compose'),
        good('services:\n  web:\n    image: nginx:1.27\n', 'compose'),
        bad('apiVersion: v1\nkind: Pod\nmetadata:\n  name: app\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      securityContext:\n        procMount: Unmasked\n', 'kubernetes'),
        good('apiVersion: v1\nkind: Pod\nmetadata:\n  name: app\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      securityContext:\n        procMount: Default\n', 'kubernetes'),
    ),
)


def check(spec: ContainerSpec, ctx):
    if spec.systempaths_unconfined or (spec.proc_mount or "Default") != "Default":
        what = f"procMount {spec.proc_mount}" if spec.proc_mount else "systempaths=unconfined"
        yield Hit(f"{spec.name} unmasks /proc and /sys paths ({what})", line=spec.line_of("systempaths_unconfined", "proc_mount", "security_opt"), object=spec.name)
